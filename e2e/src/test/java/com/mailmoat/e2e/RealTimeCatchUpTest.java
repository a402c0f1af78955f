package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real time that misses nothing (issue 17), on a local runtime of its own whose catch-up schedule runs
 * every {@link #CATCH_UP_PERIOD} (a setting; 15 minutes in AWS): a generated tenant in Protect for
 * everyone, then Microsoft's ways of losing mail — notifications dropped, duplicated and late, a
 * subscription removed, every delta link forgotten — and each delivered message is still checked
 * exactly once: one detection per malicious message, moved to quarantine once, clean mail left alone.
 * A subscription Microsoft refuses to renew shows in the console and is emailed to the administrator once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealTimeCatchUpTest {
    static final Duration CATCH_UP_PERIOD = Duration.ofSeconds(5);
    /** Queue hops and checks on a loaded two-core machine, beyond the catch-up period. */
    private static final Duration SLACK = Duration.ofSeconds(40);
    private static final String QUARANTINE = "Mailmoat Quarantine";
    private static final Path REAL_MAIL = LocalStack.root().resolve("e2e/src/test/resources/realmail");
    private static final List<String> MALICIOUS = List.of("phish-password.eml", "phish-invoice-attachment.eml");
    private static final List<String> CLEAN = List.of("ham-lunch.eml", "ham-quarterly.eml");

    private static LocalStack stack;
    private static TenantJourney admin;
    private static List<String> users;
    private static final Map<String, String> USER_IDS = new java.util.HashMap<>();

    /** One delivered message and what it should come to. */
    private record Delivered(String upn, JsonNode message, boolean malicious) {
        String immutableId() {
            return message.path("immutableId").asText();
        }

        String internetMessageId() {
            return message.path("internetMessageId").asText();
        }
    }

    @BeforeAll
    static void aTenantInProtectForEveryone() throws IOException {
        var tenant = TenantJourney.generate(TenantJourney.temporaryDirectory(), 17, "catchup-e2e.example");
        stack = LocalStack.startWith(List.of("--sim-tenant", tenant.dir().toString(),
                "--set", "MAILMOAT_LOCAL_SCHEDULE_SECONDS.CatchUpScheduleFunction.CatchUp=" + CATCH_UP_PERIOD.toSeconds()));
        admin = TenantJourney.signUp(stack, tenant);
        admin.connect();
        assertThat(admin.awaitScan().path("status").asText()).isEqualTo("COMPLETED");
        users = new ArrayList<>();
        for (JsonNode user : Browser.JSON.readTree(Files.readString(tenant.dir().resolve("users.json")))) {
            if (user.hasNonNull("mail")) {
                users.add(user.path("userPrincipalName").asText().toLowerCase());
                USER_IDS.put(user.path("userPrincipalName").asText().toLowerCase(), user.path("id").asText());
            }
        }
        assertThat(putMode("{\"mode\":\"DISABLED\",\"targetedTo\":{\"everyone\":true}}").status()).isEqualTo(202);
        admin.connect("/api/sso/consent?purpose=reconsent");
        Browser.Response protect = putMode("{\"mode\":\"PROTECT\",\"targetedTo\":{\"everyone\":true}}");
        assertThat(protect.status()).as(protect.toString()).isEqualTo(202);
        admin.connect("/api/sso/consent?purpose=reconsent");
        assertThat(admin.console.get("/api/account").json().path("mode").asText()).isEqualTo("PROTECT");
        TenantJourney.await("a subscription per mailbox", Duration.ofMinutes(2), RealTimeCatchUpTest::simSubscriptions,
                s -> s.size() == users.size());
        // The first catch-up sets each folder's delta link.
        Outbox.sleep(CATCH_UP_PERIOD.plusSeconds(3).toMillis());
    }

    @AfterEach
    void noFaults() {
        if (stack != null) {
            sim("DELETE", "/_sim/faults", null);
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void withAThirdOfNotificationsDroppedEveryMessageIsCheckedOnceWithinTheCatchUpPeriod() {
        int droppedBefore = dropped();
        faults("notifyDrop=0.3,seed=17");
        Instant since = Instant.now();
        List<Delivered> delivered = deliverMix(12);

        awaitOutcomes(delivered, CATCH_UP_PERIOD.plus(SLACK));
        assertThat(dropped() - droppedBefore).as("notifications the simulator never sent").isPositive();
        // One more period: a late catch-up or notification changes nothing.
        Outbox.sleep(CATCH_UP_PERIOD.plusSeconds(3).toMillis());
        assertExactlyOnce(delivered, since);
    }

    @Test
    @Order(2)
    void duplicatedAndLateNotificationsMakeNoSecondDetectionAndNoSecondMove() {
        faults("notifyDup=0.3,notifyDelayMs=4000");
        Instant since = Instant.now();
        List<Delivered> delivered = deliverMix(8);

        awaitOutcomes(delivered, CATCH_UP_PERIOD.plus(SLACK));
        // Every late copy has arrived, and a catch-up has seen every message too.
        Outbox.sleep(CATCH_UP_PERIOD.plusSeconds(5).toMillis());
        assertExactlyOnce(delivered, since);
    }

    @Test
    @Order(3)
    void aRemovedSubscriptionIsCreatedAgainAndMailDeliveredMeanwhileIsCaughtUp() {
        String upn = users.get(1);
        JsonNode removed = subscriptionOf(upn);
        Instant since = Instant.now();
        sim("POST", "/_sim/tenants/" + admin.tenant.tenantId() + "/subscriptions/" + removed.path("id").asText()
                + "/lifecycle", "{\"event\":\"subscriptionRemoved\"}");
        // Delivered while Microsoft has no subscription for the mailbox (and no notification could come anyway).
        faults("notifyDrop=1");
        List<Delivered> delivered = List.of(deliver(upn, MALICIOUS.get(0), true), deliver(upn, CLEAN.get(0), false));
        sim("DELETE", "/_sim/faults", null);

        JsonNode again = TenantJourney.await("the subscription created again", Duration.ofSeconds(60),
                () -> simSubscriptions().stream().filter(s -> s.path("userId").asText().equals(removed.path("userId").asText()))
                        .findFirst().orElse(null), s -> s != null && !s.path("id").asText().equals(removed.path("id").asText()));
        assertThat(again.path("lifecycleNotificationUrl").asText()).endsWith("/api/graph/lifecycle");
        assertThat(simSubscriptions()).hasSize(users.size());
        awaitOutcomes(delivered, CATCH_UP_PERIOD.plus(SLACK));
        Outbox.sleep(CATCH_UP_PERIOD.plusSeconds(3).toMillis());
        assertExactlyOnce(delivered, since);
    }

    @Test
    @Order(4)
    void forgottenDeltaLinksRescanTheRecentWindowSkippingNothingAndCheckingNothingTwice() {
        Instant since = Instant.now();
        JsonNode expired = sim("POST", "/_sim/tenants/" + admin.tenant.tenantId() + "/delta/expire", "{}");
        assertThat(expired.path("expired").asInt()).as("links the catch-up had stored").isPositive();
        faults("notifyDrop=1");
        List<Delivered> delivered = List.of(deliver(users.get(2), MALICIOUS.get(1), true),
                deliver(users.get(3 % users.size()), CLEAN.get(1), false));
        sim("DELETE", "/_sim/faults", null);

        awaitOutcomes(delivered, CATCH_UP_PERIOD.plus(SLACK));
        Outbox.sleep(CATCH_UP_PERIOD.plusSeconds(3).toMillis());
        // The re-scan went over every message of the recent window: each earlier one stopped at its claim.
        assertExactlyOnce(delivered, since);
    }

    @Test
    @Order(5)
    void aRenewalMicrosoftRefusesShowsInTheConsoleAndIsEmailedOnce() {
        JsonNode subscription = subscriptionOf(users.get(0));
        String lifecycle = "/_sim/tenants/" + admin.tenant.tenantId() + "/subscriptions/" + subscription.path("id").asText()
                + "/lifecycle";
        assertThat(admin.console.get("/api/realtime/summary").json().path("subscriptionProblem").isNull()).isTrue();
        faults("subscriptionMaxMinutes=30");
        sim("POST", lifecycle, "{\"event\":\"reauthorizationRequired\"}");
        JsonNode problem = TenantJourney.await("the problem in the console", Duration.ofSeconds(60),
                () -> admin.console.get("/api/realtime/summary").json().path("subscriptionProblem"), p -> !p.isNull());
        assertThat(problem.path("message").asText()).contains("renew");
        JsonNode email = admin.awaitEmail("real-time protection needs attention");
        assertThat(email.path("text").asText()).contains("Microsoft refused");

        sim("POST", lifecycle, "{\"event\":\"reauthorizationRequired\"}");
        Outbox.sleep(5000);
        assertThat(admin.emails("real-time protection needs attention")).as("one email, not repeated").hasSize(1);

        sim("DELETE", "/_sim/faults", null);
        sim("POST", lifecycle, "{\"event\":\"reauthorizationRequired\"}");
        TenantJourney.await("the problem resolved", Duration.ofSeconds(60),
                () -> admin.console.get("/api/realtime/summary").json().path("subscriptionProblem"), JsonNode::isNull);
    }

    // --- helpers --------------------------------------------------------------------------------

    private static Browser.Response putMode(String body) {
        return admin.console.send(HttpRequest.newBuilder(admin.console.uri("/api/mode"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code count} messages, half malicious, spread over every mailbox. */
    private static List<Delivered> deliverMix(int count) {
        List<Delivered> delivered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean malicious = i % 2 == 0;
            List<String> fixtures = malicious ? MALICIOUS : CLEAN;
            delivered.add(deliver(users.get(i % users.size()), fixtures.get((i / 2) % fixtures.size()), malicious));
        }
        return delivered;
    }

    private static Delivered deliver(String upn, String fixture, boolean malicious) {
        try {
            String eml = Files.readString(REAL_MAIL.resolve(fixture)).replaceFirst("(?mi)^Message-ID:.*$",
                    "Message-ID: <" + UUID.randomUUID() + "@catchup.test>");
            JsonNode message = sim("POST", "/_sim/tenants/" + admin.tenant.tenantId() + "/deliver",
                    Browser.write(Map.of("to", upn, "eml", eml, "folder", "inbox")));
            return new Delivered(upn, message, malicious);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until every malicious message is in quarantine; returns how long that took. */
    private static Duration awaitOutcomes(List<Delivered> delivered, Duration within) {
        Instant start = Instant.now();
        for (Delivered d : delivered) {
            if (d.malicious()) {
                Duration left = within.minus(Duration.between(start, Instant.now()));
                TenantJourney.await(d.internetMessageId() + " in quarantine", left.isNegative() ? Duration.ZERO : left,
                        () -> where(d), m -> QUARANTINE.equals(m.path("folder").asText()));
            }
        }
        return Duration.between(start, Instant.now());
    }

    /**
     * Each malicious message: one detection, in quarantine after exactly one move; each clean one: no
     * detection, where it arrived; and the real-time path checked exactly as many messages as were delivered.
     */
    private static void assertExactlyOnce(List<Delivered> delivered, Instant since) {
        List<JsonNode> detections = ThreatScanJourneyTest.allDetections(admin.console, 200);
        for (Delivered d : delivered) {
            List<JsonNode> mine = detections.stream()
                    .filter(x -> x.path("internetMessageId").asText().equals(d.internetMessageId())).toList();
            JsonNode now = where(d);
            if (d.malicious()) {
                assertThat(mine).as("detections of " + d.internetMessageId()).hasSize(1);
                assertThat(mine.get(0).path("source").asText()).isEqualTo("REAL_TIME");
                assertThat(now.path("folder").asText()).isEqualTo(QUARANTINE);
                assertThat(now.path("graphMoves").asInt()).as("moves of " + d.internetMessageId()).isEqualTo(1);
            } else {
                assertThat(mine).as("detections of clean " + d.internetMessageId()).isEmpty();
                assertThat(now.path("folder").asText()).isEqualTo("Inbox");
                assertThat(now.path("graphMoves").asInt()).isZero();
            }
        }
        List<JsonNode> checks = new ArrayList<>();
        admin.console.get("/api/realtime/summary?events=50").json().path("lastEvents").forEach(e -> {
            if (!Instant.parse(e.path("at").asText()).isBefore(since)) {
                checks.add(e);
            }
        });
        assertThat(checks).as("messages checked since delivery: each exactly once").hasSize(delivered.size());
        assertThat(checks.stream().filter(e -> e.path("action").asText().equals("QUARANTINED")).count())
                .isEqualTo(delivered.stream().filter(Delivered::malicious).count());
    }

    private static JsonNode where(Delivered d) {
        for (JsonNode m : sim("GET", "/_sim/tenants/" + admin.tenant.tenantId() + "/mailboxes/" + d.upn() + "/messages", null)
                .path("value")) {
            if (m.path("immutableId").asText().equals(d.immutableId())) {
                return m;
            }
        }
        throw new AssertionError("No message " + d.immutableId() + " in " + d.upn());
    }

    private static List<JsonNode> simSubscriptions() {
        List<JsonNode> all = new ArrayList<>();
        sim("GET", "/_sim/tenants/" + admin.tenant.tenantId() + "/subscriptions", null).path("value").forEach(all::add);
        return all;
    }

    private static JsonNode subscriptionOf(String upn) {
        String userId = USER_IDS.get(upn);
        return simSubscriptions().stream().filter(s -> s.path("userId").asText().equalsIgnoreCase(userId)).findFirst()
                .orElseThrow(() -> new AssertionError("no subscription for " + upn));
    }

    private static int dropped() {
        return simSubscriptions().stream().mapToInt(s -> s.path("notificationsDropped").asInt()).sum();
    }

    private static void faults(String spec) {
        sim("PUT", "/_sim/faults", Browser.write(Map.of("spec", spec)));
    }

    private static JsonNode sim(String method, String path, String json) {
        String base = stack.startupValue("Microsoft 365 simulator");
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> answer = MicrosoftConsentTest.MICROSOFT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(method + " " + path + " -> " + answer.body()).isBetween(200, 299);
            return answer.body().isBlank() ? Browser.JSON.createObjectNode() : Browser.JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
