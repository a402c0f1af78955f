package com.mailmoat.mailevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.core.realtime.MailSubscription;
import com.mailmoat.core.realtime.NotificationIntake;
import com.mailmoat.core.realtime.SyncRequest;
import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.testkit.InMemoryIdempotencyStore;
import com.mailmoat.testkit.InMemoryRealTimeStats;
import com.mailmoat.testkit.InMemorySubscriptions;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingMailEvents;
import com.mailmoat.testkit.RecordingSyncRequests;
import com.mailmoat.testkit.SampleEvents;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The webhook's samples and Graph's ways of calling it, through handleRequest. */
class GraphWebhookHandlerTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private static final String ACCOUNT = "0d5c1f3e-2a4b-4c6d-8e9f-001122334455";
    private static final String SUBSCRIPTION = "7f105c7d-2dc5-4530-97cd-4e7ae6534c07";
    private static final String TENANT = "84bd8158-6d4d-4958-8b9f-9d6445542f95";
    private static final String SECRET = "replace-with-the-subscription-secret";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemorySubscriptions subscriptions = new InMemorySubscriptions();
    private final RecordingMailEvents queue = new RecordingMailEvents();
    private final RecordingSyncRequests syncs = new RecordingSyncRequests();
    private final InMemoryRealTimeStats stats = new InMemoryRealTimeStats();
    private final GraphWebhookHandler handler = new GraphWebhookHandler(new NotificationIntake(subscriptions,
            new InMemoryIdempotencyStore(clock), queue, syncs, stats, clock), CONSOLE);

    static java.util.List<SampleEvents.Sample<APIGatewayV2HTTPEvent>> samples() {
        return SampleEvents.http("GraphWebhookFunction");
    }

    private void subscribed(String secret) {
        subscriptions.put(new MailSubscription(ACCOUNT, SUBSCRIPTION, TENANT, "8ee44408-0679-472c-bc2a-692812af3437",
                "adele.vance@contoso.example", SecretTokens.hash(secret), clock.instant().plus(Duration.ofDays(2)),
                clock.instant(), Set.of()));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleIsAnsweredAsGraphExpects(SampleEvents.Sample<APIGatewayV2HTTPEvent> sample) {
        subscribed(SECRET);
        APIGatewayV2HTTPResponse response = handler.handleRequest(sample.event(), null);
        if (sample.event().getQueryStringParameters() != null) {
            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getHeaders().get("Content-Type")).startsWith("text/plain");
            assertThat(response.getBody()).isEqualTo(sample.event().getQueryStringParameters().get("validationToken"))
                    .isEqualTo(URLDecoder.decode(sample.event().getRawQueryString().substring("validationToken=".length()),
                            StandardCharsets.UTF_8));
        } else {
            assertThat(response.getStatusCode()).isEqualTo(202);
            assertThat(queue.queued.size() + syncs.requests.size()).as("queued").isEqualTo(1);
        }
    }

    @Test
    void aGenuineNotificationIsQueuedOnceEvenWhenGraphSendsItTwice() {
        subscribed(SECRET);
        APIGatewayV2HTTPEvent event = SampleEvents.http("GraphWebhookFunction").stream()
                .filter(s -> s.name().equals("GraphWebhookFunction.json")).findFirst().orElseThrow().event();
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(202);
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(202);
        assertThat(queue.queued).singleElement().satisfies(e -> {
            assertThat(e.accountId()).isEqualTo(ACCOUNT);
            assertThat(e.messageId()).startsWith("AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A");
        });
    }

    @Test
    void aForgedClientStateChangesNothingButIsCounted() {
        subscribed("the-real-secret");
        APIGatewayV2HTTPEvent event = SampleEvents.http("GraphWebhookFunction").stream()
                .filter(s -> s.name().equals("GraphWebhookFunction.json")).findFirst().orElseThrow().event();
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(202);
        assertThat(queue.queued).isEmpty();
        assertThat(stats.day(ACCOUNT, LocalDate.of(2026, 11, 23)).rejected()).isEqualTo(1);
    }

    @Test
    void lifecycleEventsAskForASyncOfTheirAccount() {
        subscribed(SECRET);
        APIGatewayV2HTTPEvent event = SampleEvents.http("GraphWebhookFunction").stream()
                .filter(s -> s.name().equals("GraphWebhookFunction-lifecycle.json")).findFirst().orElseThrow().event();
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(202);
        assertThat(syncs.requests).containsExactly(new SyncRequest(ACCOUNT, SyncRequest.Reason.REAUTHORIZATION_REQUIRED,
                SUBSCRIPTION));
    }

    @Test
    void notAConsoleRouteNoOriginOrJsonRuleButMalformedBodiesAre400AndQueueFailures5xx() {
        subscribed(SECRET);
        APIGatewayV2HTTPEvent event = SampleEvents.http("GraphWebhookFunction").stream()
                .filter(s -> s.name().equals("GraphWebhookFunction.json")).findFirst().orElseThrow().event();
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("origin", "https://graph.microsoft.com");
        headers.put("content-type", "text/plain");
        event.setHeaders(headers);
        queue.failing = true;
        assertThat(handler.handleRequest(event, null).getStatusCode()).as("Graph retries on 5xx").isEqualTo(500);
        queue.failing = false;
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(202);
        assertThat(queue.queued).hasSize(1);

        for (String body : new String[] {"not json", "[]", "{\"value\":{}}", "{\"value\":[1]}", ""}) {
            event.setBody(body);
            assertThat(handler.handleRequest(event, null).getStatusCode()).as(body).isEqualTo(400);
        }
        event.setBody("{\"value\":[]}");
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(202);
    }

    @Test
    void validationTokensAreEchoedExactlyButOnlyPlausibleOnes() {
        APIGatewayV2HTTPEvent event = SampleEvents.http("GraphWebhookFunction").stream()
                .filter(s -> s.name().equals("GraphWebhookFunction-validation.json")).findFirst().orElseThrow().event();
        event.setQueryStringParameters(Map.of("validationToken", "a <b> & \"c\""));
        APIGatewayV2HTTPResponse echoed = handler.handleRequest(event, null);
        assertThat(echoed.getBody()).isEqualTo("a <b> & \"c\"");
        assertThat(echoed.getHeaders()).containsEntry("X-Content-Type-Options", "nosniff");
        event.setQueryStringParameters(Map.of("validationToken", "x".repeat(5000)));
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(400);
        event.setQueryStringParameters(Map.of("validationToken", "line\nbreak"));
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void otherRoutesAreNotServed() {
        APIGatewayV2HTTPEvent event = SampleEvents.http("GraphWebhookFunction").get(0).event();
        event.setRouteKey("POST /api/other");
        event.getRequestContext().setRouteKey("POST /api/other");
        event.setRawPath("/api/other");
        assertThat(handler.handleRequest(event, null).getStatusCode()).isIn(404, 415);
    }
}
