package com.mailmoat.consoleapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.activity.Activity;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.http.SessionRoutes;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryActivityLog;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/activity: the session's own account's log, newest first, paged; nobody else's. */
class ActivityRoutesTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final Sessions sessions = new Sessions(new InMemoryTokens(), clock);
    private final Activity activity = new Activity(new InMemoryActivityLog(), accounts, clock);
    private final ConsoleApiHandler handler = new ConsoleApiHandler(sessions, SessionRoutes.of(new ActivityRoutes(activity)),
            CONSOLE);

    @BeforeEach
    void twoAccountsWithALogEach() {
        accounts.create(Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.create(Account.signedUp("acct-2", "admin@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
        for (int i = 1; i <= 3; i++) {
            activity.byAdministrator("acct-1", ActivityKind.POLICY_CREATED, "Created the policy \u201cP" + i + "\u201d");
            clock.advance(Duration.ofMinutes(1));
        }
        activity.byAdministrator("acct-2", ActivityKind.SENDER_LIST_ENTRY_ADDED, "Added secret-partner.example to the "
                + "Allowed senders list");
    }

    private APIGatewayV2HTTPResponse get(String account, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-activity.json");
        event.setCookies(account == null ? null : List.of("mm_session=" + sessions.issue(account).token()));
        event.setQueryStringParameters(query);
        return handler.handleRequest(event, null);
    }

    private JsonNode body(APIGatewayV2HTTPResponse response, int status) throws Exception {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        return Json.MAPPER.readTree(response.getBody());
    }

    @Test
    void withoutASessionTheAnswerIs401AndNoEntry() throws Exception {
        APIGatewayV2HTTPResponse response = get(null, Map.of());
        JsonNode body = body(response, 401);
        assertThat(body.path("error").asText()).isNotBlank();
        assertThat(response.getBody()).doesNotContain("policy");
    }

    @Test
    void theSessionsAccountPagesThroughItsOwnEntriesNewestFirstAndNeverAnothers() throws Exception {
        JsonNode first = body(get("acct-1", Map.of("limit", "2")), 200);
        assertThat(first.path("items")).extracting(i -> i.path("summary").asText())
                .containsExactly("Created the policy \u201cP3\u201d", "Created the policy \u201cP2\u201d");
        JsonNode newest = first.path("items").get(0);
        assertThat(newest.path("actor").asText()).isEqualTo("admin@contoso.example");
        assertThat(newest.path("kind").asText()).isEqualTo("POLICY_CREATED");
        assertThat(newest.path("at").asText()).isEqualTo("2026-11-23T17:32:00Z");
        assertThat(newest.path("id").asText()).isNotBlank();

        JsonNode second = body(get("acct-1", Map.of("limit", "2", "cursor", first.path("nextCursor").asText())), 200);
        assertThat(second.path("items")).extracting(i -> i.path("summary").asText())
                .containsExactly("Created the policy \u201cP1\u201d");
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(body(get("acct-1", Map.of()), 200).toString()).doesNotContain("secret-partner");

        // Another account's cursor only pages the session's own account.
        JsonNode otherFirst = body(get("acct-2", Map.of("limit", "1")), 200);
        assertThat(otherFirst.path("items")).hasSize(1);
        JsonNode viaCursor = body(get("acct-2", Map.of("cursor", first.path("nextCursor").asText())), 200);
        assertThat(viaCursor.toString()).doesNotContain("Created the policy");
    }

    @Test
    void aCursorWeDidNotIssueOrALimitOutOfRangeIs400WithTheField() throws Exception {
        JsonNode badCursor = body(get("acct-1", Map.of("cursor", "ACTIVITY#2026")), 400);
        assertThat(badCursor.path("error").asText()).isEqualTo("invalid_request");
        assertThat(badCursor.path("details").toString()).contains("cursor");
        JsonNode badLimit = body(get("acct-1", Map.of("limit", "0")), 400);
        assertThat(badLimit.path("details").toString()).contains("limit");
    }
}
