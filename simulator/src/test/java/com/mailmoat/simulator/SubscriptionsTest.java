package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.PAT;
import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Graph change notifications: the handshake, subscription CRUD, deliveries, retries, faults and lifecycle events. */
class SubscriptionsTest {

    private static final Optional<MicrosoftReference> REFERENCE = MicrosoftReference.locate();
    private static final String IMMUTABLE = "IdType=\"ImmutableId\"";

    private Simulator simulator;
    private SimHttp http;
    private String token;
    private WebhookReceiver receiver;
    private String userId;

    @BeforeEach
    void start() throws Exception {
        simulator = Simulator.start(SimulatorOptions.defaults());
        simulator.loadTenant(FABRIKAM);
        simulator.grantConsent(FABRIKAM_ID);
        http = new SimHttp(simulator);
        token = http.appToken(FABRIKAM_ID);
        receiver = new WebhookReceiver();
        userId = json(http.get(http.graph("/users/" + PAT), token).body()).get("id").asText();
    }

    @AfterEach
    void stop() {
        simulator.close();
        receiver.close();
    }

    @Test
    void creatingValidatesBothUrlsThenListsGetsRenewsReauthorizesAndDeletes() {
        HttpResponse<String> created = create("/users/" + PAT + "/messages", 60, "lifecycle");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode subscription = json(created.body());
        String id = subscription.get("id").asText();
        assertThat(subscription.get("@odata.context").asText()).endsWith("/$metadata#subscriptions/$entity");
        assertThat(subscription.get("clientState").asText()).isEqualTo("secret-client-state");
        assertThat(subscription.get("changeType").asText()).isEqualTo("created");
        assertThat(subscription.get("applicationId").asText()).isEqualTo(simulator.clientId());
        assertThat(subscription.get("notificationContentType").asText()).isEqualTo("application/json");
        assertThat(subscription.get("lifecycleNotificationUrl").asText()).isEqualTo(receiver.url("/lifecycle"));

        // Graph POSTed ?validationToken= to both URLs, text/plain, a token that needs URL-decoding.
        assertThat(receiver.validations()).hasSize(2);
        assertThat(receiver.validations().get(0)).contains(" ").startsWith("Validation: ");
        assertThat(receiver.validationContentTypes()).allMatch(t -> t.startsWith("text/plain"));

        JsonNode list = json(http.get(http.graph("/subscriptions"), token).body());
        assertThat(list.get("value")).hasSize(1);
        assertThat(list.get("value").get(0).get("id").asText()).isEqualTo(id);
        assertThat(http.get(http.graph("/subscriptions/" + id), token).statusCode()).isEqualTo(200);

        String later = Instant.now().plus(Duration.ofMinutes(4000)).toString();
        HttpResponse<String> renewed = http.send(request("PATCH", "/subscriptions/" + id,
                "{\"expirationDateTime\":\"" + later + "\"}"));
        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat(Instant.parse(json(renewed.body()).get("expirationDateTime").asText())).isEqualTo(Instant.parse(later));
        HttpResponse<String> tooLong = http.send(request("PATCH", "/subscriptions/" + id, "{\"expirationDateTime\":\""
                + Instant.now().plus(Duration.ofMinutes(4300)) + "\"}"));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong.body()).get("error").get("message").asText())
                .isEqualTo("Subscription expiration can only be 4230 minutes in the future.");

        assertThat(http.send(request("POST", "/subscriptions/" + id + "/reauthorize", "")).statusCode()).isEqualTo(204);
        assertThat(simulator.summary(FABRIKAM_ID).subscriptions()).isEqualTo(1);
        JsonNode control = json(http.get(simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID + "/subscriptions", null)
                .body()).get("value");
        assertThat(control).hasSize(1);
        assertThat(control.get(0).get("notificationUrl").asText()).isEqualTo(receiver.url("/notify"));

        assertThat(http.send(request("DELETE", "/subscriptions/" + id, null)).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = http.get(http.graph("/subscriptions/" + id), token);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(simulator.summary(FABRIKAM_ID).subscriptions()).isZero();
    }

    @Test
    void theMaximumLifetimeIsASettingBecauseTheDocumentsDisagree() throws Exception {
        assertThat(create("/users/" + PAT + "/messages", 4231, null).statusCode()).isEqualTo(400);
        assertThat(create("/users/" + PAT + "/messages", 4200, null).statusCode()).isEqualTo(201);
        try (Simulator week = Simulator.start(SimulatorOptions.builder().subscriptionMaxMinutes(10080).build())) {
            week.loadTenant(FABRIKAM);
            week.grantConsent(FABRIKAM_ID);
            SimHttp weekHttp = new SimHttp(week);
            String weekToken = weekHttp.appToken(FABRIKAM_ID);
            HttpResponse<String> sevenDays = weekHttp.postJson(week.graphBaseUrl() + "/subscriptions", weekToken,
                    body("/users/" + PAT + "/messages", 10_000, null));
            assertThat(sevenDays.statusCode()).as(sevenDays.body()).isEqualTo(201);
        }
        simulator.faults().apply("subscriptionMaxMinutes=10080");
        assertThat(create("/users/" + PAT + "/messages", 10_000, null).statusCode()).isEqualTo(201);
    }

    @Test
    void failedValidationCreatesNoSubscription() {
        receiver.validation(WebhookReceiver.Validation.STATUS_500);
        HttpResponse<String> refused = create("/users/" + PAT + "/messages", 60, null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused.body()).get("error").get("code").asText()).isEqualTo("ValidationError");
        assertThat(json(refused.body()).get("error").get("message").asText()).isEqualTo("Subscription validation request"
                + " failed. Notification endpoint must respond with 200 OK to validation request.");

        receiver.validation(WebhookReceiver.Validation.WRONG_TEXT);
        assertThat(json(create("/users/" + PAT + "/messages", 60, null).body()).get("error").get("message").asText())
                .isEqualTo("Subscription validation request failed. Response must exactly match validationToken query"
                        + " parameter.");

        receiver.validation(WebhookReceiver.Validation.SLOW);
        simulator.faults().apply("validationTimeoutMs=500");
        HttpResponse<String> slow = create("/users/" + PAT + "/messages", 60, null);
        assertThat(slow.statusCode()).isEqualTo(400);
        assertThat(json(slow.body()).get("error").get("message").asText()).isEqualTo(
                "Subscription validation request timed out.");

        // A lifecycle URL that fails fails the whole creation.
        receiver.validation(WebhookReceiver.Validation.ECHO);
        HttpResponse<String> badLifecycle = http.postJson(http.graph("/subscriptions"), token, body("/users/" + PAT
                + "/messages", 60, null).replace("}", ",\"lifecycleNotificationUrl\":\"http://127.0.0.1:9/nothing\"}"));
        assertThat(badLifecycle.statusCode()).isEqualTo(400);

        // Nothing beyond loopback is contacted; plain http elsewhere is refused outright.
        HttpResponse<String> remote = http.postJson(http.graph("/subscriptions"), token, body("/users/" + PAT
                + "/messages", 60, null).replace(receiver.url("/notify"), "https://webhook.example.com/notify"));
        assertThat(json(remote.body()).get("error").get("code").asText()).isEqualTo("ValidationError");
        HttpResponse<String> plain = http.postJson(http.graph("/subscriptions"), token, body("/users/" + PAT
                + "/messages", 60, null).replace(receiver.url("/notify"), "http://webhook.example.com/notify"));
        assertThat(plain.statusCode()).isEqualTo(400);

        assertThat(json(http.get(http.graph("/subscriptions"), token).body()).get("value")).isEmpty();
    }

    @Test
    void badRequestsAndMissingPermissionsAreRefused() {
        String tooLong = "x".repeat(129);
        assertThat(http.postJson(http.graph("/subscriptions"), token, body("/users/" + PAT + "/messages", 60, null)
                .replace("secret-client-state", tooLong)).statusCode()).isEqualTo(400);
        assertThat(create("/users/" + PAT + "/contacts", 60, null).statusCode()).isEqualTo(400);
        assertThat(create("/users/nobody@fabrikam-test.example/messages", 60, null).statusCode()).isEqualTo(400);
        assertThat(http.postJson(http.graph("/subscriptions"), token, body("/users/" + PAT + "/messages", -5, null))
                .statusCode()).isEqualTo(400);

        simulator.grantConsent(FABRIKAM_ID, Set.of("User.Read.All"));
        token = http.appToken(FABRIKAM_ID);
        HttpResponse<String> forbidden = create("/users/" + PAT + "/messages", 60, null);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(receiver.validations()).as("refused before any handshake").isEmpty();
    }

    @Test
    void newMailIsNotifiedAsMicrosoftDocumentsWithTheClientStateAndTheMessageId() throws Exception {
        String id = json(create("/users/" + userId + "/messages", 60, null).body()).get("id").asText();
        SimMessage delivered = deliver("Notify me", "inbox");

        WebhookReceiver.Received received = receiver.next(Duration.ofSeconds(5));
        assertThat(received).isNotNull();
        assertThat(received.path()).isEqualTo("/notify");
        assertThat(received.contentType()).startsWith("application/json");
        JsonNode item = received.body().get("value").get(0);
        assertThat(item.get("subscriptionId").asText()).isEqualTo(id);
        assertThat(item.get("clientState").asText()).isEqualTo("secret-client-state");
        assertThat(item.get("changeType").asText()).isEqualTo("created");
        assertThat(item.get("tenantId").asText()).isEqualTo(FABRIKAM_ID);
        assertThat(item.get("resourceData").get("id").asText()).isEqualTo(delivered.id());
        assertThat(item.get("resourceData").get("@odata.type").asText()).isEqualTo("#Microsoft.Graph.Message");
        assertThat(item.get("resource").asText()).endsWith("/messages/" + delivered.id());
        // The id in the notification reaches the message.
        assertThat(http.get(http.graph("/users/" + PAT + "/messages/" + item.get("resourceData").get("id").asText()),
                token).statusCode()).isEqualTo(200);

        REFERENCE.ifPresent(reference -> assertThat(JsonShape.differences(reference.json("subscriptions.md",
                "Change notification payload (webhooks concept page)", 0), received.body(), Map.of())).isEmpty());
    }

    @Test
    void aSubscriptionCreatedWithImmutableIdsNotifiesImmutableIds() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.graph("/subscriptions")))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Prefer", IMMUTABLE)
                .POST(HttpRequest.BodyPublishers.ofString(body("/users/" + PAT + "/messages", 60, null))).build();
        assertThat(http.send(request).statusCode()).isEqualTo(201);
        SimMessage delivered = deliver("Immutable please", "inbox");
        JsonNode item = receiver.next(Duration.ofSeconds(5)).body().get("value").get(0);
        assertThat(item.get("resourceData").get("id").asText()).isEqualTo(delivered.immutableId());
    }

    @Test
    void aFolderSubscriptionHearsOnlyItsFolder() throws Exception {
        assertThat(create("users/" + PAT + "/mailFolders('inbox')/messages", 60, null).statusCode()).isEqualTo(201);
        deliver("To junk", "junkemail");
        SimMessage inbox = deliver("To inbox", "inbox");
        List<WebhookReceiver.Received> all = receiver.drain(Duration.ofMillis(1_500));
        assertThat(all).hasSize(1);
        assertThat(all.get(0).body().get("value").get(0).get("resourceData").get("id").asText()).isEqualTo(inbox.id());
    }

    @Test
    void aReceiverThatFailsIsRetriedWithBackoff() throws Exception {
        receiver.answer(500, 503);
        create("/users/" + PAT + "/messages", 60, null);
        Instant sent = Instant.now();
        SimMessage delivered = deliver("Retry me", "inbox");
        WebhookReceiver.Received first = receiver.next(Duration.ofSeconds(5));
        WebhookReceiver.Received second = receiver.next(Duration.ofSeconds(5));
        WebhookReceiver.Received third = receiver.next(Duration.ofSeconds(8));
        assertThat(third).as("the third attempt").isNotNull();
        assertThat(third.body()).isEqualTo(first.body());
        assertThat(Duration.between(first.at(), second.at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(Duration.between(second.at(), third.at())).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
        assertThat(third.body().get("value").get(0).get("resourceData").get("id").asText()).isEqualTo(delivered.id());
        assertThat(receiver.next(Duration.ofSeconds(2))).as("no more after a 2xx").isNull();
        JsonNode control = json(http.get(simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID + "/subscriptions", null)
                .body()).get("value").get(0);
        assertThat(control.get("notificationsFailed").asInt()).isEqualTo(2);
        assertThat(control.get("notificationsSent").asInt()).isEqualTo(1);
        assertThat(sent).isBefore(first.at());
    }

    @Test
    void notificationFaultsDropDuplicateAndDelay() throws Exception {
        create("/users/" + PAT + "/messages", 60, null);
        simulator.faults().apply("notifyDrop=1");
        deliver("Dropped", "inbox");
        assertThat(receiver.drain(Duration.ofMillis(1_000))).isEmpty();

        simulator.faults().reset().apply("notifyDup=1");
        deliver("Twice", "inbox");
        List<WebhookReceiver.Received> twice = receiver.drain(Duration.ofMillis(1_500));
        assertThat(twice).hasSize(2);
        assertThat(twice.get(0).body()).isEqualTo(twice.get(1).body());

        simulator.faults().reset().apply("notifyDelayMs=1500");
        Instant before = Instant.now();
        deliver("Late", "inbox");
        WebhookReceiver.Received late = receiver.next(Duration.ofSeconds(5));
        assertThat(Duration.between(before, late.at())).isGreaterThanOrEqualTo(Duration.ofMillis(1_400));
    }

    @Test
    void anExpiredSubscriptionStopsNotifyingAndDisappears() throws Exception {
        String body = body("/users/" + PAT + "/messages", 60, null).replaceAll("\"expirationDateTime\":\"[^\"]+\"",
                "\"expirationDateTime\":\"" + Instant.now().plusSeconds(2) + "\"");
        HttpResponse<String> created = http.postJson(http.graph("/subscriptions"), token, body);
        assertThat(created.statusCode()).isEqualTo(201);
        Thread.sleep(2_500);
        deliver("Too late", "inbox");
        assertThat(receiver.drain(Duration.ofMillis(1_000))).isEmpty();
        assertThat(http.get(http.graph("/subscriptions/" + json(created.body()).get("id").asText()), token)
                .statusCode()).isEqualTo(404);
        assertThat(simulator.summary(FABRIKAM_ID).subscriptions()).isZero();
    }

    @Test
    void lifecycleEventsAreSentToTheLifecycleUrlAndSubscriptionRemovedDeletes() throws Exception {
        String id = json(create("/users/" + PAT + "/messages", 60, "lifecycle").body()).get("id").asText();
        String control = simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID + "/subscriptions/" + id + "/lifecycle";
        for (String event : List.of("reauthorizationRequired", "missed")) {
            HttpResponse<String> triggered = http.send("POST", control, "{\"event\": \"" + event + "\"}");
            assertThat(triggered.statusCode()).isEqualTo(202);
            assertThat(json(triggered.body()).get("sent").asBoolean()).isTrue();
            WebhookReceiver.Received received = receiver.next(Duration.ofSeconds(5));
            assertThat(received.path()).isEqualTo("/lifecycle");
            JsonNode item = received.body().get("value").get(0);
            assertThat(item.get("lifecycleEvent").asText()).isEqualTo(event);
            assertThat(item.get("subscriptionId").asText()).isEqualTo(id);
            assertThat(item.get("clientState").asText()).isEqualTo("secret-client-state");
            REFERENCE.ifPresent(reference -> assertThat(JsonShape.differences(reference.json("subscriptions.md",
                    "Lifecycle notifications (change-notifications-lifecycle-events.md)", 0), received.body(),
                    Map.of())).isEmpty());
        }
        assertThat(http.send("POST", control, "{\"event\": \"exploded\"}").statusCode()).isEqualTo(400);
        assertThat(http.send("POST", control, "{\"event\": \"subscriptionRemoved\"}").statusCode()).isEqualTo(202);
        assertThat(receiver.next(Duration.ofSeconds(5)).body().get("value").get(0).get("lifecycleEvent").asText())
                .isEqualTo("subscriptionRemoved");
        assertThat(http.get(http.graph("/subscriptions/" + id), token).statusCode()).isEqualTo(404);
        assertThat(http.send("POST", control, "{\"event\": \"missed\"}").statusCode()).isEqualTo(404);

        String plain = json(create("/users/" + PAT + "/messages", 60, null).body()).get("id").asText();
        HttpResponse<String> none = http.send("POST", simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID
                + "/subscriptions/" + plain + "/lifecycle", "{\"event\": \"missed\"}");
        assertThat(json(none.body()).get("sent").asBoolean()).as("no lifecycleNotificationUrl").isFalse();
    }

    private SimMessage deliver(String subject, String folder) {
        return simulator.deliverMessage(FABRIKAM_ID, PAT, ("From: someone@elsewhere.example\r\nTo: " + PAT
                + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject.hashCode() + "@elsewhere.example>\r\n\r\nhi\r\n")
                .getBytes(StandardCharsets.US_ASCII), Instant.now(), folder);
    }

    private HttpResponse<String> create(String resource, int minutes, String lifecyclePath) {
        return http.postJson(http.graph("/subscriptions"), token, body(resource, minutes, lifecyclePath));
    }

    private String body(String resource, int minutes, String lifecyclePath) {
        return "{\"changeType\":\"created\",\"notificationUrl\":\"" + receiver.url("/notify") + "\","
                + (lifecyclePath == null ? "" : "\"lifecycleNotificationUrl\":\"" + receiver.url("/" + lifecyclePath) + "\",")
                + "\"resource\":\"" + resource + "\",\"expirationDateTime\":\""
                + Instant.now().plus(Duration.ofMinutes(minutes)) + "\",\"clientState\":\"secret-client-state\"}";
    }

    private HttpRequest request(String method, String path, String json) {
        return HttpRequest.newBuilder(URI.create(http.graph(path)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
    }
}
