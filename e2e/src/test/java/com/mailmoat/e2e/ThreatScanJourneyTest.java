package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The Threat Scan through the built local runtime and the simulator, as an administrator meets it:
 * consent starts it, it reads every message of the last 30 days once, records every threat once,
 * survives throttling and a crashed page, can be ended early, reports once, and shows each account
 * only its own scans and detections.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreatScanJourneyTest {
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(4);
    private static final Map<String, Browser> CONSOLES = new HashMap<>();
    private static final Map<String, String> SCAN_IDS = new HashMap<>();

    @Test
    @Order(1)
    void aScanReadsEveryMessageInTheWindowOnceRecordsEveryThreatOnceAndReportsOnce() {
        ScanTenants.Loaded tenant = ScanTenants.generate("northwind-scan", 11, 4, "0000c4a5-0000-4000-8000-00000000000a");
        String email = SignupJourneyTest.newEmail();
        Browser console = SignupJourneyTest.signedInAdmin(email);
        ScanTenants.connect(console, tenant.adminUpn());

        JsonNode scan = awaitFinished(console);
        JsonNode summary = ScanTenants.summary(tenant.tenantId());
        assertThat(scan.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(scan.path("kind").asText()).isEqualTo("FIRST");
        assertThat(scan.path("messagesScanned").asLong()).isEqualTo(summary.path("messagesLast30Days").asLong()).isPositive();
        assertThat(scan.path("mailboxesDone").asInt()).isEqualTo(summary.path("mailboxes").asInt());
        assertThat(scan.path("percent").asInt()).isEqualTo(100);

        List<JsonNode> detections = allDetections(console, 7);
        Set<String> detected = internetMessageIds(detections);
        assertThat(detected).as("no message detected twice").hasSize(detections.size());
        assertThat(detections).hasSize(scan.path("threatsFound").asInt());
        assertThat(detected).as("every planted threat is a detection").containsAll(ScanTenants.plantedThreats(tenant.tenantId()));
        assertThat(detections).allSatisfy(d -> assertThat(d.path("scanId").asText()).isEqualTo(scan.path("id").asText()));

        // Searchable: by subject text and by level.
        JsonNode first = detections.get(0);
        String word = first.path("subject").asText().split("\\s+")[0];
        assertThat(console.get("/api/detections?q=" + ScanTenants.decode(word).replace(" ", "%20")).json().path("items"))
                .anySatisfy(d -> assertThat(d.path("id").asText()).isEqualTo(first.path("id").asText()));
        assertThat(console.get("/api/detections?level=MALICIOUS&limit=200").json().path("items"))
                .allSatisfy(d -> assertThat(d.path("level").asText()).isEqualTo("MALICIOUS"));
        JsonNode detail = console.get("/api/detections/" + first.path("id").asText()).json();
        assertThat(detail.path("reasons")).isNotEmpty();

        // One report email, whose figures are the API's.
        JsonNode report = Outbox.awaitSubject(email, "Threat Scan");
        Outbox.sleep(1500);
        assertThat(Outbox.emailsTo(email)).filteredOn(e -> e.path("subject").asText().contains("Threat Scan")).hasSize(1);
        assertThat(report.path("subject").asText()).contains(scan.path("threatsFound").asText() + " threat");
        assertThat(report.path("text").asText()).contains(scan.path("messagesScanned").asText() + " messages")
                .contains("Review and Remove Threats");
        assertThat(console.get("/api/notifications").json().path("notifications").findValuesAsText("title"))
                .contains("Threat Scan Complete");

        CONSOLES.put("clean", console);
        SCAN_IDS.put("clean", scan.path("id").asText());
    }

    @Test
    @Order(2)
    void throttlingOutagesAndACrashedPageChangeNothingAndLeaveNothingInADeadLetterQueue() {
        ScanTenants.Loaded tenant = ScanTenants.generate("adatum-scan", 12, 4, ScanTenants.CRASH_TENANT_ID);
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        ScanTenants.faults("throttle=0.3,unavailable=0.05,retryAfter=1,seed=5");
        JsonNode scan;
        try {
            ScanTenants.connect(console, tenant.adminUpn());
            scan = awaitFinished(console);
        } finally {
            ScanTenants.clearFaults();
        }
        assertThat(LocalStack.get().output()).as("the test hook crashed a page before its cursor write")
                .anyMatch(line -> line.contains("Test hook: scan page crashed"));
        JsonNode summary = ScanTenants.summary(tenant.tenantId());
        assertThat(scan.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(scan.path("messagesScanned").asLong()).isEqualTo(summary.path("messagesLast30Days").asLong());
        List<JsonNode> detections = allDetections(console, 200);
        assertThat(internetMessageIds(detections)).hasSize(detections.size()).hasSize(scan.path("threatsFound").asInt())
                .containsAll(ScanTenants.plantedThreats(tenant.tenantId()));
        assertThat(deadLetters()).as("messages in dead-letter queues").isEmpty();
        CONSOLES.put("faulty", console);
        SCAN_IDS.put("faulty", scan.path("id").asText());
    }

    @Test
    @Order(3)
    void endingAScanMidwayCountsThePagesInFlightThenFreezesReportsOnceAndCannotBeEndedOrResumedAgain() {
        ScanTenants.Loaded tenant = ScanTenants.generate("litware-scan", 13, 6, "0000c4a5-0000-4000-8000-00000000000c");
        String email = SignupJourneyTest.newEmail();
        Browser console = SignupJourneyTest.signedInAdmin(email);
        ScanTenants.faults("latencyMs=150");
        JsonNode ended;
        try {
            ScanTenants.connect(console, tenant.adminUpn());
            JsonNode running = await(console, s -> s.path("messagesScanned").asLong() > 0 || TenantJourney.scanFinished(s));
            assertThat(running.path("status").asText()).as("still running").isEqualTo("RUNNING");
            Browser.Response end = console.postJson("/api/scans/" + running.path("id").asText() + "/end", Map.of());
            assertThat(end.status()).as(end.toString()).isEqualTo(200);
            ended = end.json();
        } finally {
            ScanTenants.clearFaults();
        }
        assertThat(ended.path("status").asText()).isEqualTo("ENDED_EARLY");
        String id = ended.path("id").asText();
        Browser.Response again = console.postJson("/api/scans/" + id + "/end", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("error").asText()).isEqualTo("scan_finished");
        // Pages being read when the scan ended still count (their detections are listed); the report waits for them.
        JsonNode report = Outbox.awaitSubject(email, "Threat Scan");
        JsonNode later = console.get("/api/scans/" + id).json();
        assertThat(later.path("status").asText()).isEqualTo("ENDED_EARLY");
        assertThat(later.path("messagesScanned").asLong()).isGreaterThanOrEqualTo(ended.path("messagesScanned").asLong())
                .isLessThan(ScanTenants.summary(tenant.tenantId()).path("messagesLast30Days").asLong());
        assertThat(later.path("percent").asInt()).as("how far it got").isLessThan(100);
        assertThat(report.path("text").asText()).contains("ended early").contains(later.path("messagesScanned").asText() + " messages");
        assertThat(allDetections(console, 200)).as("the scan's figures and its Detections agree")
                .hasSize(later.path("threatsFound").asInt());
        Outbox.sleep(2000);
        assertThat(console.get("/api/scans/" + id).json().path("messagesScanned").asLong()).as("frozen after the report")
                .isEqualTo(later.path("messagesScanned").asLong());
        assertThat(Outbox.emailsTo(email)).filteredOn(e -> e.path("subject").asText().contains("Threat Scan")).hasSize(1);
    }

    @Test
    @Order(4)
    void eachAccountSeesOnlyItsOwnScansAndDetections() {
        Browser clean = CONSOLES.get("clean");
        Browser faulty = CONSOLES.get("faulty");
        assertThat(clean).as("the first two tests ran").isNotNull();
        assertThat(faulty).isNotNull();
        assertThat(faulty.get("/api/scans/" + SCAN_IDS.get("clean")).status()).isEqualTo(404);
        assertThat(clean.get("/api/scans/" + SCAN_IDS.get("faulty")).status()).isEqualTo(404);
        String cleanDetection = clean.get("/api/detections?limit=1").json().path("items").get(0).path("id").asText();
        assertThat(faulty.get("/api/detections/" + cleanDetection).status()).isEqualTo(404);
        assertThat(faulty.get("/api/detections?scanId=" + SCAN_IDS.get("clean")).json().path("items")).isEmpty();
        assertThat(faulty.get("/api/scans").json().path("items").findValuesAsText("id")).doesNotContain(SCAN_IDS.get("clean"));
    }

    @Test
    @Order(5)
    void realMailFromADirectoryGetsExactlyTheEnginesVerdictsAndNothingOutsideTheWindow() throws Exception {
        ScanTenants.Loaded tenant = ScanTenants.realMail("0000c4a5-0000-4000-8000-00000000000d");
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        ScanTenants.connect(console, tenant.adminUpn());
        JsonNode scan = awaitFinished(console);
        assertThat(scan.path("messagesScanned").asLong()).isEqualTo(ScanTenants.summary(tenant.tenantId()).path("messagesLast30Days").asLong())
                .isEqualTo(4);

        // The engine's own command line on the same files, with the context the scan used (the tenant's domain and people).
        Path mailbox = tenant.dir().resolve("mailboxes").resolve(tenant.adminUpn());
        Path context = Files.writeString(tenant.dir().resolve("context.json"),
                "{\"domains\":[\"tailwind-real.example\"],\"users\":[{\"displayName\":\"Riley Chen\",\"address\":\"" + tenant.adminUpn() + "\"}]}");
        Map<String, String> engine = new HashMap<>();
        for (JsonNode line : cli(mailbox, context)) {
            engine.put(Path.of(line.path("path").asText()).getFileName().toString(), line.path("level").asText());
        }
        Map<String, String> byMessageId = new HashMap<>();
        for (JsonNode d : allDetections(console, 50)) {
            byMessageId.put(d.path("internetMessageId").asText(), d.path("level").asText());
        }
        int compared = 0;
        for (Path file : Files.list(mailbox).filter(p -> p.toString().endsWith(".eml")).toList()) {
            String messageId = Files.readAllLines(file).stream().filter(l -> l.startsWith("Message-ID:")).findFirst()
                    .orElseThrow().substring("Message-ID:".length()).strip();
            String verdict = engine.get(file.getFileName().toString());
            if (file.getFileName().toString().contains("old")) {
                assertThat(byMessageId).as("nothing outside the window").doesNotContainKey(messageId);
            } else {
                assertThat(byMessageId.getOrDefault(messageId, "CLEAN")).as(file.getFileName().toString()).isEqualTo(verdict);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(4);
        assertThat(byMessageId).isNotEmpty();
    }

    // --- helpers --------------------------------------------------------------------------------

    private static JsonNode awaitFinished(Browser console) {
        return await(console, TenantJourney::scanFinished);
    }

    private static JsonNode await(Browser console, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(SCAN_TIMEOUT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Browser.Response current = console.get("/api/scans/current");
            if (current.status() == 200) {
                last = current.json();
                if (done.test(last)) {
                    return last;
                }
            } else {
                assertThat(current.status()).as(current.toString()).isEqualTo(404);
            }
            Outbox.sleep(500);
        }
        throw new AssertionError("The scan did not get there in " + SCAN_TIMEOUT + "; last seen: " + last);
    }

    /** Every detection of the account, following nextCursor with pages of {@code pageSize}. */
    static List<JsonNode> allDetections(Browser console, int pageSize) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = console.get("/api/detections?limit=" + pageSize + (cursor == null ? "" : "&cursor=" + cursor)).json();
            assertThat(page.path("items").size()).isLessThanOrEqualTo(pageSize);
            page.path("items").forEach(all::add);
            cursor = page.path("nextCursor").isNull() || page.path("nextCursor").isMissingNode() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return all;
    }

    private static Set<String> internetMessageIds(List<JsonNode> detections) {
        Set<String> ids = new HashSet<>();
        detections.forEach(d -> ids.add(d.path("internetMessageId").asText()));
        return ids;
    }

    /** Messages waiting in any dead-letter queue of the local runtime. */
    private static Map<String, Integer> deadLetters() {
        Map<String, Integer> waiting = new HashMap<>();
        try (SqsClient sqs = SqsClient.builder().endpointOverride(java.net.URI.create(LocalStack.get().startupValue("SQS (ElasticMQ)")))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
            for (String url : sqs.listQueues().queueUrls()) {
                if (url.toLowerCase().contains("dlq")) {
                    int count = sqs.getQueueAttributes(r -> r.queueUrl(url)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                            .attributes().values().stream().mapToInt(Integer::parseInt).sum();
                    if (count > 0) {
                        waiting.put(url, count);
                    }
                }
            }
        }
        return waiting;
    }

    /** {@code mailmoat-detect scan --json --context C DIR}: one JSON verdict per message. */
    private static List<JsonNode> cli(Path dir, Path context) throws IOException, InterruptedException {
        Path jar = LocalStack.root().resolve("functions/detect/target/mailmoat-detect.jar");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "scan", "--json", "--context", context.toString(), dir.toString())
                .redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(Browser.JSON.readTree(line));
            }
        }
        return lines;
    }
}
