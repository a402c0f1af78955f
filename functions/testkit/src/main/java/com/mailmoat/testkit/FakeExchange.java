package com.mailmoat.testkit;

import com.mailmoat.core.exchange.ExchangeAdmin;
import com.mailmoat.core.exchange.ExchangeCommandException;
import com.mailmoat.core.exchange.ExchangeRoleMissingException;
import com.mailmoat.core.exchange.TransportRule;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.TenantAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Exchange Online's transport rules of one or more tenants, renumbered as Exchange does (a rule
 * created at priority N pushes N and the rules after it down), with switchable refusals: no
 * {@code Exchange.ManageAsApp} ({@link #permissions}), no Exchange role, throttling. Also the
 * tenant's granted permissions ({@link TenantAccess}).
 */
public final class FakeExchange implements ExchangeAdmin, TenantAccess {
    private final Map<String, List<TransportRule>> rules = new LinkedHashMap<>();
    /** The permissions granted in every tenant. */
    public Set<String> permissions = new TreeSet<>(Set.of("User.Read.All", "GroupMember.Read.All",
            "Organization.Read.All", "Mail.Read", "Mail.ReadWrite", "Exchange.ManageAsApp"));
    public boolean roleAssigned = true;
    /** Calls left that answer 429 before the next ones succeed. */
    public int throttledCalls;
    /** New-TransportRule calls made (to prove nothing was created twice). */
    public int creations;
    public int tokensForgotten;

    public synchronized void seed(String tenantId, String name, Map<String, Object> parameters) {
        List<TransportRule> list = rules.computeIfAbsent(tenantId, t -> new ArrayList<>());
        list.add(new TransportRule(name, "guid-" + name, list.size(), true, parameters));
    }

    @Override
    public synchronized List<TransportRule> transportRules(String tenantId) {
        check();
        List<TransportRule> list = rules.getOrDefault(tenantId, List.of());
        List<TransportRule> numbered = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            TransportRule r = list.get(i);
            numbered.add(new TransportRule(r.name(), r.guid(), i, r.enabled(), r.parameters()));
        }
        return numbered;
    }

    @Override
    public synchronized TransportRule newTransportRule(String tenantId, String name, int priority, Map<String, Object> parameters) {
        check();
        List<TransportRule> list = rules.computeIfAbsent(tenantId, t -> new ArrayList<>());
        if (list.stream().anyMatch(r -> r.name().equalsIgnoreCase(name))) {
            throw new ExchangeCommandException("A rule with the name '" + name + "' already exists.",
                    "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException");
        }
        if (priority < 0 || priority > list.size()) {
            throw new ExchangeCommandException("priority out of range", "Microsoft.Exchange.Configuration.Tasks.ArgumentException");
        }
        creations++;
        TransportRule rule = new TransportRule(name, "guid-" + name, priority, true, parameters);
        list.add(priority, rule);
        return rule;
    }

    @Override
    public synchronized void setTransportRule(String tenantId, String identity, Integer priority, Map<String, Object> parameters) {
        check();
        List<TransportRule> list = rules.computeIfAbsent(tenantId, t -> new ArrayList<>());
        int at = index(list, identity);
        TransportRule old = list.remove(at);
        Map<String, Object> merged = new LinkedHashMap<>(old.parameters());
        merged.putAll(parameters);
        list.add(priority == null ? at : priority, new TransportRule(old.name(), old.guid(), 0, old.enabled(), merged));
    }

    @Override
    public synchronized void removeTransportRule(String tenantId, String identity) {
        check();
        List<TransportRule> list = rules.computeIfAbsent(tenantId, t -> new ArrayList<>());
        list.remove(index(list, identity));
    }

    @Override
    public List<String> acceptedDomains(String tenantId) {
        check();
        return List.of();
    }

    @Override
    public List<String> connectors(String tenantId) {
        check();
        return List.of();
    }

    /** The rules' names, priority 0 first. */
    public synchronized List<String> names(String tenantId) {
        return rules.getOrDefault(tenantId, List.of()).stream().map(TransportRule::name).toList();
    }

    @Override
    public Set<String> grantedPermissions(String tenantId) {
        return Set.copyOf(permissions);
    }

    @Override
    public int forgetTokens(String tenantId) {
        tokensForgotten++;
        return 1;
    }

    private void check() {
        if (throttledCalls > 0) {
            throttledCalls--;
            throw new MicrosoftThrottledException("Exchange throttled", Duration.ofSeconds(1));
        }
        if (!permissions.contains("Exchange.ManageAsApp")) {
            throw new MicrosoftAccessDeniedException("403 Forbidden: no Exchange.ManageAsApp", "Forbidden", null);
        }
        if (!roleAssigned) {
            throw new ExchangeRoleMissingException("401: User is not allowed to call the cmdlet", null);
        }
    }

    private static int index(List<TransportRule> list, String identity) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equalsIgnoreCase(identity)) {
                return i;
            }
        }
        throw new ExchangeCommandException("The operation couldn't be performed because object '" + identity
                + "' couldn't be found.", "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException");
    }
}
