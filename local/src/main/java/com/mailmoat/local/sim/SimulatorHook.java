package com.mailmoat.local.sim;

import com.mailmoat.local.LocalOptions;
import com.mailmoat.local.demo.DemoAccount;
import com.mailmoat.simulator.Simulator;
import com.mailmoat.simulator.SimulatorOptions;
import com.mailmoat.simulator.generate.GeneratedTenant;
import com.mailmoat.simulator.generate.GeneratorOptions;
import com.mailmoat.simulator.generate.TenantGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The Microsoft 365 side of the local stack: the simulator runs in-process (always, so that no
 * function can ever fall back to Microsoft's real hosts), loads the {@code --sim-tenant} tenants,
 * applies {@code --sim-faults}, and hands the functions the settings that point MSAL, the Graph
 * SDK and the DNS adapter at it. With {@code --demo} it also creates the demo console login once
 * the functions' configuration is in place.
 */
public final class SimulatorHook implements AutoCloseable {
    private final LocalOptions options;
    private final Simulator simulator;
    private final Map<String, String> properties = new LinkedHashMap<>();
    /** The --demo tenant left unconnected, for trying the consent journey. */
    private DemoTenant toConnect;
    /** The --demo tenant connected to the demo login. */
    private DemoTenant connected;
    /** Which loaded tenant owns each domain (for publishing at the simulated DNS host). */
    private final Map<String, String> tenantByDomain = new java.util.concurrent.ConcurrentHashMap<>();
    private final Path dataDir;
    private Path certificateFile;
    /** Where the files go when running in memory; deleted on close. */
    private Path temporary;

    /** A generated demo tenant: its id, Global Administrator, domains and display name. */
    private record DemoTenant(String tenantId, String admin, List<String> domains, String displayName) {
        String domain() {
            return domains.get(0);
        }
    }

    private SimulatorHook(LocalOptions options, Simulator simulator, Path dataDir) {
        this.options = options;
        this.simulator = simulator;
        this.dataDir = dataDir;
    }

    /**
     * Starts the simulator, loads its tenants and prepares the functions' settings.
     *
     * @param data       the data directory, or null in memory (files then go to a temporary directory)
     * @param consoleUrl the console URL, whose {@code api/sso/callback} is the registered redirect URI
     */
    public static SimulatorHook start(LocalOptions options, Path data, String consoleUrl) throws IOException {
        String redirectUri = consoleUrl + "api/sso/callback";
        Simulator simulator = Simulator.start(SimulatorOptions.builder()
                .port(0)
                .dnsPort(0)
                .redirectUris(List.of(redirectUri))
                .faultSpec(options.simFaults())
                .build());
        SimulatorHook hook = new SimulatorHook(options, simulator, data);
        try {
            Path files = data != null ? Files.createDirectories(data.resolve("simulator"))
                    : Files.createTempDirectory("mailmoat-sim");
            hook.temporary = data == null ? files : null;
            // The demo tenants first: their users keep the plain signin-<local part> link ids on the
            // simulated sign-in page even when a --sim-tenant has users with the same local parts.
            if (options.demo()) {
                hook.loadDemoTenant(files);
            }
            for (Path tenant : options.simTenants()) {
                hook.remember(simulator.loadTenant(tenant), tenant);
            }
            // With MAILMOAT_OUTBOUND_DELIVERY=true, Mailmoat's own regional SPF includes, so a corrected
            // record evaluates to pass; without it (the default) there is nothing to include and none are served.
            com.mailmoat.core.checks.OutboundRegions.from(com.mailmoat.lambda.config.Environment.system()).includeZoneRecords()
                    .forEach(simulator::putPublicDnsRecords);
            Map<String, String> properties = hook.properties;
            properties.put("M365_LOGIN_BASE_URL", simulator.baseUrl());
            properties.put("M365_GRAPH_BASE_URL", simulator.graphBaseUrl());
            // Exchange Online's admin endpoint (adminapi/beta/.../InvokeCommand) is served on the same host.
            properties.put("M365_EXCHANGE_BASE_URL", simulator.baseUrl());
            properties.put("M365_CLIENT_ID", simulator.clientId());
            properties.put("M365_CLIENT_SECRET", simulator.clientSecret());
            hook.certificateFile = writePem(simulator.certificate(), files.resolve("simulator-cert.pem"));
            properties.put("M365_TRUSTED_CERT", hook.certificateFile.toString());
            properties.put("M365_REDIRECT_URI", redirectUri);
            if (simulator.dnsPort() > 0) {
                properties.put("DNS_RESOLVER", "127.0.0.1:" + simulator.dnsPort());
            }
            return hook;
        } catch (IOException | RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    /** The running simulator. */
    public Simulator simulator() {
        return simulator;
    }

    /** System properties for the functions (simulator URLs, client credentials, DNS resolver). */
    public Map<String, String> systemProperties() {
        return properties;
    }

    /** Prints where the simulator (and its DNS server, and with --demo the demo tenant's admin) are. */
    public void printAddresses(Consumer<String> out) {
        out.accept("Microsoft 365 simulator: " + simulator.baseUrl() + "/");
        if (simulator.dnsPort() > 0) {
            out.accept("Simulated DNS: 127.0.0.1:" + simulator.dnsPort());
        }
        if (toConnect != null) {
            out.accept("Demo Microsoft 365 admin: " + toConnect.admin());
        }
    }

    /**
     * After the functions' configuration is set: prepares the demo login (connected to its own
     * tenant, first Threat Scan requested) and prints it, then the two demo tenants' ids and
     * domains (for the DNS walk) and where the simulator's self-signed certificate is.
     */
    public void afterStart(Consumer<String> out) {
        if (options.demo()) {
            DemoAccount.Login login = DemoAccount.prepare(dataDir, new DemoAccount.Tenant(connected.tenantId(),
                    connected.domain(), connected.domains(), connected.displayName()));
            out.accept("Demo console login: " + login.email() + " " + login.password());
            out.accept("Demo console tenant: " + connected.tenantId() + " " + connected.domain());
            out.accept("Demo Microsoft 365 tenant: " + toConnect.tenantId() + " " + toConnect.domain());
        }
        if (certificateFile != null) {
            out.accept("Simulator certificate: " + certificateFile);
        }
    }

    /** The loaded tenant that owns {@code name} (a domain or a name under it), if any. */
    public java.util.Optional<String> tenantOwning(String name) {
        String candidate = name.toLowerCase(java.util.Locale.ROOT);
        while (true) {
            String tenant = tenantByDomain.get(candidate);
            if (tenant != null) {
                return java.util.Optional.of(tenant);
            }
            int dot = candidate.indexOf('.');
            if (dot < 0) {
                return java.util.Optional.empty();
            }
            candidate = candidate.substring(dot + 1);
        }
    }

    /** The simulator's certificate file (PEM). */
    public Path certificateFile() {
        return certificateFile;
    }

    /**
     * Generates the two demo tenants afresh (their mail is dated relative to now, so it always falls
     * inside the 30-day scan window) and loads them: Contoso, left unconnected for trying the consent
     * journey (loaded first, so its users keep the plain {@code signin-<local part>} link ids), and
     * Northwind, which the demo login is connected to.
     */
    private void loadDemoTenant(Path files) {
        toConnect = generate(files.resolve("demo-tenant"), GeneratorOptions.defaults());
        connected = generate(files.resolve("demo-tenant-connected"), GeneratorOptions.defaults().withSeed(7)
                .withDomain("northwind-demo.example", "Northwind Demo").withMailboxes(10)
                .withMessagesPerMailboxPerDay(2.5));
        simulator.grantConsent(connected.tenantId());
    }

    private DemoTenant generate(Path dir, GeneratorOptions options) {
        GeneratedTenant tenant = TenantGenerator.generate(dir, options);
        String tenantId = simulator.loadTenant(tenant.dir());
        List<String> domains = remember(tenantId, tenant.dir());
        return new DemoTenant(tenantId, tenant.globalAdmin(), domains.isEmpty() ? List.of(options.domain()) : domains,
                options.displayName());
    }

    /** Notes which domains the tenant loaded from {@code dir} owns (its tenant.json); returns them. */
    private List<String> remember(String tenantId, Path dir) {
        try {
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(dir.resolve("tenant.json").toFile());
            List<String> domains = new java.util.ArrayList<>();
            json.path("domains").forEach(d -> domains.add(d.asText().toLowerCase(java.util.Locale.ROOT)));
            domains.forEach(d -> tenantByDomain.put(d, tenantId));
            return domains;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path writePem(X509Certificate certificate, Path file) throws IOException {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
            return file.toAbsolutePath();
        } catch (CertificateEncodingException e) {
            throw new IOException("Cannot encode the simulator's certificate", e);
        }
    }

    @Override
    public void close() {
        simulator.close();
        if (temporary != null) {
            try (Stream<Path> files = Files.walk(temporary)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A temporary directory left behind is harmless.
            }
        }
    }
}
