package com.mailmoat.simulator.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.simulator.Simulator;
import com.mailmoat.simulator.SimulatorOptions;
import com.mailmoat.simulator.TenantSummary;
import com.mailmoat.simulator.internal.tenant.ParsedMime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDefaultTenantLoadsWithAMonthOfMailAndPlantedThreatsInsideTheScanWindow(@TempDir Path dir)
            throws IOException {
        // The defaults' 30 days and rates, with fewer mailboxes to keep the test quick.
        GeneratedTenant generated = TenantGenerator.generate(dir, GeneratorOptions.defaults().withMailboxes(6));
        assertThat(generated.mailboxes()).isEqualTo(6);
        assertThat(generated.messages()).isGreaterThan(6 * 30 * 2);
        // How many is random (Poisson per mailbox, drawn after each day's mail): on some days six mailboxes get few.
        assertThat(generated.plantedThreats()).isPositive();

        try (Simulator simulator = Simulator.start(SimulatorOptions.defaults())) {
            String tenantId = simulator.loadTenant(dir);
            assertThat(tenantId).isEqualTo(generated.tenantId());
            TenantSummary summary = simulator.summary(tenantId);
            assertThat(summary.mailboxes()).isEqualTo(6);
            assertThat(summary.messages()).isEqualTo(generated.messages());
            assertThat(summary.messagesLast30Days()).isEqualTo(generated.messages());
            assertThat(summary.plantedThreats()).isEqualTo(generated.plantedThreats());
            assertThat(simulator.globalAdmins(tenantId)).containsExactly(generated.globalAdmin());
        }

        JsonNode tenant = JSON.readTree(dir.resolve("tenant.json").toFile());
        assertThat(tenant.get("isTrial").asBoolean()).isFalse();
        assertThat(tenant.get("globalAdmins")).hasSize(1);
        JsonNode apex = tenant.get("dns").get("contoso-demo.example");
        assertThat(apex.get("TXT").get(0).asText()).startsWith("v=spf1").doesNotContainIgnoringCase("mailmoat");
        assertThat(apex.get("TXT").get(1).asText()).as("a second SPF record: the demo's DNS problem")
                .isEqualTo("v=spf1 ip4:203.0.113.200 ~all");
        assertThat(apex.get("MX").get(0).asText()).endsWith("contoso-demo-example.mail.protection.outlook.com");
        assertThat(tenant.get("dns").has("_dmarc.contoso-demo.example")).isFalse();
    }

    @Test
    void everyMessageParsesAndTheThreatsCoverEachKind(@TempDir Path dir) throws IOException {
        // A fixed moment: the random draws (and so how many threats four mailboxes get) depend on the days' weekdays.
        GeneratedTenant generated = TenantGenerator.generate(dir, GeneratorOptions.defaults().withMailboxes(4)
                .withNow(Instant.parse("2026-12-06T10:00:00Z")));
        assertThat(generated.plantedThreats()).as("six threats, one of each kind").isGreaterThanOrEqualTo(6);
        List<String> threatTexts = new ArrayList<>();
        int messages = 0;
        try (Stream<Path> mailboxes = Files.list(dir.resolve("mailboxes"))) {
            for (Path mailbox : mailboxes.toList()) {
                for (JsonNode entry : JSON.readTree(mailbox.resolve("messages.json").toFile())) {
                    byte[] mime = Files.readAllBytes(mailbox.resolve(entry.get("file").asText()));
                    ParsedMime parsed = ParsedMime.parse(mime);
                    assertThat(parsed.subject()).isNotBlank();
                    assertThat(parsed.from()).isNotNull();
                    assertThat(parsed.internetMessageId()).isNotNull();
                    assertThat(parsed.textBody() != null || parsed.htmlBody() != null).isTrue();
                    messages++;
                    if (entry.get("threat").asBoolean()) {
                        threatTexts.add(new String(mime, StandardCharsets.UTF_8));
                    }
                }
            }
        }
        assertThat(messages).isPositive();
        assertThat(threatTexts).anyMatch(t -> t.contains("xn--"));
        assertThat(threatTexts).anyMatch(t -> t.matches("(?s).*filename=\"[^\"]+\\.(pdf|docx|xlsx|wav)\\.(exe|js|scr|html)\".*"));
        assertThat(threatTexts).anyMatch(t -> t.contains("Reply-To:") && t.contains("X-Priority: 1"));
        assertThat(threatTexts).anyMatch(t -> t.contains("bc1q") && t.contains("dmarc=fail"));
        assertThat(threatTexts).anyMatch(t -> t.contains("Updated banking details"));
        assertThat(String.join("", threatTexts)).doesNotContain("http://", "https://login.microsoftonline");
    }

    @Test
    void theSameSeedAndMomentGiveTheSameBytesAndAnotherSeedDoesNot(@TempDir Path dir) throws IOException {
        GeneratorOptions options = GeneratorOptions.defaults().withMailboxes(4).withDays(7)
                .withNow(Instant.parse("2026-03-02T10:00:00Z"));
        TenantGenerator.generate(dir.resolve("a"), options);
        TenantGenerator.generate(dir.resolve("b"), options);
        TenantGenerator.generate(dir.resolve("c"), options.withSeed(7));
        assertThat(digest(dir.resolve("a"))).isEqualTo(digest(dir.resolve("b")));
        assertThat(digest(dir.resolve("a"))).isNotEqualTo(digest(dir.resolve("c")));

        Instant earliest = Instant.parse("2026-03-02T10:00:00Z").minus(Duration.ofDays(7));
        for (JsonNode entry : JSON.readTree(dir.resolve("a/mailboxes/morgan.avery@contoso-demo.example/messages.json")
                .toFile())) {
            Instant received = Instant.parse(entry.get("receivedDateTime").asText());
            assertThat(received).isAfter(earliest).isBefore(Instant.parse("2026-03-02T10:00:00Z"));
        }
    }

    @Test
    void noMailIsWithinAnHourOfTheThirtyDayBoundaryAndEveryMailboxHasASameSecondBurst(@TempDir Path dir)
            throws IOException {
        // "now" just after midnight puts the last day's office hours right on the boundary.
        Instant now = Instant.parse("2026-03-02T00:20:00Z");
        for (long seed : new long[] {1, 2, 3}) {
            Path out = dir.resolve("seed" + seed);
            TenantGenerator.generate(out, GeneratorOptions.defaults().withSeed(seed).withMailboxes(5).withDays(31)
                    .withThreatsPerMailbox(200).withNow(now));
            Instant boundary = now.minus(Duration.ofDays(30));
            try (Stream<Path> mailboxes = Files.list(out.resolve("mailboxes"))) {
                for (Path mailbox : mailboxes.toList()) {
                    java.util.Map<String, Integer> perSecond = new java.util.HashMap<>();
                    for (JsonNode entry : JSON.readTree(mailbox.resolve("messages.json").toFile())) {
                        Instant received = Instant.parse(entry.get("receivedDateTime").asText());
                        assertThat(Duration.between(boundary, received).abs())
                                .as(mailbox.getFileName() + " " + received).isGreaterThanOrEqualTo(Duration.ofHours(1));
                        perSecond.merge(received.toString(), 1, Integer::sum);
                    }
                    assertThat(perSecond.values()).as(mailbox.getFileName() + ": a burst of at least three")
                            .anyMatch(count -> count >= 3);
                }
            }
        }
    }

    @Test
    void aTrialTenantSaysSo(@TempDir Path dir) throws IOException {
        GeneratedTenant generated = TenantGenerator.generate(dir, GeneratorOptions.defaults().withMailboxes(2)
                .withDays(3).withTrial(true).withDomain("trial-demo.example", "Trial Demo"));
        JsonNode tenant = JSON.readTree(dir.resolve("tenant.json").toFile());
        assertThat(tenant.get("isTrial").asBoolean()).isTrue();
        assertThat(generated.globalAdmin()).endsWith("@trial-demo.example");
    }

    private static String digest(Path root) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                all.append(root.relativize(file)).append('=')
                        .append(java.util.Arrays.hashCode(Files.readAllBytes(file))).append('\n');
            }
        }
        return all.toString();
    }
}
