package com.mailmoat.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The built local runtime ({@code local/target/mailmoat-local.jar --in-memory --port 0}), started
 * once per test run as a separate process, exactly as the README tells a newcomer to run it, and
 * shared by every end-to-end test. Its start-up lines ({@code Name: value}) are kept for tests.
 */
final class LocalStack {
    private static final String READY = "Mailmoat console: ";
    private static LocalStack instance;
    /** Every runtime started in this test run, for checks over their output ({@link IamDenials}). */
    static final List<LocalStack> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Process process;
    private final Map<String, String> startupLines;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());

    private LocalStack(Process process, Map<String, String> startupLines) {
        this.process = process;
        this.startupLines = startupLines;
    }

    static synchronized LocalStack get() {
        if (instance == null) {
            instance = start(List.of("--demo",
                    "--sim-tenant", root().resolve("e2e/src/test/resources/tenants/trial").toString(),
                    // Connected only by the browser test, so test order does not matter.
                    "--sim-tenant", root().resolve("e2e/src/test/resources/tenants/tailspin").toString(),
                    // The browser journey's own tenant: a little mail with planted threats to scan and remove.
                    "--sim-tenant", JourneyTenant.generate().toString(),
                    // The Threat Scan test crashes two pages of this tenant's scan before their cursor write.
                    "--set", "MAILMOAT_TEST_CRASH_SCAN_PAGES=2@" + ScanTenants.CRASH_TENANT_ID,
                    // Fewer tenant slots than the scan-chunk pollers, so the per-tenant bound is what limits a scan.
                    "--set", "SCAN_SLOTS_PER_TENANT=" + ScanTenants.SLOTS_PER_TENANT,
                    // The upgrade test kills this tenant's InstallTransportRules task once, after its first rule.
                    "--set", "MAILMOAT_TEST_CRASH_UPGRADE=" + UpgradeJourneyTest.CRASH_TENANT_ID));
        }
        return instance;
    }

    /**
     * A runtime of its own (in memory, free port) with these extra options, e.g. {@code --sim-faults};
     * {@link #close} it when done.
     */
    static LocalStack startWith(List<String> options) {
        return start(options);
    }

    /** Stops a runtime started with {@link #startWith}. */
    void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static Path root() {
        return Path.of(System.getProperty("mailmoat.root", "..")).toAbsolutePath().normalize();
    }

    /** The console's base URL, ending in "/". */
    String consoleUrl() {
        return startupLines.get("Mailmoat console");
    }

    /** A value printed at start-up as {@code name: value}, e.g. "DynamoDB Local". */
    String startupValue(String name) {
        String value = startupLines.get(name);
        if (value == null) {
            throw new IllegalStateException("The local runtime did not print '" + name + ":'; it printed " + startupLines.keySet());
        }
        return value;
    }

    List<String> output() {
        return output;
    }

    private static LocalStack start(List<String> options) {
        Path jar = root().resolve("local/target/mailmoat-local.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -B package)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", jar.toString(), "--port", "0", "--in-memory",
                // Work that Microsoft answered 5xx/504 without a Retry-After waits 1 s on its queue, not 5-15 s:
                // the same faults are met and recovered from the same way, only sooner.
                "--set", "M365_UNAVAILABLE_RETRY_SECONDS=1"));
        command.addAll(options);
        try {
            Process process = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true).start();
            Map<String, String> lines = new LinkedHashMap<>();
            LocalStack stack = new LocalStack(process, lines);
            STARTED.add(stack);
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> stack.pump(ready), "local-runtime-output");
            reader.setDaemon(true);
            reader.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.destroy();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                process.destroyForcibly();
            }));
            try {
                ready.get(90, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                process.destroyForcibly();
                throw new IllegalStateException("The local runtime did not get ready; it printed:\n"
                        + String.join("\n", stack.output));
            }
            return stack;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + command, e);
        } catch (Exception e) {
            throw new IllegalStateException("The local runtime failed to start", e);
        }
    }

    private void pump(CompletableFuture<Void> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                if (!ready.isDone() && !line.startsWith("{")) {
                    int colon = line.indexOf(": ");
                    if (colon > 0) {
                        startupLines.put(line.substring(0, colon), line.substring(colon + 2).trim());
                    }
                    if (line.startsWith(READY)) {
                        ready.complete(null);
                    }
                }
                if (Boolean.getBoolean("mailmoat.e2e.echo")) {
                    System.err.println("[local] " + line);
                }
            }
            ready.completeExceptionally(new IllegalStateException("The local runtime exited:\n" + String.join("\n", output)));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }
}
