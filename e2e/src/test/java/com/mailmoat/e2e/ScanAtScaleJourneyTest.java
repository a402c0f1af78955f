package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Threat Scan where real tenants are hard (issue 16), through the built local runtime: Microsoft's
 * throttling shapes, gateway timeouts and shuffled batches change nothing; users moving and deleting
 * mail while it is read (churn) never make a message count twice or go missing; two tenants scanning
 * at once stay within the per-tenant bound (no 429 from our own overlap); and the daily schedule,
 * fired now, scans exactly the mail that arrived since the previous scan's window.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScanAtScaleJourneyTest {
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(4);
    private static final Map<String, Browser> CONSOLES = new HashMap<>();
    private static final Map<String, ScanTenants.Loaded> TENANTS = new HashMap<>();

    @Test
    @Order(1)
    void throttlingShapesGatewayTimeoutsAndShuffledBatchesGiveTheSameResultAsAQuietRescan() {
        ScanTenants.Loaded tenant = ScanTenants.generate("fourthcoffee-scale", 21, 4, "0000c4a5-0000-4000-8000-0000000016a1");
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        ScanTenants.faults("throttle=0.2,unavailable=0.03,gatewayTimeout=0.05,retryAfter=1,batchShuffle=true,seed=16");
        JsonNode faulty;
        try {
            ScanTenants.connect(console, tenant.adminUpn());
            faulty = awaitCurrent(console, TenantJourney::scanFinished);
        } finally {
            ScanTenants.clearFaults();
        }
        long inWindow = ScanTenants.summary(tenant.tenantId()).path("messagesLast30Days").asLong();
        assertThat(faulty.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(faulty.path("messagesScanned").asLong()).isEqualTo(inWindow).isPositive();
        List<JsonNode> detections = ThreatScanJourneyTest.allDetections(console, 100);
        assertThat(ids(detections)).as("no message detected twice").hasSize(detections.size())
                .hasSize(faulty.path("threatsFound").asInt());

        // The same mailboxes again, without any fault: the same figures.
        Browser.Response started = console.postJson("/api/scans", Map.of());
        assertThat(started.status()).as(started.toString()).isIn(200, 201, 202);
        JsonNode quiet = awaitCurrent(console, s -> !s.path("id").asText().equals(faulty.path("id").asText())
                && TenantJourney.scanFinished(s));
        assertThat(quiet.path("kind").asText()).isEqualTo("MANUAL");
        assertThat(quiet.path("messagesScanned").asLong()).isEqualTo(faulty.path("messagesScanned").asLong());
        assertThat(quiet.path("threatsFound").asLong()).isEqualTo(faulty.path("threatsFound").asLong());
        assertThat(quiet.path("byLevel")).isEqualTo(faulty.path("byLevel"));
        assertThat(quiet.path("byCategory")).isEqualTo(faulty.path("byCategory"));
        assertThat(ids(ThreatScanJourneyTest.allDetections(console, 100))).as("no detection added by the rescan")
                .isEqualTo(ids(detections));
    }

    @Test
    @Order(2)
    void mailMovedDeletedAndDeliveredWhileScannedIsNeverCountedTwiceAndNothingThatStayedIsMissed() {
        ScanTenants.Loaded tenant = ScanTenants.generate("wingtip-churn", 22, 4, "0000c4a5-0000-4000-8000-0000000016a2");
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        ScanTenants.faults("churn=0.3,throttle=0.1,retryAfter=1,seed=23");
        JsonNode scan;
        try {
            ScanTenants.connect(console, tenant.adminUpn());
            scan = awaitCurrent(console, TenantJourney::scanFinished);
        } finally {
            ScanTenants.clearFaults();
        }
        assertThat(scan.path("status").asText()).isEqualTo("COMPLETED");
        JsonNode churn = ScanTenants.summary(tenant.tenantId()).path("churn");
        int moved = churn.path("moved").size();
        int deleted = churn.path("deleted").size();
        int delivered = churn.path("delivered").size();
        assertThat(moved + deleted + delivered).as("churn changed the mailboxes during the scan: " + churn).isPositive();

        Instant windowStart = Instant.parse(scan.path("windowStart").asText());
        Instant windowEnd = Instant.parse(scan.path("windowEnd").asText());
        Map<String, JsonNode> present = new HashMap<>();
        for (JsonNode message : ScanTenants.messages(tenant.tenantId())) {
            Instant received = Instant.parse(message.path("receivedDateTime").asText());
            if (!received.isBefore(windowStart.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    && received.isBefore(windowEnd.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))) {
                present.put(message.path("immutableId").asText(), message);
            }
        }
        // Every message still in the mailbox (where it was or moved: immutable ids and received times do not
        // change) is counted once; a deleted one at most once; mail delivered during the scan is the next scan's.
        long scanned = scan.path("messagesScanned").asLong();
        assertThat(scanned).isBetween((long) present.size(), (long) present.size() + deleted);

        List<JsonNode> detections = ThreatScanJourneyTest.allDetections(console, 100);
        assertThat(ids(detections)).as("no message detected twice").hasSize(detections.size())
                .hasSize(scan.path("threatsFound").asInt());
        Set<String> deliveredIds = new HashSet<>();
        churn.path("delivered").forEach(d -> deliveredIds.add(d.path("immutableId").asText()));
        for (JsonNode detection : detections) {
            Instant received = Instant.parse(detection.path("receivedAt").asText());
            assertThat(received).as("detections only inside the window").isBefore(windowEnd).isAfterOrEqualTo(
                    windowStart.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        assertThat(present.keySet()).as("mail delivered during the scan lies after its window").doesNotContainAnyElementsOf(deliveredIds);
    }

    @Test
    @Order(3)
    void twoTenantsScanningAtOnceStayWithinTheirSlotsAndNeverOverlapInAMailbox() {
        ScanTenants.Loaded first = ScanTenants.generate("alpine-slots", 31, 6, "0000c4a5-0000-4000-8000-0000000016b1");
        ScanTenants.Loaded second = ScanTenants.generate("bluesky-slots", 32, 6, "0000c4a5-0000-4000-8000-0000000016b2");
        Browser one = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        Browser two = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        // Slow enough that pages overlap for real; Outlook's four-per-mailbox cap is on (the simulator's default).
        ScanTenants.faults("latencyMs=40");
        JsonNode scanOne;
        JsonNode scanTwo;
        try {
            ScanTenants.resetCounters(first.tenantId());
            ScanTenants.resetCounters(second.tenantId());
            ScanTenants.connect(one, first.adminUpn());
            ScanTenants.connect(two, second.adminUpn());
            scanOne = awaitCurrent(one, TenantJourney::scanFinished);
            scanTwo = awaitCurrent(two, TenantJourney::scanFinished);
        } finally {
            ScanTenants.clearFaults();
        }
        for (Map.Entry<ScanTenants.Loaded, JsonNode> run : Map.of(first, scanOne, second, scanTwo).entrySet()) {
            JsonNode summary = ScanTenants.summary(run.getKey().tenantId());
            assertThat(run.getValue().path("messagesScanned").asLong()).isEqualTo(summary.path("messagesLast30Days").asLong());
            JsonNode load = summary.path("load");
            assertThat(load.path("concurrencyRefusals").asLong()).as("429s caused by our own overlap: " + load).isZero();
            assertThat(load.path("peakInFlightPerMailbox").asLong()).as(load.toString()).isBetween(1L, 4L);
            assertThat(load.path("peakInFlight").asLong()).as("requests in flight at once for the tenant: " + load)
                    .isBetween(2L, 4L * ScanTenants.SLOTS_PER_TENANT);
        }
        CONSOLES.put("slots", one);
        TENANTS.put("slots", first);
    }

    @Test
    @Order(4)
    void theDailyScheduleFiredNowScansExactlyTheMailSinceThePreviousWindowAndReportsItsThreat() throws Exception {
        Browser console = CONSOLES.get("slots");
        ScanTenants.Loaded tenant = TENANTS.get("slots");
        assertThat(console).as("the two-tenant test ran first").isNotNull();
        JsonNode previous = console.get("/api/scans/current").json();
        assertThat(previous.path("status").asText()).isEqualTo("COMPLETED");
        String email = console.get("/api/account").json().path("email").asText();
        long reportsBefore = Outbox.count(email, "Threat Scan");

        // Three messages arrive after the first scan's window: two ordinary ones and a copy of a detected threat.
        List<JsonNode> detections = ThreatScanJourneyTest.allDetections(console, 100);
        assertThat(detections).isNotEmpty();
        Path threatFile = emlOf(tenant, detections.get(0).path("internetMessageId").asText());
        List<Path> ordinary = new ArrayList<>();
        try (var files = Files.walk(tenant.dir().resolve("mailboxes"))) {
            // Ordinary: neither planted as a threat (in or out of the window) nor found by the first scan.
            Set<String> notOrdinary = new HashSet<>(ids(detections));
            ScanTenants.messages(tenant.tenantId()).stream().filter(m -> m.path("threat").asBoolean())
                    .forEach(m -> notOrdinary.add(m.path("internetMessageId").asText()));
            files.filter(p -> p.toString().endsWith(".eml") && !p.equals(threatFile) && !notOrdinary.contains(messageIdOf(p)))
                    .limit(40).forEach(ordinary::add);
        }
        List<String> upns = new ArrayList<>();
        ScanTenants.summary(tenant.tenantId()).path("byMailbox").fieldNames().forEachRemaining(upns::add);
        ScanTenants.deliver(tenant.tenantId(), upns.get(0), withNewMessageId(Files.readAllBytes(threatFile), "sched-threat"));
        ScanTenants.deliver(tenant.tenantId(), upns.get(1), withNewMessageId(Files.readAllBytes(ordinary.get(0)), "sched-1"));
        ScanTenants.deliver(tenant.tenantId(), upns.get(2), withNewMessageId(Files.readAllBytes(ordinary.get(1)), "sched-2"));
        Outbox.sleep(1100); // Graph compares received times by the second: the window must end after them.

        Browser.Response fired = console.postJson("/local/schedules/ScanScheduleFunction.Daily", Map.of());
        assertThat(fired.status()).as(fired.toString()).isEqualTo(200);
        JsonNode scheduled = awaitCurrent(console, s -> "SCHEDULED".equals(s.path("kind").asText())
                && TenantJourney.scanFinished(s));
        assertThat(scheduled.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(scheduled.path("windowStart").asText()).isEqualTo(previous.path("windowEnd").asText());
        assertThat(scheduled.path("messagesScanned").asLong()).as("exactly the mail since the previous window").isEqualTo(3);
        assertThat(scheduled.path("threatsFound").asLong()).isEqualTo(1);
        assertThat(ThreatScanJourneyTest.allDetections(console, 100)).filteredOn(d -> d.path("scanId").asText()
                .equals(scheduled.path("id").asText())).singleElement()
                .satisfies(d -> assertThat(d.path("internetMessageId").asText()).contains("sched-threat"));
        // A scheduled scan that found a threat sends its report.
        Outbox.awaitNth(email, "Threat Scan", (int) reportsBefore + 1);
    }

    // --- helpers --------------------------------------------------------------------------------

    private static Set<String> ids(List<JsonNode> detections) {
        Set<String> ids = new HashSet<>();
        detections.forEach(d -> ids.add(d.path("internetMessageId").asText()));
        return ids;
    }

    private static JsonNode awaitCurrent(Browser console, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(SCAN_TIMEOUT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Browser.Response current = console.get("/api/scans/current");
            if (current.status() == 200) {
                last = current.json();
                if (done.test(last)) {
                    return last;
                }
            }
            Outbox.sleep(500);
        }
        throw new AssertionError("The scan did not get there in " + SCAN_TIMEOUT + "; last seen: " + last);
    }

    /** The generated .eml file whose Message-ID is {@code messageId}. */
    private static Path emlOf(ScanTenants.Loaded tenant, String messageId) throws Exception {
        try (var files = Files.walk(tenant.dir().resolve("mailboxes"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".eml")).toList()) {
                String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (text.contains(messageId)) {
                    return file;
                }
            }
        }
        throw new AssertionError("no file with Message-ID " + messageId);
    }

    private static String messageIdOf(Path eml) {
        try {
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("(?im)^Message-ID:\\s*(<[^>]*>)")
                    .matcher(Files.readString(eml, java.nio.charset.StandardCharsets.ISO_8859_1));
            return id.find() ? id.group(1) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The message with its Message-ID replaced (so it is a new message, not the scanned one). */
    private static byte[] withNewMessageId(byte[] eml, String marker) {
        String text = new String(eml, java.nio.charset.StandardCharsets.ISO_8859_1);
        String replaced = text.replaceFirst("(?im)^Message-ID:\\s*<([^>]*)>", "Message-ID: <" + marker + "-$1>");
        return replaced.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
