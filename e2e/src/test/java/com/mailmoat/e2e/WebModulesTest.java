package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The console's DOM-free logic (polling that pauses in a hidden tab, routes, contrast of brand
 * colours, consent results by reason code, errors in words) under Node's own test runner:
 * {@code node --test web/test/} (no npm package needed). Skipped, saying why, without Node.js.
 */
class WebModulesTest {

    @Test
    void theConsolesModulesPassTheirUnitTests() throws Exception {
        Process version;
        try {
            version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version.waitFor(20, TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            version = null;
        }
        assumeTrue(version != null && version.exitValue() == 0, "Node.js is not installed: the console's module tests did not run");
        java.nio.file.Path log = java.nio.file.Files.createTempFile("web-tests", ".tap");
        Process process = new ProcessBuilder(List.of("node", "--test", "web/test/"))
                .directory(LocalStack.root().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // Bounded: a test that leaves a timer running would keep Node (and this build) waiting for ever.
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
        java.nio.file.Files.deleteIfExists(log);
        assertThat(finished).as("the module tests ended within 2 minutes:\n" + output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("# fail 0");
    }
}
