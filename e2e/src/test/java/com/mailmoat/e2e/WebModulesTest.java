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
        Process process = new ProcessBuilder(List.of("node", "--test", "web/test/"))
                .directory(LocalStack.root().toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("# fail 0");
    }
}
