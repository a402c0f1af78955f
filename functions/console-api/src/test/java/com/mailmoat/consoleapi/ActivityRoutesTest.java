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
        return get(account, query, null);
    }

    private APIGatewayV2HTTPResponse get(String account, Map<String, String> query, String path) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-activity.json");
        if (path != null) {
            event.setRawPath(path);
            event.setRouteKey("GET " + path);
            event.getRequestContext().getHttp().setPath(path);
        }
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

    @Test
    void theLogFiltersByKindOfChangeAndDatesAndEachItemSaysItsKindInTheConsolesWords() throws Exception {
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-11-25T09:00:00Z")));
        activity.byAdministrator("acct-1", ActivityKind.TWO_STEP_ON, "Turned on two-step sign-in");
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-11-26T23:59:59.500Z")));
        activity.byAdministrator("acct-1", ActivityKind.SENDER_LIST_ENTRY_ADDED, "Added bad.example to the Blocked senders list");

        JsonNode policies = body(get("acct-1", Map.of("category", "policies")), 200);
        assertThat(policies.path("items")).extracting(i -> i.path("summary").asText()).containsExactly(
                "Added bad.example to the Blocked senders list", "Created the policy \u201cP3\u201d",
                "Created the policy \u201cP2\u201d", "Created the policy \u201cP1\u201d");
        assertThat(policies.path("items").get(0).path("category").asText()).isEqualTo("policies");
        assertThat(policies.path("items").get(0).path("categoryName").asText()).isEqualTo("Policies and sender lists");

        JsonNode signIn = body(get("acct-1", Map.of("category", "sign-in")), 200);
        assertThat(signIn.path("items")).extracting(i -> i.path("summary").asText())
                .containsExactly("Turned on two-step sign-in");
        assertThat(signIn.path("items").get(0).path("categoryName").asText()).isEqualTo("Sign-in and security");

        // A date as "to" takes in the whole of that day (UTC), to its last fraction of a second.
        JsonNode lateNovember = body(get("acct-1", Map.of("from", "2026-11-24", "to", "2026-11-26")), 200);
        assertThat(lateNovember.path("items")).extracting(i -> i.path("summary").asText()).containsExactly(
                "Added bad.example to the Blocked senders list", "Turned on two-step sign-in");
        JsonNode both = body(get("acct-1", Map.of("category", "policies", "from", "2026-11-24T00:00:00Z")), 200);
        assertThat(both.path("items")).extracting(i -> i.path("summary").asText())
                .containsExactly("Added bad.example to the Blocked senders list");
    }

    @Test
    void anUnknownKindOfChangeOrABadOrBackwardsDateIs400NamingEveryField() throws Exception {
        JsonNode bad = body(get("acct-1", Map.of("category", "billing", "from", "last week", "to", "2026-13-01")), 400);
        assertThat(bad.path("error").asText()).isEqualTo("invalid_request");
        assertThat(bad.path("details").toString()).contains("category").contains("sign-in").contains("from").contains("to");
        JsonNode backwards = body(get("acct-1", Map.of("from", "2026-11-24", "to", "2026-11-20")), 400);
        assertThat(backwards.path("details").toString()).contains("must be on or after from");
        APIGatewayV2HTTPResponse export = get("acct-1", Map.of("category", "billing"), "/api/activity/export");
        assertThat(export.getStatusCode()).isEqualTo(400);
    }

    @Test
    void theExportIsTheFilteredRangeAsCsvWithUtcTimesAndFormulaLikeCellsDisarmed() throws Exception {
        activity.byAdministrator("acct-1", ActivityKind.COMPANY_NAME_CHANGED, "=HYPERLINK(\"http://evil.example\",\"x\")");

        APIGatewayV2HTTPResponse all = get("acct-1", Map.of(), "/api/activity/export");
        assertThat(all.getStatusCode()).isEqualTo(200);
        assertThat(all.getHeaders()).containsEntry("Content-Type", "text/csv; charset=utf-8")
                .containsEntry("X-Mailmoat-Rows", "4");
        assertThat(all.getHeaders().get("Content-Disposition")).contains("attachment").contains("mailmoat-activity.csv");
        List<String> lines = all.getBody().lines().toList();
        assertThat(lines.get(0)).isEqualTo("time (UTC),who,kind of change,what,kind code,entry id");
        assertThat(lines.get(1)).startsWith("2026-11-23T17:33:00Z,admin@contoso.example,Account and team,\"'=HYPERLINK(");
        assertThat(lines.get(2)).startsWith("2026-11-23T17:32:00Z,admin@contoso.example,Policies and sender lists,"
                + "Created the policy \u201cP3\u201d,POLICY_CREATED,");
        assertThat(all.getBody()).doesNotContain("secret-partner");

        APIGatewayV2HTTPResponse policiesBefore1732 = get("acct-1", Map.of("category", "policies",
                "to", "2026-11-23T17:31:00Z"), "/api/activity/export");
        assertThat(policiesBefore1732.getBody().lines().skip(1).toList()).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("POLICY_CREATED"));
        assertThat(get(null, Map.of(), "/api/activity/export").getStatusCode()).isEqualTo(401);
    }
}
