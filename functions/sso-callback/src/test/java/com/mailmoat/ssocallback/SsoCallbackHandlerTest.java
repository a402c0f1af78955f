package com.mailmoat.ssocallback;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.consent.ConsentFlow;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingScanRequests;
import com.mailmoat.testkit.SampleEvents;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sso-callback function's sample events through its handler, Microsoft faked at the port. */
class SsoCallbackHandlerTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final Sessions sessions = new Sessions(tokens, clock);
    private final RecordingScanRequests scans = new RecordingScanRequests();
    private final FakeMicrosoft microsoft = new FakeMicrosoft();
    private final SsoCallbackHandler handler = new SsoCallbackHandler(sessions,
            new ConsentFlow(accounts, tokens, microsoft, microsoft, new RecordingNotificationQueue(), scans, clock), CONSOLE);
    private String cookie;

    @BeforeEach
    void signedIn() {
        accounts.create(Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        cookie = "mm_session=" + sessions.issue("acct-1").token();
    }

    private APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        event.setCookies(List.of(cookie));
        return handler.handleRequest(event, null);
    }

    private static String location(APIGatewayV2HTTPResponse response) {
        return response.getHeaders().get("Location");
    }

    private static APIGatewayV2HTTPEvent callback(URI redirect, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("SsoCallbackFunction.json");
        event.setQueryStringParameters(query);
        return event;
    }

    private static String state(String url) {
        return url.replaceAll(".*state=([^&]+).*", "$1");
    }

    @Test
    void theCallbackSampleWithAStateWeNeverIssuedIsRefusedAndLinksNothing() {
        APIGatewayV2HTTPResponse response = send(SampleEvents.httpSample("SsoCallbackFunction.json"));
        assertThat(response.getStatusCode()).isBetween(300, 399);
        assertThat(location(response)).startsWith(CONSOLE + "consent-result?status=error");
        assertThat(accounts.findById("acct-1").orElseThrow().isTenantLinked()).isFalse();
        assertThat(scans.requested).isEmpty();
    }

    @Test
    void theConsentSampleStartsSignInAndTheWholeRoundTripConnectsTheTenantAndAsksForTheFirstScan() {
        APIGatewayV2HTTPResponse begin = send(SampleEvents.httpSample("SsoCallbackFunction-consent.json"));
        assertThat(begin.getStatusCode()).isBetween(300, 399);
        assertThat(location(begin)).startsWith("https://login.example/authorize");

        // Microsoft posts the sign-in answer cross-site: no session cookie comes with it.
        String state = state(location(begin));
        APIGatewayV2HTTPResponse posted = handler.handleRequest(signInPost("code=c&state=" + state + "&session_state=s"), null);
        assertThat(posted.getStatusCode()).isEqualTo(303);
        assertThat(location(posted)).isEqualTo(CONSOLE + "api/sso/callback?state=" + state);
        assertThat(accounts.findById("acct-1").orElseThrow().isTenantLinked()).isFalse();

        // The same-origin GET it leads to carries the cookie; the binding is checked there.
        APIGatewayV2HTTPResponse signedIn = send(callback(null, Map.of("state", state)));
        assertThat(location(signedIn)).startsWith("https://login.example/" + FakeMicrosoft.TENANT + "/adminconsent");

        APIGatewayV2HTTPResponse consented = send(callback(null, Map.of("admin_consent", "True",
                "tenant", FakeMicrosoft.TENANT, "state", state(location(signedIn)))));
        assertThat(location(consented)).isEqualTo(CONSOLE + "consent-result?status=connected");
        assertThat(accounts.findById("acct-1").orElseThrow().tenantId()).isEqualTo(FakeMicrosoft.TENANT);
        assertThat(scans.requested).containsExactly("acct-1/" + FakeMicrosoft.TENANT);
    }

    private static APIGatewayV2HTTPEvent signInPost(String form) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("SsoCallbackFunction-signin-post.json");
        event.setBody(java.util.Base64.getEncoder().encodeToString(form.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return event;
    }

    @Test
    void theSignInPostSampleWithAStateWeNeverIssuedEndsOnTheResultPageByReasonCode() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                SampleEvents.httpSample("SsoCallbackFunction-signin-post.json"), null);
        assertThat(response.getStatusCode()).isEqualTo(303);
        assertThat(location(response)).isEqualTo(CONSOLE + "consent-result?status=error&reason=invalid_state");
    }

    /** Finding 7: the result page took any text in ?message=; now it gets a reason code only. */
    @Test
    void refusalsCarryAReasonCodeAndNoText() {
        APIGatewayV2HTTPEvent anonymous = callback(null, Map.of("state", "whatever"));
        anonymous.setCookies(null);
        assertThat(location(handler.handleRequest(anonymous, null)))
                .isEqualTo(CONSOLE + "consent-result?status=error&reason=no_session");
    }

    @Test
    void theSignInPostMustBeAFormAndNothingElse() {
        APIGatewayV2HTTPEvent json = SampleEvents.httpSample("SsoCallbackFunction-signin-post.json");
        json.getHeaders().put("content-type", "application/json");
        json.setIsBase64Encoded(false);
        json.setBody("{}");
        assertThat(handler.handleRequest(json, null).getStatusCode()).isEqualTo(415);
        assertThat(handler.handleRequest(signInPost("state=%zz"), null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void startingConsentWithoutASessionIs401() {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("SsoCallbackFunction-consent.json");
        event.setCookies(null);
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(401);
    }
}
