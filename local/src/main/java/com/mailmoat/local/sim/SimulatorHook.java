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
    private String demoDomain;
    private String demoCompany;
    private String demoAdmin;
    /** Where the files go when running in memory; deleted on close. */
    private Path temporary;

    private SimulatorHook(LocalOptions options, Simulator simulator) {
        this.options = options;
        this.simulator = simulator;
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
        SimulatorHook hook = new SimulatorHook(options, simulator);
        try {
            Path files = data != null ? Files.createDirectories(data.resolve("simulator"))
                    : Files.createTempDirectory("mailmoat-sim");
            hook.temporary = data == null ? files : null;
            for (Path tenant : options.simTenants()) {
                simulator.loadTenant(tenant);
            }
            if (options.demo()) {
                hook.loadDemoTenant(files);
            }
            // Mailmoat's own regional SPF includes, so a corrected record evaluates to pass.
            com.mailmoat.core.checks.OutboundRegions.from(com.mailmoat.lambda.config.Environment.system()).includeZoneRecords()
                    .forEach(simulator::putPublicDnsRecords);
            Map<String, String> properties = hook.properties;
            properties.put("M365_LOGIN_BASE_URL", simulator.baseUrl());
            properties.put("M365_GRAPH_BASE_URL", simulator.graphBaseUrl());
            // Exchange Online's admin endpoint (adminapi/beta/.../InvokeCommand) is served on the same host.
            properties.put("M365_EXCHANGE_BASE_URL", simulator.baseUrl());
            properties.put("M365_CLIENT_ID", simulator.clientId());
            properties.put("M365_CLIENT_SECRET", simulator.clientSecret());
            properties.put("M365_TRUSTED_CERT", writePem(simulator.certificate(), files.resolve("simulator-cert.pem")).toString());
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
        if (demoAdmin != null) {
            out.accept("Demo Microsoft 365 admin: " + demoAdmin);
        }
    }

    /** After the functions' configuration is set: creates the demo login and prints it. */
    public void afterStart(Consumer<String> out) {
        if (options.demo()) {
            DemoAccount.Login login = DemoAccount.create(demoDomain, demoCompany);
            out.accept("Demo console login: " + login.email() + " " + login.password());
        }
    }

    /**
     * Generates the demo tenant afresh (its mail is dated relative to now, so it always falls inside
     * the 30-day scan window) and loads it.
     */
    private void loadDemoTenant(Path files) {
        GeneratorOptions demo = GeneratorOptions.defaults();
        GeneratedTenant tenant = TenantGenerator.generate(files.resolve("demo-tenant"), demo);
        simulator.loadTenant(tenant.dir());
        demoDomain = demo.domain();
        demoCompany = demo.displayName();
        demoAdmin = tenant.globalAdmin();
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
