package com.mailmoat.signup;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.session.LoginLimits;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.core.signup.PasswordPolicy;
import com.mailmoat.core.signup.SignupService;
import com.mailmoat.lambda.Json;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryAttemptCounter;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The signup function's sample events through its handler, with the core's ports faked. */
class SignupHandlerTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private static final String PASSWORD = "Correct-Horse-Battery-9";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final RecordingNotificationQueue queue = new RecordingNotificationQueue();
    private final Sessions sessions = new Sessions(tokens, clock);
    private final PasswordHasher hasher = new PasswordHasher();
    private final SignupService signups = new SignupService(accounts, tokens, queue, new PasswordPolicy(), hasher,
            clock, CONSOLE);
    private final SignupHandler handler = new SignupHandler(signups,
            new LoginService(accounts, sessions, new InMemoryAttemptCounter(), hasher,
                    new LoginLimits(5, 50, Duration.ofMinutes(15)), clock),
            sessions, CONSOLE, clock);

    static List<SampleEvents.Sample<APIGatewayV2HTTPEvent>> samples() {
        return SampleEvents.http("SignupFunction");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleGetsAJsonAnswerThatIsNotAServerError(SampleEvents.Sample<APIGatewayV2HTTPEvent> sample) throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(sample.event(), null);
        assertThat(response.getStatusCode()).as(sample.name()).isBetween(200, 499);
        assertThat(response.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.isObject()).isTrue();
        if (response.getStatusCode() >= 400) {
            assertThat(body.has("error")).as(sample.name() + " error shape").isTrue();
            assertThat(body.has("details")).isTrue();
        }
    }

    @Test
    void signUpAnswers202AndQueuesTheSetPasswordLink() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(SampleEvents.httpSample("SignupFunction.json"), null);
        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(queue.ofKind(NotificationKind.SET_PASSWORD_LINK)).singleElement()
                .satisfies(n -> assertThat(n.recipient()).isEqualTo("admin@contoso.example"));
    }

    @Test
    void loginWithTheRightPasswordSetsAnHttpOnlySessionCookieThatAuthenticates() {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        APIGatewayV2HTTPResponse response = handler.handleRequest(SampleEvents.httpSample("SignupFunction-login.json"), null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        String cookie = response.getCookies().get(0);
        assertThat(cookie).contains("HttpOnly").contains("Secure").contains("SameSite=Lax");
        String token = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        assertThat(sessions.authenticate(token)).isPresent();
    }

    @Test
    void loginForAnUnknownAddressIs401WithTheErrorShape() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(SampleEvents.httpSample("SignupFunction-login.json"), null);
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getBody()).contains("\"error\":\"invalid_credentials\"");
        assertThat(response.getCookies()).isNullOrEmpty();
    }

    @Test
    void anUnknownSetPasswordTokenIs400AndSetsNothing() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(SampleEvents.httpSample("SignupFunction-set-password.json"), null);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("invalid_token");
        assertThat(accounts.size()).isZero();
    }
}
