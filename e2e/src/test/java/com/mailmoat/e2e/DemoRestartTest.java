package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * start-up lines scripts read are all there, in their places, {@code Mailmoat console:} last.
 */
class DemoRestartTest {

    @Test
    void theDemoLoginStaysTheSameAcrossRestartsOfOneDataDirectory(@TempDir Path data) throws Exception {
        Map<String, String> first = start(data);
        Map<String, String> second = start(data);

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
    }

    /** Starts the built runtime on the data directory, reads its start-up lines, and stops it. */
    private static Map<String, String> start(Path data) throws Exception {
        Path jar = LocalStack.root().resolve("local/target/mailmoat-local.jar");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "--port", "0", "--data-dir", data.toString(), "--demo")
                .directory(LocalStack.root().toFile()).redirectErrorStream(true).start();
        Map<String, String> lines = new LinkedHashMap<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(lines).as("start-up lines of a run that printed:\n" + String.join("\n", output))
                .containsKeys("Demo console login", "Mailmoat console");
        return lines;
    }
}
