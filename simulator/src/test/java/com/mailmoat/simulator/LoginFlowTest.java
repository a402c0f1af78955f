package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.REDIRECT;
import static com.mailmoat.simulator.SimHttp.TRIAL;
import static com.mailmoat.simulator.SimHttp.enc;
import static com.mailmoat.simulator.SimHttp.json;
import static com.mailmoat.simulator.SimHttp.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.simulator.internal.login.LoginHandler;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoginFlowTest {

    private static final String VERIFIER = "verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

    private static Simulator simulator;
    private static SimHttp http;
    private static String trialId;

    @BeforeAll
    static void start() {
        simulator = Simulator.start(SimulatorOptions.defaults());
        simulator.loadTenant(FABRIKAM);
        trialId = simulator.loadTenant(TRIAL);
        http = new SimHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void clientCredentialsAreRefusedUntilTheTenantConsentedThenIssueABearerToken() {
        simulator.revokeConsent(FABRIKAM_ID);
        HttpResponse<String> refused = tokenRequest(FABRIKAM_ID, simulator.clientSecret());
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = json(refused.body());
        assertThat(error.get("error").asText()).isEqualTo("invalid_grant");
        assertThat(error.get("error_description").asText()).startsWith("AADSTS65001:").contains("Trace ID:");
        assertThat(error.get("error_codes").get(0).asInt()).isEqualTo(65001);
        assertThat(error.has("timestamp") && error.has("trace_id") && error.has("correlation_id")).isTrue();

        simulator.grantConsent(FABRIKAM_ID);
        HttpResponse<String> granted = tokenRequest("fabrikam-test.example", simulator.clientSecret());
        assertThat(granted.statusCode()).isEqualTo(200);
        JsonNode token = json(granted.body());
        assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.get("expires_in").isNumber()).isTrue();
        assertThat(token.get("expires_in").asInt()).isEqualTo(3599);
        JsonNode claims = claims(token.get("access_token").asText());
        assertThat(claims.get("tid").asText()).isEqualTo(FABRIKAM_ID);
        assertThat(claims.get("aud").asText()).isEqualTo("https://graph.microsoft.com");
        assertThat(claims.get("roles").toString()).contains("Mail.ReadWrite");
    }

    @Test
    void wrongSecretUnknownClientAndBadScopeAreRefusedWithAadstsErrors() {
        simulator.grantConsent(FABRIKAM_ID);
        HttpResponse<String> wrongSecret = tokenRequest(FABRIKAM_ID, "not-the-secret");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(json(wrongSecret.body()).get("error").asText()).isEqualTo("invalid_client");

        HttpResponse<String> unknownClient = http.postForm(simulator.baseUrl() + "/" + FABRIKAM_ID + "/oauth2/v2.0/token",
                Map.of("client_id", "00000000-0000-0000-0000-000000000000", "client_secret", "x",
                        "scope", "https://graph.microsoft.com/.default", "grant_type", "client_credentials"));
        assertThat(json(unknownClient.body()).get("error_codes").get(0).asInt()).isEqualTo(700016);

        HttpResponse<String> badScope = http.postForm(simulator.baseUrl() + "/" + FABRIKAM_ID + "/oauth2/v2.0/token",
                Map.of("client_id", simulator.clientId(), "client_secret", simulator.clientSecret(),
                        "scope", "https://graph.microsoft.com/Mail.Read", "grant_type", "client_credentials"));
        assertThat(badScope.statusCode()).isEqualTo(400);
        assertThat(json(badScope.body()).get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void authorizeListsEveryLoadedTenantsUsersAndTheCodeRedeemsWithTheRightVerifierOnlyOnce() {
        String location = signIn("organizations", "signin-admin", "state-1", "nonce-1");
        Map<String, String> params = queryOf(location);
        assertThat(location).startsWith(REDIRECT + "?");
        assertThat(params.get("state")).isEqualTo("state-1");
        String code = params.get("code");

        HttpResponse<String> tokens = redeem(code, VERIFIER, REDIRECT);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode idToken = claims(json(tokens.body()).get("id_token").asText());
        assertThat(idToken.get("tid").asText()).isEqualTo(FABRIKAM_ID);
        assertThat(idToken.get("oid").asText()).isEqualTo("9f1c2b3a-0000-4000-8000-000000000001");
        assertThat(idToken.get("preferred_username").asText()).isEqualTo("admin@fabrikam-test.example");
        assertThat(idToken.get("name").asText()).isEqualTo("Fabrikam Admin");
        assertThat(idToken.get("aud").asText()).isEqualTo(simulator.clientId());
        assertThat(idToken.get("iss").asText()).isEqualTo(simulator.baseUrl() + "/" + FABRIKAM_ID + "/v2.0");
        assertThat(idToken.get("nonce").asText()).isEqualTo("nonce-1");
        assertThat(idToken.get("wids").toString()).contains("62e90394-69f5-4237-9190-012177145e10");

        HttpResponse<String> replay = redeem(code, VERIFIER, REDIRECT);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(json(replay.body()).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(json(replay.body()).get("error_codes").get(0).asInt()).isEqualTo(54005);
    }

    @Test
    void aWrongVerifierOrRedirectUriIsRefused() {
        String code = queryOf(signIn(FABRIKAM_ID, "signin-pat.lee", "s", null)).get("code");
        HttpResponse<String> wrongVerifier = redeem(code, VERIFIER + "x", REDIRECT);
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(json(wrongVerifier.body()).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(json(wrongVerifier.body()).get("error_description").asText()).contains("Code_Verifier");
        // The failed attempt used the code up, as Entra ID does.
        assertThat(redeem(code, VERIFIER, REDIRECT).statusCode()).isEqualTo(400);

        String second = queryOf(signIn(FABRIKAM_ID, "signin-pat.lee", "s", null)).get("code");
        assertThat(json(redeem(second, VERIFIER, "http://127.0.0.1:9/elsewhere").body()).get("error_description")
                .asText()).startsWith("AADSTS500112");
    }

    @Test
    void aNonAdministratorGetsNoGlobalAdministratorRoleInWids() {
        String code = queryOf(signIn(FABRIKAM_ID, "signin-pat.lee", "s", null)).get("code");
        JsonNode idToken = claims(json(redeem(code, VERIFIER, REDIRECT).body()).get("id_token").asText());
        assertThat(idToken.get("preferred_username").asText()).isEqualTo("pat.lee@fabrikam-test.example");
        assertThat(idToken.get("wids")).isEmpty();
    }

    @Test
    void anUnregisteredRedirectUriGetsAnErrorPageNotARedirect() {
        Simulator strict = Simulator.start(SimulatorOptions.builder().redirectUris(java.util.List.of(REDIRECT)).build());
        try (strict) {
            strict.loadTenant(FABRIKAM);
            HttpResponse<String> page = new SimHttp(strict).get(strict.baseUrl() + "/" + FABRIKAM_ID
                    + "/oauth2/v2.0/authorize?client_id=" + strict.clientId() + "&response_type=code&redirect_uri="
                    + enc("http://127.0.0.1:9/other") + "&scope=openid", null);
            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(page.headers().firstValue("Location")).isEmpty();
            assertThat(page.body()).contains("AADSTS50011");
        }
    }

    @Test
    void adminConsentAcceptRecordsConsentAndRedirectsWithTenantAndState() {
        simulator.revokeConsent(trialId);
        String page = consentPage(trialId, "consent-state");
        HttpResponse<String> accepted = http.get(simulator.baseUrl() + link(page, "accept"), null);
        assertThat(accepted.statusCode()).isEqualTo(302);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        Map<String, String> params = queryOf(location);
        assertThat(location).startsWith(REDIRECT + "?admin_consent=True");
        assertThat(params).containsEntry("admin_consent", "True").containsEntry("tenant", trialId)
                .containsEntry("state", "consent-state");
        assertThat(simulator.hasConsented(trialId)).isTrue();
        assertThat(tokenRequest(trialId, simulator.clientSecret()).statusCode()).isEqualTo(200);
        // A consent page is single-use.
        assertThat(http.get(simulator.baseUrl() + link(page, "accept"), null).statusCode()).isEqualTo(400);
    }

    @Test
    void adminConsentCancelRedirectsWithAccessDeniedAndRecordsNothing() {
        simulator.revokeConsent(trialId);
        String page = consentPage(trialId, "cancel-state");
        HttpResponse<String> cancelled = http.get(simulator.baseUrl() + link(page, "cancel"), null);
        assertThat(cancelled.statusCode()).isEqualTo(302);
        Map<String, String> params = queryOf(cancelled.headers().firstValue("Location").orElseThrow());
        assertThat(params).containsEntry("error", "access_denied").containsEntry("state", "cancel-state")
                .containsEntry("admin_consent", "True");
        assertThat(params.get("error_description")).startsWith("AADSTS65004");
        assertThat(simulator.hasConsented(trialId)).isFalse();
    }

    @Test
    void openIdMetadataAndSigningKeysArePublished() {
        JsonNode config = json(http.get(simulator.baseUrl() + "/" + FABRIKAM_ID
                + "/v2.0/.well-known/openid-configuration", null).body());
        assertThat(config.get("token_endpoint").asText())
                .isEqualTo(simulator.baseUrl() + "/" + FABRIKAM_ID + "/oauth2/v2.0/token");
        assertThat(config.get("issuer").asText()).isEqualTo(simulator.baseUrl() + "/" + FABRIKAM_ID + "/v2.0");
        JsonNode keys = json(http.get(config.get("jwks_uri").asText(), null).body());
        assertThat(keys.get("keys").get(0).get("kty").asText()).isEqualTo("RSA");
        String kid = keys.get("keys").get(0).get("kid").asText();
        String code = queryOf(signIn(FABRIKAM_ID, "signin-admin", "s", null)).get("code");
        String idToken = json(redeem(code, VERIFIER, REDIRECT).body()).get("id_token").asText();
        JsonNode header = json(new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[0]), StandardCharsets.UTF_8));
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
        assertThat(header.get("kid").asText()).isEqualTo(kid);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private HttpResponse<String> tokenRequest(String tenant, String secret) {
        return http.postForm(simulator.baseUrl() + "/" + tenant + "/oauth2/v2.0/token", Map.of(
                "client_id", simulator.clientId(), "client_secret", secret,
                "scope", "https://graph.microsoft.com/.default", "grant_type", "client_credentials"));
    }

    /** Opens the sign-in page, clicks the link with the given id, returns the redirect Location. */
    private String signIn(String tenant, String linkId, String state, String nonce) {
        String url = simulator.baseUrl() + "/" + tenant + "/oauth2/v2.0/authorize?client_id=" + simulator.clientId()
                + "&response_type=code&redirect_uri=" + enc(REDIRECT) + "&response_mode=query&scope="
                + enc("openid profile offline_access") + "&state=" + state
                + "&code_challenge=" + LoginHandler.s256(VERIFIER) + "&code_challenge_method=S256"
                + (nonce == null ? "" : "&nonce=" + nonce);
        HttpResponse<String> page = http.get(url, null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        if (tenant.equals("organizations")) {
            assertThat(page.body()).contains("id=\"signin-owner\"").contains("id=\"signin-pat.lee\"");
        }
        HttpResponse<String> clicked = http.get(simulator.baseUrl() + link(page.body(), linkId), null);
        assertThat(clicked.statusCode()).isEqualTo(302);
        return clicked.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> redeem(String code, String verifier, String redirectUri) {
        return http.postForm(simulator.baseUrl() + "/organizations/oauth2/v2.0/token", Map.of(
                "client_id", simulator.clientId(), "client_secret", simulator.clientSecret(),
                "grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
                "code_verifier", verifier, "scope", "openid profile offline_access"));
    }

    private String consentPage(String tenant, String state) {
        HttpResponse<String> page = http.get(simulator.baseUrl() + "/" + tenant + "/v2.0/adminconsent?client_id="
                + simulator.clientId() + "&scope=" + enc("https://graph.microsoft.com/.default") + "&redirect_uri="
                + enc(REDIRECT) + "&state=" + state, null);
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    static String link(String html, String id) {
        Matcher matcher = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*href=\"([^\"]+)\"").matcher(html);
        assertThat(matcher.find()).as("link #" + id + " in page").isTrue();
        return matcher.group(1).replace("&amp;", "&");
    }

    static JsonNode claims(String jwt) {
        return json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
