package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.PAT;
import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Consent with roles and the refusals without them; commit-then-fail and gateway timeouts. */
class PermissionsAndFaultsTest {

    private Simulator simulator;
    private SimHttp http;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorOptions.defaults());
        simulator.loadTenant(FABRIKAM);
        http = new SimHttp(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void appTokensCarryTheGrantedRolesOfTheirResource() {
        simulator.grantConsent(FABRIKAM_ID);
        assertThat(roles(http.appToken(FABRIKAM_ID))).containsExactlyInAnyOrder("User.Read.All", "Mail.Read",
                "Mail.ReadWrite", "Organization.Read.All", "Domain.Read.All", "GroupMember.Read.All");
        assertThat(roles(token("https://outlook.office365.com/.default"))).containsExactly("Exchange.ManageAsApp");

        simulator.grantConsent(FABRIKAM_ID, Set.of("Mail.Read"));
        assertThat(roles(http.appToken(FABRIKAM_ID))).containsExactly("Mail.Read");
        assertThat(claims(token("https://outlook.office365.com/.default")).has("roles"))
                .as("no role for Exchange: no roles claim, as Entra issues it").isFalse();
        assertThatThrownBy(() -> simulator.grantConsent(FABRIKAM_ID, Set.of("Mail.Everything")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mailReadAloneListsAndReadsButCannotMoveCreateFoldersDeleteOrListUsers() {
        simulator.grantConsent(FABRIKAM_ID, Set.of("Mail.Read"));
        String token = http.appToken(FABRIKAM_ID);
        JsonNode list = json(http.get(http.graph("/users/" + PAT + "/messages?$select=id"), token).body());
        String id = list.get("value").get(0).get("id").asText();
        assertThat(http.getBytes(http.graph("/users/" + PAT + "/messages/" + id + "/$value"), token).statusCode())
                .isEqualTo(200);

        for (HttpResponse<String> refused : List.of(
                http.postJson(http.graph("/users/" + PAT + "/messages/" + id + "/move"), token,
                        "{\"destinationId\":\"deleteditems\"}"),
                http.postJson(http.graph("/users/" + PAT + "/mailFolders"), token, "{\"displayName\":\"Mailmoat\"}"),
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        http.graph("/users/" + PAT + "/messages/" + id))).header("Authorization", "Bearer " + token)
                        .DELETE().build()))) {
            assertThat(refused.statusCode()).isEqualTo(403);
            JsonNode error = json(refused.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("ErrorAccessDenied");
            assertThat(error.get("message").asText()).isEqualTo("Access is denied. Check credentials and try again.");
        }
        assertThat(simulator.messages(FABRIKAM_ID, PAT)).hasSize(3);

        HttpResponse<String> users = http.get(http.graph("/users"), token);
        assertThat(users.statusCode()).isEqualTo(403);
        assertThat(json(users.body()).get("error").get("code").asText()).isEqualTo("Authorization_RequestDenied");
        assertThat(json(users.body()).get("error").get("message").asText())
                .isEqualTo("Insufficient privileges to complete the operation.");
        assertThat(http.get(http.graph("/domains"), token).statusCode()).isEqualTo(403);
    }

    @Test
    void withoutMailRolesMailIsRefusedAndDirectoryRolesOpenTheDirectory() {
        simulator.grantConsent(FABRIKAM_ID, Set.of("User.Read.All", "Organization.Read.All"));
        String token = http.appToken(FABRIKAM_ID);
        assertThat(http.get(http.graph("/users"), token).statusCode()).isEqualTo(200);
        assertThat(http.get(http.graph("/organization"), token).statusCode()).isEqualTo(200);
        assertThat(http.get(http.graph("/directory/subscriptions"), token).statusCode()).isEqualTo(200);
        assertThat(http.get(http.graph("/groups"), token).statusCode()).isEqualTo(403);
        HttpResponse<String> mail = http.get(http.graph("/users/" + PAT + "/messages"), token);
        assertThat(mail.statusCode()).isEqualTo(403);
        assertThat(json(mail.body()).get("error").get("code").asText()).isEqualTo("ErrorAccessDenied");
    }

    @Test
    void theControlEndpointGrantsExactlyTheRolesInItsBodyOrAllWithoutOne() {
        String consent = simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID + "/consent";
        assertThat(http.send("POST", consent, "{\"roles\": [\"Mail.ReadWrite\", \"User.Read.All\"]}").statusCode())
                .isEqualTo(204);
        assertThat(roles(http.appToken(FABRIKAM_ID))).containsExactlyInAnyOrder("Mail.ReadWrite", "User.Read.All");
        assertThat(http.send("POST", consent, "{\"roles\": [\"Nope.All\"]}").statusCode()).isEqualTo(400);
        assertThat(http.send("POST", consent, null).statusCode()).isEqualTo(204);
        assertThat(roles(http.appToken(FABRIKAM_ID))).hasSize(6);
        assertThat(http.send("DELETE", consent, null).statusCode()).isEqualTo(204);
        assertThat(simulator.hasConsented(FABRIKAM_ID)).isFalse();
    }

    /** Microsoft's tokens outlive a revoked consent until they expire; once they do, no new one is issued. */
    @Test
    void aRevokedConsentShowsOnceTheTokensIssuedBeforeItHaveExpired() {
        simulator.grantConsent(FABRIKAM_ID);
        String token = http.appToken(FABRIKAM_ID);
        assertThat(http.send("DELETE", simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID + "/consent", null).statusCode())
                .isEqualTo(204);
        assertThat(http.get(http.graph("/users"), token).statusCode()).as("still within its hour").isEqualTo(200);

        assertThat(http.send("POST", simulator.baseUrl() + "/_sim/tokens/expire", null).statusCode()).isEqualTo(204);

        assertThat(http.get(http.graph("/users"), token).statusCode()).isEqualTo(401);
        simulator.grantConsent(FABRIKAM_ID); // as the other tests expect it
    }

    @Test
    void commitThenFailAppliesTheMoveAndFolderCreationThenAnswers504Or503() {
        simulator.grantConsent(FABRIKAM_ID);
        String token = http.appToken(FABRIKAM_ID);
        simulator.faults().apply("commitThenFail=1,seed=3");
        List<Integer> statuses = new ArrayList<>();
        for (SimMessage message : simulator.messages(FABRIKAM_ID, PAT)) {
            HttpResponse<String> moved = http.postJson(http.graph("/users/" + PAT + "/messages/" + message.id()
                    + "/move"), token, "{\"destinationId\":\"archive\"}");
            statuses.add(moved.statusCode());
            JsonNode error = json(moved.body()).get("error");
            assertThat(error.get("code").asText()).isIn("GatewayTimeout", "serviceNotAvailable");
            assertThat(error.has("innerError")).isTrue();
        }
        assertThat(statuses).allMatch(s -> s == 504 || s == 503);
        assertThat(simulator.messages(FABRIKAM_ID, PAT)).as("every move was applied")
                .allMatch(m -> m.folder().equals("Archive"))
                .allMatch(m -> m.graphMoves() == 1);

        HttpResponse<String> created = http.postJson(http.graph("/users/" + PAT + "/mailFolders"), token,
                "{\"displayName\":\"Mailmoat Quarantine\"}");
        assertThat(created.statusCode()).isIn(503, 504);
        HttpResponse<String> again = http.postJson(http.graph("/users/" + PAT + "/mailFolders"), token,
                "{\"displayName\":\"Mailmoat Quarantine\"}");
        assertThat(again.statusCode()).as("the folder exists after all").isEqualTo(409);

        // Reads are never affected.
        assertThat(http.get(http.graph("/users/" + PAT + "/messages"), token).statusCode()).isEqualTo(200);
    }

    @Test
    void gatewayTimeoutAnswers504BeforeAnythingHappens() {
        simulator.grantConsent(FABRIKAM_ID);
        String token = http.appToken(FABRIKAM_ID);
        simulator.faults().gatewayTimeoutFraction(1);
        SimMessage first = simulator.messages(FABRIKAM_ID, PAT).get(0);
        HttpResponse<String> moved = http.postJson(http.graph("/users/" + PAT + "/messages/" + first.id() + "/move"),
                token, "{\"destinationId\":\"archive\"}");
        assertThat(moved.statusCode()).isEqualTo(504);
        assertThat(json(moved.body()).get("error").get("code").asText()).isEqualTo("GatewayTimeout");
        assertThat(http.get(http.graph("/users"), token).statusCode()).isEqualTo(504);
        assertThat(simulator.messages(FABRIKAM_ID, PAT).get(0)).isEqualTo(first);
        assertThat(Faults.parse("gatewayTimeout=0.05").gatewayTimeoutFraction()).isEqualTo(0.05);
    }

    @Test
    void newFaultKeysParseAndResetReturnsToTheOptionsSubscriptionLifetime() {
        Faults faults = Faults.parse("gatewayTimeout=0.05,commitThenFail=0.2,churn=0.1,notifyDrop=0.3,notifyDup=0.3,"
                + "notifyDelayMs=2000,subscriptionMaxMinutes=10080,validationTimeoutMs=500,batchShuffle=false");
        assertThat(faults.commitThenFailFraction()).isEqualTo(0.2);
        assertThat(faults.churnFraction()).isEqualTo(0.1);
        assertThat(faults.notifyDropFraction()).isEqualTo(0.3);
        assertThat(faults.notifyDupFraction()).isEqualTo(0.3);
        assertThat(faults.notifyDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(Faults.parse("notifyDelay=150").notifyDelay()).isEqualTo(Duration.ofMillis(150));
        assertThat(faults.subscriptionMaxMinutes()).isEqualTo(10080);
        assertThat(faults.validationTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(faults.batchShuffle()).isFalse();
        assertThatThrownBy(() -> Faults.parse("batchShuffle=maybe")).isInstanceOf(IllegalArgumentException.class);

        try (Simulator week = Simulator.start(SimulatorOptions.builder().subscriptionMaxMinutes(10080).build())) {
            assertThat(week.faults().subscriptionMaxMinutes()).isEqualTo(10080);
            week.faults().apply("subscriptionMaxMinutes=60");
            assertThat(week.faults().reset().subscriptionMaxMinutes()).isEqualTo(10080);
        }
        assertThat(simulator.faults().subscriptionMaxMinutes()).isEqualTo(4230);
    }

    private String token(String scope) {
        HttpResponse<String> response = http.postForm(simulator.baseUrl() + "/" + FABRIKAM_ID + "/oauth2/v2.0/token",
                Map.of("client_id", simulator.clientId(), "client_secret", simulator.clientSecret(), "scope", scope,
                        "grant_type", "client_credentials"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).get("access_token").asText();
    }

    static List<String> roles(String token) {
        List<String> roles = new ArrayList<>();
        claims(token).path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    static JsonNode claims(String token) {
        return json(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
