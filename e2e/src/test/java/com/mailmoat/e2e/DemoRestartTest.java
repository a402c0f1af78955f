package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.twostep.Base32;
import com.mailmoat.core.twostep.Totp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --demo} with a data directory, started twice as a newcomer would: the demo login printed
 * the second time is the same as the first (its password is kept in the data directory), and the
 * start-up lines scripts read are all there, in their places, {@code Mailmoat console:} last. Two-step
 * sign-in turned on before the restart still works after it: the key its secret is sealed with is kept
 * in the data directory too.
 */
class DemoRestartTest {

    @Test
    void theDemoLoginAndItsTwoStepSignInStayTheSameAcrossRestartsOfOneDataDirectory(@TempDir Path data) throws Exception {
        Map<String, String> first;
        byte[] key;
        long confirmedStep;
        try (Running run = start(data)) {
            first = run.lines();
            String[] login = first.get("Demo console login").split(" ");
            Browser console = new Browser(run.lines().get("Mailmoat console"));
            assertThat(console.postJson("/api/login", Map.of("email", login[0], "password", login[1])).status()).isEqualTo(200);
            String secret = console.postJson("/api/account/two-step", Map.of("password", login[1])).json()
                    .path("secret").asText();
            key = Base32.decode(secret).orElseThrow();
            confirmedStep = Totp.step(Instant.now());
            Browser.Response confirmed = console.postJson("/api/account/two-step/confirm",
                    Map.of("code", Totp.code(key, confirmedStep)));
            assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        }
        assertThat(Files.exists(data.resolve("two-step-key-secret"))).isTrue();

        try (Running run = start(data)) {
            Map<String, String> second = run.lines();
            assertThat(second.get("Demo console login")).isEqualTo(first.get("Demo console login"));
            assertThat(Files.readString(data.resolve("demo-login.txt"))).contains(first.get("Demo console login"));
            assertThat(first.get("Demo console tenant")).isEqualTo(second.get("Demo console tenant"))
                    .matches("[0-9a-f-]{36} northwind-demo\\.example");
            assertThat(first.get("Demo Microsoft 365 tenant")).matches("[0-9a-f-]{36} contoso-demo\\.example");
            List<String> names = new ArrayList<>(first.keySet());
            assertThat(names).containsSubsequence("Microsoft 365 simulator", "Simulated DNS", "Demo Microsoft 365 admin",
                    "Demo console login", "Data");
            assertThat(names.get(names.size() - 1)).isEqualTo("Mailmoat console");
            assertThat(first.get("Data")).isEqualTo(data.toAbsolutePath().normalize().toString());

            // The sealed authenticator key opens in the restarted runtime: the password asks for a code, the code signs in.
            String[] login = second.get("Demo console login").split(" ");
            Browser phone = new Browser(second.get("Mailmoat console"));
            Browser.Response password = phone.postJson("/api/login", Map.of("email", login[0], "password", login[1]));
            assertThat(password.json().path("status").asText()).as(password.toString()).isEqualTo("code_required");
            Browser.Response signedIn = phone.postJson("/api/login/code", Map.of("token", password.json().path("token").asText(),
                    "code", Totp.code(key, Math.max(confirmedStep + 1, Totp.step(Instant.now())))));
            assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
            assertThat(phone.get("/api/account").status()).isEqualTo(200);
        }
    }

    /** A runtime started on the data directory, stopped by {@link #close}. */
    private record Running(Process process, Map<String, String> lines) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts the built runtime on the data directory and reads its start-up lines; its output is drained after. */
    private static Running start(Path data) throws Exception {
        Path jar = LocalStack.root().resolve("local/target/mailmoat-local.jar");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "--port", "0", "--data-dir", data.toString(), "--demo")
                .directory(LocalStack.root().toFile()).redirectErrorStream(true).start();
        Map<String, String> lines = new LinkedHashMap<>();
        List<String> output = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                int colon = line.indexOf(": ");
                // Start-up lines are "Name: value"; log lines start with a time.
                if (colon > 0 && !Character.isDigit(line.charAt(0)) && !line.startsWith("{")) {
                    lines.put(line.substring(0, colon), line.substring(colon + 2).trim());
                }
                if (line.startsWith("Mailmoat console: ")) {
                    break;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            new Running(process, lines).close();
            throw e;
        }
        Running running = new Running(process, lines);
        if (!lines.containsKey("Demo console login") || !lines.containsKey("Mailmoat console")) {
            running.close();
            throw new AssertionError("Missing start-up lines in a run that printed:\n" + String.join("\n", output));
        }
        // Keep reading, so a chatty runtime never blocks on a full pipe while the test talks to it.
        Thread drain = new Thread(() -> {
            try (reader) {
                while (reader.readLine() != null) {
                    // discarded
                }
            } catch (java.io.IOException e) {
                // The process ended.
            }
        }, "demo-restart-output");
        drain.setDaemon(true);
        drain.start();
        return running;
    }
}
