package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Real-time Monitor and Protect through the built local runtime and the simulator (issue 15): an
 * account put in Protect for one user gets one Graph subscription; malicious mail delivered to that
 * user is in quarantine within 10 seconds, clean mail stays, a mailbox outside Targeted To is not
 * touched; a forged notification changes nothing, a duplicated one makes one detection; in Monitor
 * malicious mail stays and is recorded as a real-time detection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealTimeJourneyTest {
    private static final Duration QUARANTINE_WITHIN = Duration.ofSeconds(10);
    private static final String QUARANTINE = "Mailmoat Quarantine";
    private static final java.time.format.DateTimeFormatter FIXED = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
    private static final Path REAL_MAIL = LocalStack.root().resolve("e2e/src/test/resources/realmail");
    /** A partner's mail and a lookalike of it (kept apart: the real-mail tenant of ThreatScanJourneyTest loads realmail/). */
    private static final Path PARTNER_MAIL = LocalStack.root().resolve("e2e/src/test/resources/partnermail");

    private static ScanTenants.Loaded tenant;
    private static Browser console;
    private static String protectedUser;
    private static String outsideUser;

    @Test
    @Order(1)
    void protectQuarantinesMaliciousMailWithinTenSecondsKeepsCleanMailAndLeavesOtherMailboxesAlone() throws IOException {
        tenant = ScanTenants.generate("realtime", 31, 3, "0000c4a5-0000-4000-8000-0000000000f1");
        List<String> users = mailboxUsers(tenant);
        protectedUser = users.get(1);
        outsideUser = users.get(2);
        // a partner's ordinary mail in the 30 days the first Threat Scan reads: the sender history knows it
        deliver(protectedUser, PARTNER_MAIL.resolve("ham-partner-shipment.eml"));
        console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        ScanTenants.connect(console, tenant.adminUpn());
        // The first Threat Scan writes the sender history real-time checks judge with (and keep for a while);
        // it finishes before the mode changes below (in Disabled, a scan judges nothing).
        await(() -> {
            Browser.Response current = console.get("/api/scans/current");
            return current.status() == 200 ? current.json().path("status").asText() : "";
        }, "COMPLETED"::equals);
        assertThat(simSubscriptions()).as("Threat Scan Only: no subscription").isEmpty();

        // THREAT_SCAN_ONLY -> DISABLED -> re-consent -> PROTECT for one user -> re-consent (until the upgrade lands).
        assertThat(putMode("{\"mode\":\"DISABLED\",\"targetedTo\":{\"everyone\":true}}").status()).isEqualTo(202);
        ScanTenants.reconsent(console, tenant.adminUpn());
        await(() -> console.get("/api/directory/users?q=" + protectedUser.substring(0, protectedUser.indexOf('@'))).json()
                .path("items"), items -> items.size() == 1);
        Browser.Response protect = putMode("{\"mode\":\"PROTECT\",\"targetedTo\":{\"users\":[\"" + protectedUser + "\"]}}");
        assertThat(protect.status()).as(protect.toString()).isEqualTo(202);
        ScanTenants.reconsent(console, tenant.adminUpn());
        assertThat(console.get("/api/account").json().path("mode").asText()).isEqualTo("PROTECT");

        List<JsonNode> subscriptions = await(RealTimeJourneyTest::simSubscriptions, s -> s.size() == 1);
        JsonNode subscription = subscriptions.get(0);
        assertThat(subscription.path("notificationUrl").asText()).isEqualTo(console.uri("/api/graph/notifications").toString());
        assertThat(subscription.path("lifecycleNotificationUrl").asText()).isEqualTo(console.uri("/api/graph/lifecycle").toString());
        assertThat(subscription.path("changeType").asText()).isEqualTo("created");
        assertThat(subscription.path("immutableIds").asBoolean()).isTrue();
        assertThat(subscription.path("clientState").asText()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(Instant.parse(subscription.path("expirationDateTime").asText()))
                .isBefore(Instant.now().plus(Duration.ofMinutes(4230))).isAfter(Instant.now().plus(Duration.ofHours(70)));
        // Microsoft lists the subscription as soon as it exists; our record follows when its creation returns.
        JsonNode summary = await(() -> console.get("/api/realtime/summary").json(),
                s -> s.path("protectedMailboxes").asInt() == 1, Duration.ofSeconds(30));
        assertThat(summary.path("active").asBoolean()).isTrue();
        assertThat(summary.path("protectedMailboxes").asInt()).isEqualTo(1);

        // Malicious mail to the protected user: in quarantine within 10 s.
        Instant delivered = Instant.now();
        JsonNode phish = deliver(protectedUser, "phish-password.eml");
        JsonNode quarantined = await(() -> message(protectedUser, phish), m -> QUARANTINE.equals(m.path("folder").asText()),
                Duration.ofSeconds(30));
        Duration took = Duration.between(delivered, Instant.now());
        assertThat(took).as("delivery to quarantine").isLessThanOrEqualTo(QUARANTINE_WITHIN);
        assertThat(quarantined.path("immutableId").asText()).isEqualTo(phish.path("immutableId").asText());
        assertThat(folder(protectedUser, quarantined.path("folderId").asText()).path("isHidden").asBoolean())
                .as("the quarantine folder is hidden from the user").isTrue();
        JsonNode detection = detectionOf(phish);
        assertThat(detection.path("source").asText()).isEqualTo("REAL_TIME");
        assertThat(detection.path("level").asText()).isEqualTo("MALICIOUS");
        assertThat(detection.path("mailbox").asText()).isEqualToIgnoringCase(protectedUser);

        // Clean mail stays where it arrived.
        long checkedBefore = checkedToday();
        JsonNode lunch = deliver(protectedUser, "ham-lunch.eml");
        await(RealTimeJourneyTest::checkedToday, n -> n > checkedBefore);
        assertThat(message(protectedUser, lunch).path("folder").asText()).isEqualTo("Inbox");
        assertThat(detections(lunch)).isEmpty();

        // A mailbox outside Targeted To has no subscription: its malicious mail is not touched in real time.
        JsonNode outside = deliver(outsideUser, "phish-invoice-attachment.eml");
        Outbox.sleep(5000);
        assertThat(message(outsideUser, outside).path("folder").asText()).isEqualTo("Inbox");
        assertThat(detections(outside)).isEmpty();

        JsonNode after = console.get("/api/realtime/summary").json();
        assertThat(after.path("today").path("blocked").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(after.path("lastEvents").get(0).path("action").asText()).isEqualTo("PASSED");
        assertThat(after.path("lastEvents").findValuesAsText("action")).contains("QUARANTINED");
    }

    @Test
    @Order(2)
    void aForgedNotificationChangesNothingAndADuplicatedOneMakesOneDetection() throws IOException {
        assertThat(console).as("runs after the Protect test").isNotNull();
        JsonNode subscription = simSubscriptions().get(0);

        // Mail whose notification is lost, then a notification for it with a guessed clientState.
        ScanTenants.faults("notifyDrop=1");
        JsonNode phish;
        try {
            phish = deliver(protectedUser, "phish-password.eml");
        } finally {
            ScanTenants.clearFaults();
        }
        long rejectedBefore = console.get("/api/realtime/summary").json().path("today").path("rejectedNotifications").asLong();
        String forged = Browser.write(Map.of("value", List.of(Map.of(
                "subscriptionId", subscription.path("id").asText(),
                "clientState", "not-the-secret",
                "changeType", "created",
                "tenantId", tenant.tenantId(),
                "resource", "users/x/messages/" + phish.path("immutableId").asText(),
                "resourceData", Map.of("@odata.type", "#Microsoft.Graph.Message", "id", phish.path("immutableId").asText())))));
        Browser.Response answer = Browser.forLocalStack().postRaw("/api/graph/notifications", "application/json", forged);
        assertThat(answer.status()).isEqualTo(202);
        Outbox.sleep(4000);
        assertThat(message(protectedUser, phish).path("folder").asText()).isEqualTo("Inbox");
        assertThat(detections(phish)).isEmpty();
        assertThat(console.get("/api/realtime/summary").json().path("today").path("rejectedNotifications").asLong())
                .isEqualTo(rejectedBefore + 1);

        // Every notification sent twice: one detection, one quarantine move.
        ScanTenants.faults("notifyDup=1");
        JsonNode twice;
        try {
            twice = deliver(protectedUser, "phish-invoice-attachment.eml");
            await(() -> message(protectedUser, twice), m -> QUARANTINE.equals(m.path("folder").asText()), Duration.ofSeconds(30));
            Outbox.sleep(3000);
        } finally {
            ScanTenants.clearFaults();
        }
        assertThat(detections(twice)).hasSize(1);
        assertThat(simSubscriptions().get(0).path("notificationsSent").asInt())
                .isGreaterThanOrEqualTo(subscription.path("notificationsSent").asInt() + 2);
    }

    @Test
    @Order(3)
    void monitorLeavesMaliciousMailWhereItIsAndRecordsARealTimeDetection() throws IOException {
        assertThat(console).as("runs after the Protect test").isNotNull();
        Browser.Response monitor = putMode("{\"mode\":\"MONITOR\",\"targetedTo\":{\"users\":[\"" + protectedUser + "\"]}}");
        assertThat(monitor.status()).as(monitor.toString()).isEqualTo(202);
        ScanTenants.reconsent(console, tenant.adminUpn());
        assertThat(console.get("/api/account").json().path("mode").asText()).isEqualTo("MONITOR");
        Outbox.sleep(2000); // the mode change's sync keeps the one subscription
        assertThat(simSubscriptions()).hasSize(1);

        JsonNode phish = deliver(protectedUser, "phish-invoice-attachment.eml");
        JsonNode detection = await(() -> detections(phish), d -> !d.isEmpty(), Duration.ofSeconds(10)).get(0);
        assertThat(detection.path("source").asText()).isEqualTo("REAL_TIME");
        assertThat(detection.path("status").asText()).isEqualTo("DETECTED");
        Outbox.sleep(3000);
        assertThat(message(protectedUser, phish).path("folder").asText()).isEqualTo("Inbox");
    }

    @Test
    @Order(4)
    void aSubscriptionNearItsExpiryIsRenewedAtMicrosoftByTheRenewalSync() {
        assertThat(console).as("runs after the Protect test").isNotNull();
        JsonNode before = simSubscriptions().get(0);
        String id = before.path("id").asText();
        Instant microsoftExpiry = Instant.parse(before.path("expirationDateTime").asText());
        String accountId;
        try (var dynamo = LocalTables.dynamo(); var sqs = LocalTables.sqs()) {
            accountId = dynamo.getItem(r -> r.tableName("RealTimeTable").consistentRead(true).key(Map.of(
                    "accountId", AttributeValue.fromS("SUBSCRIPTION#" + id), "sk", AttributeValue.fromS("OWNER"))))
                    .item().get("ownerAccountId").s();
            // As if 69 of its 70 hours had passed: an hour left by our record.
            Instant soon = Instant.now().plus(Duration.ofHours(1));
            dynamo.updateItem(r -> r.tableName("RealTimeTable").key(Map.of("accountId", AttributeValue.fromS(accountId),
                            "sk", AttributeValue.fromS("SUB#" + id)))
                    .updateExpression("SET subscriptionExpiresAt = :at, expiryDay = :day")
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(FIXED.format(soon)),
                            ":day", AttributeValue.fromS(soon.toString().substring(0, 10)))));
            // What the renewal schedule queues for an account with a subscription due.
            String queue = sqs.getQueueUrl(r -> r.queueName("SubscriptionSyncQueue")).queueUrl();
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody("{\"accountId\":\"" + accountId + "\",\"reason\":\"RENEWAL\"}"));
        }
        JsonNode renewed = await(() -> simSubscriptions().get(0),
                s -> Instant.parse(s.path("expirationDateTime").asText()).isAfter(microsoftExpiry), Duration.ofSeconds(60));
        assertThat(renewed.path("id").asText()).as("renewed, not replaced").isEqualTo(id);
        assertThat(Instant.parse(renewed.path("expirationDateTime").asText())).isAfter(Instant.now().plus(Duration.ofHours(70)));
        assertThat(Instant.parse(console.get("/api/realtime/summary").json().path("nextSubscriptionExpiry").asText()))
                .as("our record follows Microsoft's").isAfter(Instant.now().plus(Duration.ofHours(70)));
    }

    @Test
    @Order(5)
    void aFirstContactFromALookalikeOfAPartnerTheScanSawIsNamedAsSuch() throws IOException {
        assertThat(console).as("runs after the Monitor test").isNotNull();
        JsonNode lookalike = deliver(protectedUser, PARTNER_MAIL.resolve("phish-partner-lookalike-bank.eml"));
        JsonNode detection = await(() -> detections(lookalike), d -> !d.isEmpty(), Duration.ofSeconds(20)).get(0);
        assertThat(detection.path("source").asText()).isEqualTo("REAL_TIME");

        JsonNode reasons = console.get("/api/detections/" + detection.path("id").asText()).json().path("reasons");
        assertThat(reasons.findValuesAsText("rule")).contains("IMP_KNOWN_SENDER_LOOKALIKE_DOMAIN", "CTX_FIRST_CONTACT");
        assertThat(reasons.findValuesAsText("evidence")).anySatisfy(evidence -> assertThat(evidence)
                .contains("tailspin-frieght.example resembles tailspin-freight.example, a correspondent"));
    }

    // --- helpers --------------------------------------------------------------------------------

    /** The tenant's users with a mailbox, the Global Administrator first (as the generator writes them). */
    private static List<String> mailboxUsers(ScanTenants.Loaded loaded) throws IOException {
        List<String> upns = new ArrayList<>();
        for (JsonNode user : Browser.JSON.readTree(Files.readString(loaded.dir().resolve("users.json")))) {
            if (user.hasNonNull("mail")) {
                upns.add(user.path("userPrincipalName").asText().toLowerCase());
            }
        }
        assertThat(upns.get(0)).isEqualToIgnoringCase(loaded.adminUpn());
        return upns;
    }

    private static Browser.Response putMode(String body) {
        return console.send(HttpRequest.newBuilder(console.uri("/api/mode"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Delivers a fixture message (with a fresh Message-ID) as new mail; answers the simulator's message state. */
    private static JsonNode deliver(String upn, String fixture) throws IOException {
        return deliver(upn, REAL_MAIL.resolve(fixture));
    }

    private static JsonNode deliver(String upn, Path fixture) throws IOException {
        String eml = Files.readString(fixture).replaceFirst("(?mi)^Message-ID:.*$",
                "Message-ID: <" + UUID.randomUUID() + "@realtime.test>");
        HttpResponse<String> answer = sim("POST", "/_sim/tenants/" + tenant.tenantId() + "/deliver",
                Browser.write(Map.of("to", upn, "eml", eml, "folder", "inbox")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return Browser.JSON.readTree(answer.body());
    }

    private static JsonNode message(String upn, JsonNode delivered) {
        try {
            for (JsonNode m : Browser.JSON.readTree(sim("GET", "/_sim/tenants/" + tenant.tenantId() + "/mailboxes/" + upn
                    + "/messages", null).body()).path("value")) {
                if (m.path("immutableId").asText().equals(delivered.path("immutableId").asText())) {
                    return m;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("No message " + delivered.path("immutableId").asText() + " in " + upn);
    }

    /** A folder of the mailbox by id, as the simulator stores it (hidden ones included). */
    private static JsonNode folder(String upn, String folderId) {
        try {
            for (JsonNode f : Browser.JSON.readTree(sim("GET", "/_sim/tenants/" + tenant.tenantId() + "/mailboxes/" + upn
                    + "/folders", null).body()).path("value")) {
                if (f.path("id").asText().equals(folderId)) {
                    return f;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("No folder " + folderId + " in " + upn);
    }

    private static List<JsonNode> simSubscriptions() {
        try {
            List<JsonNode> all = new ArrayList<>();
            Browser.JSON.readTree(sim("GET", "/_sim/tenants/" + tenant.tenantId() + "/subscriptions", null).body())
                    .path("value").forEach(all::add);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> detections(JsonNode delivered) {
        String internetMessageId = delivered.path("internetMessageId").asText();
        return ThreatScanJourneyTest.allDetections(console, 200).stream()
                .filter(d -> d.path("internetMessageId").asText().equals(internetMessageId)).toList();
    }

    private static JsonNode detectionOf(JsonNode delivered) {
        List<JsonNode> found = await(() -> detections(delivered), d -> !d.isEmpty());
        assertThat(found).as("one detection per message").hasSize(1);
        return found.get(0);
    }

    private static long checkedToday() {
        return console.get("/api/realtime/summary").json().path("today").path("checked").asLong();
    }

    private static HttpResponse<String> sim(String method, String path, String json) {
        return ScanTenants.simulator(method, path, json);
    }

    private static <T> T await(Supplier<T> read, Predicate<T> done) {
        return await(read, done, Duration.ofMinutes(2));
    }

    private static <T> T await(Supplier<T> read, Predicate<T> done, Duration within) {
        Instant deadline = Instant.now().plus(within);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Outbox.sleep(200);
        }
        throw new AssertionError("Timed out after " + within + "; last seen: " + last);
    }
}
