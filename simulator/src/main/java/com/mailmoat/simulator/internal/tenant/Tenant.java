package com.mailmoat.simulator.internal.tenant;

import com.mailmoat.simulator.internal.exchange.ExchangeState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One simulated Microsoft 365 tenant: directory (users, groups, Global Administrators),
 * mailboxes, DNS records and which apps an administrator has consented to.
 */
public final class Tenant {

    /** Entra ID's built-in Global Administrator role template id. */
    public static final String GLOBAL_ADMIN_TEMPLATE_ID = "62e90394-69f5-4237-9190-012177145e10";

    private final String tenantId;
    private final String displayName;
    private final List<String> domains;
    private final boolean trial;
    private final Set<String> globalAdminUpns;
    private final Instant createdDateTime;
    private final Map<String, Map<String, List<String>>> dns = new ConcurrentHashMap<>();
    private final Map<String, User> usersById = new LinkedHashMap<>();
    private final Map<String, Group> groupsById = new LinkedHashMap<>();
    private final Map<String, Mailbox> mailboxesByUserId = new LinkedHashMap<>();
    /** Client id → the application roles an administrator granted it. */
    private final Map<String, Set<String>> consents = new ConcurrentHashMap<>();
    private final TenantCounters counters = new TenantCounters();
    private final ChurnLog churn = new ChurnLog();
    private final ExchangeState exchange;
    private volatile Consumer<MailChange> mailListener = change -> { };

    public Tenant(String tenantId, String displayName, List<String> domains, boolean trial, Set<String> globalAdminUpns,
                  Map<String, Map<String, List<String>>> dns) {
        this.tenantId = tenantId;
        this.displayName = displayName;
        this.domains = List.copyOf(domains);
        this.trial = trial;
        this.globalAdminUpns = Set.copyOf(globalAdminUpns.stream().map(u -> u.toLowerCase(Locale.ROOT)).toList());
        this.createdDateTime = Instant.now().minusSeconds(400L * 24 * 3600);
        this.dns.putAll(dns);
        this.exchange = new ExchangeState(tenantId);
    }

    /** The tenant's Exchange Online mail-flow configuration (transport rules, ARC, connectors). */
    public ExchangeState exchange() {
        return exchange;
    }

    public String tenantId() {
        return tenantId;
    }

    public String displayName() {
        return displayName;
    }

    public List<String> domains() {
        return domains;
    }

    public boolean isTrial() {
        return trial;
    }

    public Instant createdDateTime() {
        return createdDateTime;
    }

    /** The tenant's activated Global Administrator directoryRole object id (stable per tenant). */
    public String globalAdminRoleId() {
        return UUID.nameUUIDFromBytes((tenantId + "/directoryRole/" + GLOBAL_ADMIN_TEMPLATE_ID)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    public boolean isGlobalAdmin(User user) {
        return globalAdminUpns.contains(user.userPrincipalName().toLowerCase(Locale.ROOT));
    }

    /** DNS records by name, then record type; live, so {@code PUT /_sim/.../dns} changes show here. */
    public Map<String, Map<String, List<String>>> dns() {
        return dns;
    }

    public synchronized void addUser(User user) {
        usersById.put(user.id(), user);
        if (user.mail() != null && !user.mail().isBlank()) {
            mailboxesByUserId.put(user.id(), new Mailbox(user, change -> mailListener.accept(change)));
        }
    }

    public synchronized void addGroup(Group group) {
        groupsById.put(group.id(), group);
    }

    public synchronized List<User> users() {
        return new ArrayList<>(usersById.values());
    }

    public synchronized List<Group> groups() {
        return new ArrayList<>(groupsById.values());
    }

    /** A user by object id or user principal name (case-insensitive), as Graph's {@code /users/{id|upn}}. */
    public synchronized Optional<User> user(String idOrUpn) {
        User byId = usersById.get(idOrUpn);
        if (byId != null) {
            return Optional.of(byId);
        }
        return usersById.values().stream()
                .filter(u -> u.userPrincipalName().equalsIgnoreCase(idOrUpn) || u.id().equalsIgnoreCase(idOrUpn))
                .findFirst();
    }

    public synchronized Optional<Group> group(String id) {
        return Optional.ofNullable(groupsById.get(id));
    }

    public synchronized Optional<Mailbox> mailbox(String userId) {
        return Optional.ofNullable(mailboxesByUserId.get(userId));
    }

    public synchronized List<Mailbox> mailboxes() {
        return new ArrayList<>(mailboxesByUserId.values());
    }

    public boolean hasConsented(String clientId) {
        return consents.containsKey(clientId);
    }

    /** Records consent granting exactly these application roles (replacing an earlier grant). */
    public void grantConsent(String clientId, Set<String> roles) {
        consents.put(clientId, Set.copyOf(roles));
    }

    public void revokeConsent(String clientId) {
        consents.remove(clientId);
    }

    /** The application roles granted to a client (empty without consent). */
    public Set<String> grantedRoles(String clientId) {
        return consents.getOrDefault(clientId, Set.of());
    }

    /** Graph call and MIME fetch counters. */
    public TenantCounters counters() {
        return counters;
    }

    /** What the churn fault did. */
    public ChurnLog churn() {
        return churn;
    }

    /** Told about every delivery, move and deletion in the tenant's mailboxes from now on. */
    public void setMailListener(Consumer<MailChange> listener) {
        this.mailListener = listener == null ? change -> { } : listener;
    }

    /** Whether this tenant answers to the given id or one of its domain names. */
    public boolean answersTo(String idOrDomain) {
        return tenantId.equalsIgnoreCase(idOrDomain) || domains.stream().anyMatch(d -> d.equalsIgnoreCase(idOrDomain));
    }
}
