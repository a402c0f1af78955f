package com.mailmoat.consoleapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.activity.Activity;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.team.Role;
import com.mailmoat.core.team.TeamMember;
import com.mailmoat.core.team.TeamService;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.SessionRoutes;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryActivityLog;
import com.mailmoat.testkit.InMemoryTeam;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.SampleEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The team routes through the console handler, and the role check every session route passes first:
 * a member's role is read on every request, refusals say which role may, and nobody reaches another
 * account's team.
 */
class TeamRoutesTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryTeam team = new InMemoryTeam(accounts);
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final InMemoryActivityLog log = new InMemoryActivityLog();
    private final Activity activity = new Activity(log, accounts, clock);
    private final Sessions sessions = new Sessions(tokens, clock, team);
    /** Routes the role table names, answered 200 when the role check lets them through, plus the real team routes. */
    private final List<String> reached = new ArrayList<>();
    private final ConsoleApiHandler handler = new ConsoleApiHandler(sessions, SessionRoutes.of(
            new TeamRoutes(new TeamService(accounts, team, tokens, new RecordingNotificationQueue(), activity, clock, CONSOLE)),
            routes -> List.of("GET /api/detections", "POST /api/remediations", "PUT /api/mode",
                    "POST /api/sender-lists/{list}/entries", "PUT /api/sender-lists/{list}", "POST /api/account/close")
                    .forEach(key -> routes.route(key, (request, session) -> {
                        reached.add(key);
                        activity.byAdministrator(session.accountId(), ActivityKind.POLICY_CHANGED, "Changed something");
                        return ApiResponses.json(200, Map.of("ok", true));
                    }))), CONSOLE);

    @BeforeEach
    void twoAccounts() {
        accounts.create(Account.signedUp("acct-a", "owner@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.create(Account.signedUp("acct-b", "owner@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
    }

    private String member(String accountId, String email, Role role) {
        TeamMember invited = TeamMember.invited(accountId, "m-" + email.substring(0, email.indexOf('@')), email, role, "owner", clock.instant())
                .withPassword("hash", clock.instant());
        assertThat(team.add(invited)).isTrue();
        return "mm_session=" + sessions.issueForMember(invited).token();
    }

    private String owner(String accountId) {
        return "mm_session=" + sessions.issue(accountId).token();
    }

    private APIGatewayV2HTTPResponse send(String cookie, String routeKey, String path, Object body) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-activity.json");
        String method = routeKey.substring(0, routeKey.indexOf(' '));
        event.setRouteKey(routeKey);
        event.getRequestContext().setRouteKey(routeKey);
        event.getRequestContext().getHttp().setMethod(method);
        event.getRequestContext().getHttp().setPath(path);
        event.setRawPath(path);
        event.setQueryStringParameters(null);
        event.setRawQueryString("");
        event.setCookies(cookie == null ? null : List.of(cookie));
        if (routeKey.contains("{memberId}")) {
            // The segment after /api/team/, as API Gateway fills it in.
            event.setPathParameters(Map.of("memberId", path.substring("/api/team/".length()).split("/")[0]));
        }
        if (body != null) {
            event.setHeaders(Map.of("content-type", "application/json", "origin", "https://console.mailmoat.example"));
            event.setBody(Json.write(body));
        }
        return handler.handleRequest(event, null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response, int status) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
            "READ_ONLY, GET /api/detections, 200",
            "READ_ONLY, POST /api/remediations, 403",
            "READ_ONLY, PUT /api/mode, 403",
            "ANALYST, POST /api/remediations, 200",
            "ANALYST, POST /api/sender-lists/{list}/entries, 200",
            "ANALYST, PUT /api/sender-lists/{list}, 403",
            "ANALYST, PUT /api/mode, 403",
            "ADMINISTRATOR, PUT /api/mode, 200",
            "ADMINISTRATOR, PUT /api/sender-lists/{list}, 200",
            "ADMINISTRATOR, POST /api/account/close, 403",
    })
    void eachRoleReachesWhatTheTableAllowsAndIsToldWhoMayOtherwise(Role role, String routeKey, int status) {
        String cookie = member("acct-a", role.name().toLowerCase() + "@contoso.example", role);
        APIGatewayV2HTTPResponse response = send(cookie, routeKey, "/api/x", routeKey.startsWith("GET") ? null : Map.of());
        JsonNode body = json(response, status);
        if (status == 403) {
            assertThat(body.path("error").asText()).isEqualTo("forbidden_for_role");
            assertThat(body.path("details").asText()).startsWith("Only the");
            assertThat(reached).as("the route never ran").isEmpty();
        } else {
            assertThat(reached).containsExactly(routeKey);
        }
    }

    @Test
    void onlyTheOwnerManagesTheTeamAndEveryoneReadsIt() {
        String admin = member("acct-a", "admin@contoso.example", Role.ADMINISTRATOR);
        JsonNode refused = json(send(admin, "POST /api/team", "/api/team", Map.of("email", "x@contoso.example", "role", "ANALYST")), 403);
        assertThat(refused.path("details").asText()).isEqualTo("Only the account's owner can do this.");
        JsonNode listed = json(send(admin, "GET /api/team", "/api/team", null), 200);
        assertThat(listed.path("canManage").asBoolean()).isFalse();
        assertThat(listed.path("members")).extracting(m -> m.path("email").asText() + " " + m.path("you").asBoolean())
                .containsExactly("owner@contoso.example false", "admin@contoso.example true");

        JsonNode invited = json(send(owner("acct-a"), "POST /api/team", "/api/team",
                Map.of("email", "New@Contoso.example", "role", "READ_ONLY")), 201);
        assertThat(invited.path("status").asText()).isEqualTo("INVITED");
        assertThat(json(send(owner("acct-a"), "POST /api/team", "/api/team",
                Map.of("email", "new@contoso.example", "role", "ANALYST")), 409).path("error").asText()).isEqualTo("already_member");
        assertThat(json(send(owner("acct-b"), "POST /api/team", "/api/team",
                Map.of("email", "new@contoso.example", "role", "ANALYST")), 409).path("error").asText()).isEqualTo("email_in_use");
        assertThat(json(send(owner("acct-a"), "POST /api/team", "/api/team",
                Map.of("email", "z@contoso.example", "role", "OWNER")), 400).path("error").asText()).isEqualTo("invalid_request");

        // The invitation sent again: the owner only, and only while it waits.
        String resend = "/api/team/" + invited.path("id").asText() + "/invitation";
        assertThat(json(send(owner("acct-a"), "POST /api/team/{memberId}/invitation", resend, Map.of()), 200)
                .path("status").asText()).isEqualTo("INVITED");
        assertThat(json(send(admin, "POST /api/team/{memberId}/invitation", resend, Map.of()), 403).path("error").asText())
                .isEqualTo("forbidden_for_role");
        assertThat(send(owner("acct-b"), "POST /api/team/{memberId}/invitation", resend, Map.of()).getStatusCode()).isEqualTo(404);
        assertThat(json(send(owner("acct-a"), "POST /api/team/{memberId}/invitation", "/api/team/m-admin/invitation",
                Map.of()), 409).path("error").asText()).isEqualTo("already_active");
    }

    @Test
    void aRoleChangeAppliesToTheNextRequestAndRemovalEndsTheSession() {
        String analyst = member("acct-a", "ana@contoso.example", Role.ANALYST);
        String path = "/api/team/m-ana";
        json(send(owner("acct-a"), "PUT /api/team/{memberId}", path, Map.of("role", "READ_ONLY")), 200);
        assertThat(json(send(analyst, "POST /api/remediations", "/api/remediations", Map.of()), 403).path("details").asText())
                .endsWith("your role is Read-only.");

        assertThat(send(owner("acct-a"), "DELETE /api/team/{memberId}", path, null).getStatusCode()).isEqualTo(204);
        assertThat(json(send(analyst, "GET /api/detections", "/api/detections", null), 401).path("error").asText())
                .isEqualTo("unauthorized");
    }

    @Test
    void anotherAccountsOwnerCannotReachAMemberAndAMembersActionsAreTheirs() {
        String analyst = member("acct-a", "ana@contoso.example", Role.ANALYST);
        String path = "/api/team/m-ana";
        assertThat(json(send(owner("acct-b"), "GET /api/team", "/api/team", null), 200).path("members")).hasSize(1);
        assertThat(send(owner("acct-b"), "PUT /api/team/{memberId}", path, Map.of("role", "ADMINISTRATOR")).getStatusCode())
                .isEqualTo(404);
        assertThat(send(owner("acct-b"), "DELETE /api/team/{memberId}", path, null).getStatusCode()).isEqualTo(404);
        assertThat(team.find("acct-a", "m-ana")).hasValueSatisfying(m -> assertThat(m.role()).isEqualTo(Role.ANALYST));

        json(send(analyst, "POST /api/remediations", "/api/remediations", Map.of()), 200);
        assertThat(log.entries("acct-a")).extracting(e -> e.actor()).containsExactly("ana@contoso.example");
        // The next request, by the owner on the same thread, is the owner's again.
        json(send(owner("acct-a"), "POST /api/remediations", "/api/remediations", Map.of()), 200);
        assertThat(log.entries("acct-a")).extracting(e -> e.actor()).contains("owner@contoso.example");
    }
}
