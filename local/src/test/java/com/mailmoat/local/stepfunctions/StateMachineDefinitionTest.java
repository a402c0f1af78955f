package com.mailmoat.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code npx asl-validator --json-path statemachine/upgrade.asl.json} (npm asl-validator 4.0.0, installed
 * by {@code npm ci} in statemachine/, which .ci/run does): AWS's own schema check of the definition.
 * Skipped, saying why, where Node.js or the package is missing.
 */
class StateMachineDefinitionTest {
    private static final Path ROOT = Path.of(System.getProperty("mailmoat.root", "..")).toAbsolutePath().normalize();

    @Test
    void aslValidatorAcceptsTheUpgradeStateMachine() throws IOException, InterruptedException {
        Path dir = ROOT.resolve("statemachine");
        assumeTrue(Files.isDirectory(dir.resolve("node_modules/asl-validator")),
                "asl-validator is not installed: run `npm ci` in statemachine/ (needs Node.js; .ci/run does it)");
        Process process = new ProcessBuilder(List.of("npx", "--no-install", "asl-validator", "--json-path",
                dir.resolve("upgrade.asl.json").toString())).directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("is valid");
    }
}
