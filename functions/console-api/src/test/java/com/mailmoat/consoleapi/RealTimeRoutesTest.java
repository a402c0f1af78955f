package com.mailmoat.consoleapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.realtime.MailSubscription;
import com.mailmoat.core.realtime.RealTimeAction;
import com.mailmoat.core.realtime.RealTimeEvent;
import com.mailmoat.core.realtime.RealTimeSummaries;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.http.SessionRoutes;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryRealTimeStats;
import com.mailmoat.testkit.InMemorySubscriptions;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GET /api/realtime/summary: the Home page's real-time widgets, for the session's own account only. */
class RealTimeRoutesTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final Sessions sessions = new Sessions(new InMemoryTokens(), clock);
    private final InMemorySubscriptions subscriptions = new InMemorySubscriptions();
    private final InMemoryRealTimeStats stats = new InMemoryRealTimeStats();
    private final ConsoleApiHandler handler = new ConsoleApiHandler(sessions, SessionRoutes.of(
            new RealTimeRoutes(new RealTimeSummaries(accounts, subscriptions, stats, clock))), CONSOLE);

    private JsonNode summary(String account, Map<String, String> query, int status) throws Exception {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-realtime-summary.json");
        event.setCookies(List.of("mm_session=" + sessions.issue(account).token()));
        event.setQueryStringParameters(query);
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        return Json.MAPPER.readTree(response.getBody());
    }

    @Test
    void todaysFiguresTheLastEventsAndTheSubscriptions() throws Exception {
        accounts.create(Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.update(accounts.findById("acct-1").orElseThrow().withMode(Mode.PROTECT, TargetedTo.EVERYONE));
        subscriptions.put(new MailSubscription("acct-1", "s1", "t", "m1", "a@contoso.example", "h",
                clock.instant().plus(Duration.ofHours(50)), clock.instant(), Set.of()));
        subscriptions.put(new MailSubscription("acct-1", "s2", "t", "m2", "b@contoso.example", "h",
                clock.instant().plus(Duration.ofHours(40)), clock.instant(), Set.of()));
        stats.recordChecked("acct-1", new RealTimeEvent(clock.instant().minusSeconds(5), "a@contoso.example",
                ThreatLevel.CLEAN, RealTimeAction.PASSED, null, "", "", 400));
        stats.recordChecked("acct-1", new RealTimeEvent(clock.instant(), "b@contoso.example", ThreatLevel.MALICIOUS,
                RealTimeAction.QUARANTINED, "d1", "x@evil.example", "Invoice", 1200));
        stats.recordRejected("acct-1", clock.instant(), 3);
        stats.recordChecked("other", new RealTimeEvent(clock.instant(), "z@other.example", ThreatLevel.CLEAN,
                RealTimeAction.PASSED, null, "", "", 1));

        JsonNode body = summary("acct-1", null, 200);
        assertThat(body.path("mode").asText()).isEqualTo("PROTECT");
        assertThat(body.path("active").asBoolean()).isTrue();
        assertThat(body.path("protectedMailboxes").asInt()).isEqualTo(2);
        assertThat(body.path("nextSubscriptionExpiry").asText()).isEqualTo(clock.instant().plus(Duration.ofHours(40)).toString());
        assertThat(body.path("subscriptions").path("healthy").asInt()).isEqualTo(2);
        assertThat(body.path("subscriptions").path("needingAttention").asInt()).isZero();
        assertThat(body.path("today").path("date").asText()).isEqualTo("2026-11-23");
        assertThat(body.path("today").path("checked").asLong()).isEqualTo(2);
        assertThat(body.path("today").path("threats").asLong()).isEqualTo(1);
        assertThat(body.path("today").path("blocked").asLong()).isEqualTo(1);
        assertThat(body.path("today").path("rejectedNotifications").asLong()).isEqualTo(3);
        assertThat(body.path("lastEvents")).hasSize(2);
        assertThat(body.path("lastEvents").get(0).path("action").asText()).isEqualTo("QUARANTINED");
        assertThat(body.path("lastEvents").get(0).path("detectionId").asText()).isEqualTo("d1");
        assertThat(body.path("lastEvents").get(1).path("subject").asText()).isEmpty();

        assertThat(summary("acct-1", Map.of("events", "1"), 200).path("lastEvents")).hasSize(1);
        summary("acct-1", Map.of("events", "500"), 400);
        summary("acct-1", Map.of("events", "x"), 400);
    }

    @Test
    void anAccountInThreatScanOnlyIsNotActiveAndHasNothingYet() throws Exception {
        accounts.create(Account.signedUp("acct-2", "b@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
        JsonNode body = summary("acct-2", null, 200);
        assertThat(body.path("active").asBoolean()).isFalse();
        assertThat(body.path("protectedMailboxes").asInt()).isZero();
        assertThat(body.path("nextSubscriptionExpiry").isNull()).isTrue();
        assertThat(body.path("today").path("checked").asLong()).isZero();
        assertThat(body.path("lastEvents")).isEmpty();
    }

    @Test
    void subscriptionsLapsedOrAboutToAreCountedAsNeedingAttention() throws Exception {
        accounts.create(Account.signedUp("acct-3", "c@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.update(accounts.findById("acct-3").orElseThrow().withMode(Mode.MONITOR, TargetedTo.EVERYONE));
        subscriptions.put(new MailSubscription("acct-3", "ok", "t", "m1", "a@contoso.example", "h",
                clock.instant().plus(Duration.ofHours(30)), clock.instant(), Set.of()));
        subscriptions.put(new MailSubscription("acct-3", "soon", "t", "m2", "b@contoso.example", "h",
                clock.instant().plus(Duration.ofMinutes(20)), clock.instant(), Set.of()));
        subscriptions.put(new MailSubscription("acct-3", "lapsed", "t", "m3", "c@contoso.example", "h",
                clock.instant().minus(Duration.ofHours(2)), clock.instant(), Set.of()));

        JsonNode body = summary("acct-3", null, 200);
        assertThat(body.path("subscriptions").path("healthy").asInt()).isEqualTo(1);
        assertThat(body.path("subscriptions").path("needingAttention").asInt()).isEqualTo(2);
        assertThat(body.path("protectedMailboxes").asInt()).as("live ones, lapsed excluded").isEqualTo(2);
    }
}
