package com.mailmoat.adapters.m365;

import com.mailmoat.simulator.Simulator;
import com.mailmoat.simulator.SimulatorOptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One in-process simulator for the whole test run (seeding 2,500 messages once), shared by every
 * contract test class. JUnit closes it when the run ends.
 *
 * <p>Adapters reach it exactly as in the local runtime: https authority and Graph base URL on
 * 127.0.0.1 and the simulator's certificate given as a PEM file ({@code M365_TRUSTED_CERT}).
 */
final class SharedSimulator implements BeforeAllCallback {
    static final URI REDIRECT_URI = URI.create("http://127.0.0.1:9/api/sso/callback");

    private static Running running;

    record Running(Simulator simulator, MicrosoftConfig config, Path workDirectory) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws IOException {
            simulator.close();
            try (Stream<Path> files = Files.walk(workDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedSimulator.class, key -> start(), Running.class);
    }

    static synchronized Running start() {
        if (running == null) {
            try {
                Path work = Files.createTempDirectory("mailmoat-m365-contract");
                TestTenant.writeMain(work.resolve("main"));
                TestTenant.writeTrial(work.resolve("trial"));
                Simulator simulator = Simulator.start(SimulatorOptions.defaults());
                simulator.loadTenant(work.resolve("main"));
                simulator.loadTenant(work.resolve("trial"));
                TestTenant.deliverAliceMail(simulator);
                Path pem = work.resolve("simulator.pem");
                Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(simulator.certificate().getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
                MicrosoftConfig config = new MicrosoftConfig(simulator.clientId(), simulator.clientSecret(),
                        URI.create(simulator.baseUrl()), URI.create(simulator.graphBaseUrl()), Optional.of(pem),
                        Optional.of(REDIRECT_URI), "organizations", new RetryPolicy(2, java.time.Duration.ofSeconds(1), 0),
                        URI.create(simulator.baseUrl()));
                running = new Running(simulator, config, work);
                grantConsentThroughTheConsentPage(config, TestTenant.TENANT_ID);
                grantConsentThroughTheConsentPage(config, TestTenant.TRIAL_TENANT_ID);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return running;
    }

    /** What an administrator does: open our consent URL, click Accept; we validate the redirect. */
    private static void grantConsentThroughTheConsentPage(MicrosoftConfig config, String tenantId) {
        MicrosoftAdapters adapters = new MicrosoftAdapters(config);
        String state = "setup-" + tenantId;
        var callback = browser().clickThrough(adapters.consent().adminConsentUrl(tenantId, state), "accept");
        adapters.consent().validateAdminConsentCallback(callback, state, tenantId);
    }

    static Simulator simulator() {
        return start().simulator();
    }

    static MicrosoftConfig config() {
        return start().config();
    }

    /** Adapters on the shared simulator, each request observed by {@code log}. */
    static MicrosoftAdapters adapters(RequestLog log) {
        return new MicrosoftAdapters(config(), List.of(log));
    }

    static Browser browser() {
        return new Browser(simulator().clientSslContext());
    }
}
