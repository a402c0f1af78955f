package com.mailmoat.simulator;

import com.mailmoat.dnsserver.LoopbackDnsServer;
import com.mailmoat.simulator.internal.admin.AdminHandler;
import com.mailmoat.simulator.internal.admin.MailboxControl;
import com.mailmoat.simulator.internal.exchange.ExchangeHandler;
import com.mailmoat.simulator.internal.graph.DeltaTokens;
import com.mailmoat.simulator.internal.graph.GraphService;
import com.mailmoat.simulator.internal.http.Json;
import com.mailmoat.simulator.internal.http.SimRequest;
import com.mailmoat.simulator.internal.http.SimResponse;
import com.mailmoat.simulator.internal.login.AppRegistration;
import com.mailmoat.simulator.internal.login.LoginHandler;
import com.mailmoat.simulator.internal.login.Permissions;
import com.mailmoat.simulator.internal.login.SigningKey;
import com.mailmoat.simulator.internal.login.TokenService;
import com.mailmoat.simulator.internal.notify.SubscriptionService;
import com.mailmoat.simulator.internal.tenant.Mailbox;
import com.mailmoat.simulator.internal.tenant.StoredMessage;
import com.mailmoat.simulator.internal.tenant.Tenant;
import com.mailmoat.simulator.internal.tenant.TenantLoader;
import com.mailmoat.simulator.internal.tenant.TenantRegistry;
import com.mailmoat.simulator.internal.tenant.User;
import com.mailmoat.simulator.internal.tls.SelfSignedCertificate;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated Microsoft 365 in one HTTPS server on 127.0.0.1: the identity platform
 * ({@code login.microsoftonline.com}: tokens with app roles, OIDC sign-in, admin consent), Microsoft Graph
 * v1.0 (directory; mail with immutable ids, delta and change-notification subscriptions that POST to
 * loopback webhooks), Exchange Online's admin {@code InvokeCommand} endpoint (transport rules, ARC,
 * connectors) and the simulator's own {@code /_sim} control endpoints, optionally with a loopback DNS
 * server serving the tenants' DNS records. Tests and the local runtime point the real
 * MSAL4J and Graph SDK at it by base URL, trusting {@link #certificate()}.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
 *     String tenantId = sim.loadTenant(Path.of("tenants/contoso"));
 *     sim.grantConsent(tenantId);                       // or run the admin-consent flow
 *     // authority: sim.baseUrl() + "/" + tenantId + "/", Graph: sim.graphBaseUrl()
 * }
 * }</pre>
 */
public final class Simulator implements AutoCloseable {
    /**
     * Microsoft's own public DNS that tenants' records point at: Exchange Online's SPF include, so
     * a tenant's {@code include:spf.protection.outlook.com} evaluates as it does on the internet.
     */
    private static final Map<String, Map<String, List<String>>> MICROSOFT_DNS = Map.of(
            "spf.protection.outlook.com", Map.of("TXT", List.of(
                    "v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:52.102.0.0/16 "
                            + "ip4:52.103.0.0/17 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/49 "
                            + "include:spfd.protection.outlook.com -all")),
            "spfd.protection.outlook.com", Map.of("TXT", List.of(
                    "v=spf1 ip4:51.4.72.0/24 ip4:51.5.72.0/24 ip4:51.5.80.0/27 ip4:20.47.149.138/32 "
                            + "ip4:51.4.80.0/27 ip6:2a01:4180:4051:0800::/64 ip6:2a01:4180:4050:0800::/64 -all")));


    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    private final SimulatorOptions options;
    private final SelfSignedCertificate tls;
    private final TenantRegistry tenants = new TenantRegistry();
    private final AppRegistration app;
    private final TokenService tokens;
    private final Faults faults;
    private final LoginHandler login;
    private final GraphService graph;
    private final SubscriptionService subscriptions;
    private final DeltaTokens deltaTokens;
    private final AdminHandler admin;
    private final ExchangeHandler exchangeAdmin;
    private final HttpsServer server;
    private final ExecutorService workers;
    private final LoopbackDnsServer dns;
    private final String baseUrl;

    private Simulator(SimulatorOptions options) throws IOException {
        this.options = options;
        this.tls = SelfSignedCertificate.generate();
        this.app = new AppRegistration(options.clientId(), options.clientSecret(), options.redirectUris(),
                options.appDisplayName());
        SigningKey signingKey = SigningKey.generate();
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), options.port()), 0);
        this.baseUrl = "https://127.0.0.1:" + server.getAddress().getPort();
        this.tokens = new TokenService(signingKey, this::baseUrl, options.tokenLifetime());
        this.faults = new Faults(tokens::expireAll, options.subscriptionMaxMinutes()).apply(options.faultSpec());
        this.login = new LoginHandler(tenants, app, tokens, signingKey, this::baseUrl);
        this.subscriptions = new SubscriptionService(faults);
        this.deltaTokens = new DeltaTokens();
        this.graph = new GraphService(tenants, tokens, faults, this::graphBaseUrl, this::baseUrl, subscriptions,
                deltaTokens);
        this.dns = options.dnsPort() >= 0 ? LoopbackDnsServer.start(options.dnsPort()) : null;
        if (dns != null) {
            MICROSOFT_DNS.forEach(dns::putRecords);
        }
        this.exchangeAdmin = new ExchangeHandler(tenants, tokens, this::baseUrl);
        this.admin = new AdminHandler(tenants, options.clientId(), this::publishDns, subscriptions, deltaTokens, faults,
                this::loadTenant);
        this.workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sim-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        server.createContext("/", this::exchange);
        server.setExecutor(workers);
        server.start();
    }

    /** Starts the simulator (HTTPS on 127.0.0.1; {@code options.port() == 0} picks a free port). */
    public static Simulator start(SimulatorOptions options) {
        try {
            Simulator simulator = new Simulator(options);
            LOG.info("Microsoft 365 simulator listening on {}{}", simulator.baseUrl,
                    simulator.dns == null ? "" : " (DNS on " + simulator.dns.address() + ")");
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Microsoft 365 simulator", e);
        }
    }

    /** {@code https://127.0.0.1:PORT}; the login authority of a tenant is {@code baseUrl() + "/" + tenant + "/"}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@code baseUrl() + "/v1.0"}: where a Graph client's base URL points. */
    public String graphBaseUrl() {
        return baseUrl + "/v1.0";
    }

    /** The server's self-signed certificate (SAN 127.0.0.1 and localhost), for clients to trust. */
    public X509Certificate certificate() {
        return tls.certificate();
    }

    /** A client TLS context that trusts this simulator's certificate and nothing else. */
    public SSLContext clientSslContext() {
        return tls.clientContext();
    }

    /**
     * Instance-discovery metadata for MSAL4J's {@code aadInstanceDiscoveryResponse(...)} builder option.
     *
     * <p>Why: MSAL4J 1.26.0 with {@code instanceDiscovery(false)} stores tokens under the authority's
     * host without its port ({@code 127.0.0.1}) but looks them up under host and port
     * ({@code 127.0.0.1:PORT}), so with any authority on a non-443 port its token cache never hits and
     * every {@code acquireToken} goes to the token endpoint. Handing MSAL this metadata, which makes
     * both spellings aliases of one another, restores caching. No network call is made for it.
     */
    public String msalInstanceDiscoveryMetadata() {
        String hostAndPort = "127.0.0.1:" + server.getAddress().getPort();
        return "{\"tenant_discovery_endpoint\":\"" + baseUrl + "/organizations/v2.0/.well-known/openid-configuration\","
                + "\"api-version\":\"1.1\",\"metadata\":[{\"preferred_network\":\"127.0.0.1\","
                + "\"preferred_cache\":\"127.0.0.1\",\"aliases\":[\"127.0.0.1\",\"" + hostAndPort + "\"]}]}";
    }

    /** The app registration's client id and secret the login endpoints accept. */
    public String clientId() {
        return options.clientId();
    }

    public String clientSecret() {
        return options.clientSecret();
    }

    /** Registers one more exact redirect URI (once any is registered, only registered ones are accepted). */
    public void addRedirectUri(String redirectUri) {
        app.addRedirectUri(redirectUri);
    }

    /**
     * Loads a tenant directory and publishes its DNS records (to the DNS server, when running):
     * <pre>
     * tenant.json   {"tenantId", "displayName", "domains": [...], "isTrial": false,
     *                "globalAdmins": ["upn", ...], "dns": {"name": {"TXT": [...], "MX": [...]}}}
     * users.json    [{"id", "userPrincipalName", "mail", "displayName"}, ...]  (id optional; mail null = no mailbox)
     * groups.json   [{"id", "displayName", "members": ["upn", ...]}, ...]     (optional)
     * mailboxes/&lt;upn&gt;/messages.json  [{"file", "receivedDateTime", "folder", "threat", "isRead"}, ...]
     * mailboxes/&lt;upn&gt;/*.eml
     * </pre>
     * {@code folder} is a well-known name (default {@code inbox}) or a top-level folder's display name.
     * {@code threat} only feeds {@link TenantSummary#plantedThreats()}. The app has not consented in a
     * freshly loaded tenant: run the consent page or call {@link #grantConsent}.
     *
     * @return the tenant id
     * @throws IllegalArgumentException if the directory is malformed or the tenant id is already loaded
     */
    public String loadTenant(Path dir) {
        Tenant tenant = TenantLoader.load(dir);
        tenants.add(tenant);
        tenant.setMailListener(change -> subscriptions.onMailChange(tenant, change));
        if (dns != null) {
            tenant.dns().keySet().forEach(name -> publishDns(tenant, name));
        }
        LOG.info("Loaded tenant {} ({}) with {} mailboxes", tenant.tenantId(), tenant.displayName(),
                tenant.mailboxes().size());
        return tenant.tenantId();
    }

    /** The ids of every loaded tenant, in load order. */
    public List<String> tenantIds() {
        return tenants.all().stream().map(Tenant::tenantId).toList();
    }

    /** Live fault settings for Graph calls; change them at any time. */
    public Faults faults() {
        return faults;
    }

    /** The tenant's state at a glance (also served at {@code GET /_sim/tenants/{tenantId}/summary}). */
    public TenantSummary summary(String tenantId) {
        return admin.summary(tenant(tenantId));
    }

    /**
     * Records the app's admin consent for a tenant, as accepting the consent page does: every application
     * role Mailmoat's registration asks for (User.Read.All, Mail.Read, Mail.ReadWrite, Organization.Read.All,
     * Domain.Read.All, GroupMember.Read.All, Exchange.ManageAsApp).
     */
    public void grantConsent(String tenantId) {
        grantConsent(tenantId, Set.copyOf(Permissions.MAILMOAT_ROLES));
    }

    /**
     * Records consent granting exactly these application roles (e.g. {@code Set.of("Mail.Read")}): app-only
     * tokens issued from now on carry them in their {@code roles} claim and Graph refuses calls they do not
     * cover (403). Replaces an earlier grant.
     */
    public void grantConsent(String tenantId, Set<String> roles) {
        for (String role : roles) {
            if (!Permissions.known().contains(role)) {
                throw new IllegalArgumentException("Unknown application role " + role + "; known: "
                        + Permissions.known());
            }
        }
        tenant(tenantId).grantConsent(options.clientId(), roles);
    }

    /** Withdraws consent: client-credential tokens are refused ({@code AADSTS65001}) until consent is granted again. */
    public void revokeConsent(String tenantId) {
        tenant(tenantId).revokeConsent(options.clientId());
    }

    public boolean hasConsented(String tenantId) {
        return tenant(tenantId).hasConsented(options.clientId());
    }

    /** The Global Administrators' user principal names of a tenant, as seeded. */
    public List<String> globalAdmins(String tenantId) {
        Tenant tenant = tenant(tenantId);
        return tenant.users().stream().filter(tenant::isGlobalAdmin).map(User::userPrincipalName).toList();
    }

    /**
     * Delivers a new message into a mailbox (as mail arriving now would).
     *
     * @param folder a well-known folder name such as {@code inbox}, or a folder id
     * @return the new message's Graph id
     */
    public String deliver(String tenantId, String userPrincipalName, byte[] mime, Instant received, String folder) {
        Tenant tenant = tenant(tenantId);
        User user = tenant.user(userPrincipalName).orElseThrow(() ->
                new IllegalArgumentException("No user " + userPrincipalName + " in tenant " + tenantId));
        Mailbox mailbox = tenant.mailbox(user.id()).orElseThrow(() ->
                new IllegalArgumentException(userPrincipalName + " has no mailbox"));
        String folderId = mailbox.folder(folder).orElseThrow(() ->
                new IllegalArgumentException("No folder " + folder + " in " + userPrincipalName)).id();
        StoredMessage message = mailbox.deliver(mime, received, folderId, false, false);
        return message.id();
    }

    /**
     * Delivers a new message (as mail arriving would: Graph subscriptions are notified) and says where it is.
     *
     * @param folder a well-known folder name, a folder's display name or a folder id
     */
    public SimMessage deliverMessage(String tenantId, String userPrincipalName, byte[] mime, Instant received,
                                     String folder) {
        return MailboxControl.deliver(tenant(tenantId), userPrincipalName, mime, received, folder);
    }

    /** Every message of a mailbox with both its ids and its folder, newest first. */
    public List<SimMessage> messages(String tenantId, String userPrincipalName) {
        return MailboxControl.list(tenant(tenantId), userPrincipalName);
    }

    /** Every folder of a mailbox with its {@code isHidden}, hidden ones included (Graph's lists leave them out). */
    public List<SimFolder> folders(String tenantId, String userPrincipalName) {
        return MailboxControl.folders(tenant(tenantId), userPrincipalName);
    }

    /**
     * Moves a message as its owner would (between our scan and our remediation, say): the REST id
     * changes, the immutable id stays.
     *
     * @param messageId either id of the message
     * @param folder    a well-known folder name, a folder's display name or a folder id
     */
    public SimMessage moveMessage(String tenantId, String userPrincipalName, String messageId, String folder) {
        return MailboxControl.move(tenant(tenantId), userPrincipalName, messageId, folder);
    }

    /** Deletes a message for good, as its owner emptying it would; false if there was no such message. */
    public boolean deleteMessage(String tenantId, String userPrincipalName, String messageId) {
        return MailboxControl.delete(tenant(tenantId), userPrincipalName, messageId);
    }

    /**
     * Whether Mailmoat's service principal holds an Exchange role in the tenant (seeded by
     * {@code tenant.json} {@code "exchangeRoleAssigned"}, default true). Without one, the Exchange admin
     * endpoint refuses every cmdlet with 401, as Exchange does.
     */
    public void setExchangeRoleAssigned(String tenantId, boolean assigned) {
        tenant(tenantId).exchange().setRoleAssigned(assigned);
    }

    /** The names of the tenant's Exchange transport rules in priority order (priority 0 first). */
    public List<String> transportRuleNames(String tenantId) {
        return tenant(tenantId).exchange().rules().stream().map(r -> r.name()).toList();
    }

    /** The loopback DNS server's port, or -1 when the simulator runs without one. */
    public int dnsPort() {
        return dns == null ? -1 : dns.port();
    }

    /** Replaces a name's DNS records in a tenant (and in the DNS server), like {@code PUT /_sim/tenants/{id}/dns/{name}}. */
    public void putDnsRecords(String tenantId, String name, Map<String, List<String>> recordsByType) {
        admin.setDns(tenant(tenantId), name, new LinkedHashMap<>(recordsByType));
    }

    /**
     * Publishes records outside any tenant's zone (e.g. a mail provider's SPF include), as the rest
     * of the internet would answer them; no-op without a DNS server.
     */
    public void putPublicDnsRecords(String name, Map<String, List<String>> recordsByType) {
        if (dns != null) {
            dns.putRecords(name, recordsByType);
        }
    }

    /** Stops the HTTPS server (and DNS server); idempotent. */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        graph.close();
        subscriptions.close();
        if (dns != null) {
            dns.close();
        }
    }

    private Tenant tenant(String tenantId) {
        return tenants.byId(tenantId).orElseThrow(() -> new IllegalArgumentException("No tenant " + tenantId));
    }

    private void publishDns(Tenant tenant, String name) {
        if (dns == null) {
            return;
        }
        Map<String, List<String>> records = tenant.dns().get(name);
        if (records == null) {
            dns.removeName(name);
        } else {
            dns.putRecords(name, records);
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            SimRequest request = new SimRequest(exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers, body);
            SimResponse response = route(request);
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] payload = response.body();
            boolean noBody = payload.length == 0 || request.method().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : payload.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(payload);
                }
            }
        }
    }

    private SimResponse route(SimRequest request) {
        try {
            String path = request.rawPath();
            if (path.equals("/v1.0") || path.startsWith("/v1.0/")) {
                return graph.handle(request);
            }
            if (path.startsWith("/_sim/")) {
                return admin.handle(request);
            }
            if (path.startsWith("/adminapi/")) {
                return exchangeAdmin.handle(request);
            }
            Optional<SimResponse> answer = login.handle(request);
            return answer.orElseGet(() -> SimResponse.json(404, Json.object().put("error", "not_found")
                    .put("error_description", "The simulator serves no " + request.method() + " " + path)));
        } catch (RuntimeException e) {
            LOG.warn("Simulator failed on {} {}", request.method(), request.rawPath(), e);
            return SimResponse.json(500, Json.object().put("error", "simulator_error").put("error_description",
                    String.valueOf(e.getMessage())));
        }
    }
}
