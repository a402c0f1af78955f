package com.mailmoat.signup;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.session.KnownBrowsers;
import com.mailmoat.core.session.LoginLimits;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.signup.AccountClosure;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.core.signup.PasswordPolicy;
import com.mailmoat.core.signup.SignupLimits;
import com.mailmoat.core.signup.SignupService;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.http.MinimumDuration;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryAttemptCounter;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.InMemoryTwoStep;
import com.mailmoat.core.twostep.TwoStepCodes;
import com.mailmoat.core.twostep.TwoStepSettings;
import com.mailmoat.core.twostep.TwoStepState;
import com.mailmoat.core.twostep.TwoStepStore;
import com.mailmoat.core.twostep.TwoStepUnavailableException;
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
    private final PasswordHasher hasher = new PasswordHasher(10_000);
    private final InMemoryAttemptCounter attempts = new InMemoryAttemptCounter();
    private final SignupService signups = new SignupService(accounts, tokens, queue, attempts, SignupLimits.DEFAULT,
            new PasswordPolicy(), hasher, clock, CONSOLE);
    private final List<com.mailmoat.core.account.ErasureRequest> erasures = new java.util.ArrayList<>();
    private final InMemoryTwoStep storedTwoStep = new InMemoryTwoStep();
    /** Set when the stored two-step secrets stop opening (another key, an altered item). */
    private volatile boolean twoStepSecretsDoNotOpen;
    private final TwoStepStore twoStepStore = new TwoStepStore() {
        @Override
        public java.util.Optional<TwoStepState> find(String accountId) {
            if (twoStepSecretsDoNotOpen) {
                throw new TwoStepUnavailableException(accountId, "its secret does not open", null);
            }
            return storedTwoStep.find(accountId);
        }

        @Override
        public java.util.Optional<TwoStepState> save(TwoStepState state) {
            return storedTwoStep.save(state);
        }
    };
    private final SignupHandler handler = handler(Duration.ZERO);

    private SignupHandler handler(Duration floor) {
        KnownBrowsers browsers = new KnownBrowsers(tokens, clock);
        LoginLimits limits = new LoginLimits(5, 50, Duration.ofMinutes(15));
        TwoStepCodes codes = new TwoStepCodes(twoStepStore, browsers, attempts, limits, clock);
        LoginService logins = new LoginService(accounts, sessions, browsers, attempts, hasher, limits, codes, tokens,
                clock);
        return new SignupHandler(signups, logins, sessions,
                new AccountClosure(accounts, logins, tokens, erasures::add, queue, clock),
                new TwoStepSettings(accounts, logins, codes, queue, tokens, clock, CONSOLE), CONSOLE, clock,
                new MinimumDuration(floor));
    }

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

    @Test
    void theResetSampleIsAcceptedAndSendsNothingForAnUnknownAddress() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(SampleEvents.httpSample("SignupFunction-password-reset.json"), null);
        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(response.getBody()).path("status").asText()).isEqualTo("accepted");
        assertThat(queue.sent).isEmpty();
    }

    @Test
    void resetIsAnsweredIdenticallyForKnownAndUnknownAddressesAndMailsOnlyTheKnownOne() {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        APIGatewayV2HTTPResponse known = handler.handleRequest(SampleEvents.httpSample("SignupFunction-password-reset.json"), null);
        APIGatewayV2HTTPEvent unknownEvent = SampleEvents.httpSample("SignupFunction-password-reset.json");
        unknownEvent.setBody("{\"email\":\"ghost@contoso.example\"}");
        APIGatewayV2HTTPResponse unknown = handler.handleRequest(unknownEvent, null);
        assertThat(known.getStatusCode()).isEqualTo(unknown.getStatusCode()).isEqualTo(202);
        assertThat(known.getBody()).isEqualTo(unknown.getBody());
        assertThat(queue.ofKind(NotificationKind.PASSWORD_RESET_LINK)).singleElement()
                .satisfies(n -> assertThat(n.recipient()).isEqualTo("admin@contoso.example"));
    }

    @Test
    void aRepeatedSignUpIsAnsweredIdenticallyForNewExistingAndJustMailedAddressesAndPromisesNoNewEmail() throws Exception {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        APIGatewayV2HTTPResponse existing = handler.handleRequest(SampleEvents.httpSample("SignupFunction.json"), null);
        APIGatewayV2HTTPEvent freshEvent = SampleEvents.httpSample("SignupFunction.json");
        freshEvent.setBody(freshEvent.getBody().replace("admin@contoso.example", "new@contoso.example"));
        APIGatewayV2HTTPResponse fresh = handler.handleRequest(freshEvent, null);
        APIGatewayV2HTTPResponse quiet = handler.handleRequest(SampleEvents.httpSample("SignupFunction.json"), null);

        assertThat(existing.getStatusCode()).isEqualTo(fresh.getStatusCode()).isEqualTo(quiet.getStatusCode()).isEqualTo(202);
        assertThat(existing.getBody()).isEqualTo(fresh.getBody()).isEqualTo(quiet.getBody());
        assertThat(queue.ofKind(NotificationKind.ACCOUNT_EXISTS)).as("the owner is told once, not in the quiet window")
                .singleElement().satisfies(n -> assertThat(n.recipient()).isEqualTo("admin@contoso.example"));
        String message = Json.MAPPER.readTree(quiet.getBody()).path("message").asText();
        assertThat(message).doesNotContain("on its way").contains("last 10 minutes", "still valid", "spam");
    }

    @Test
    void theResetAnswerSaysAnEarlierLinkIsStillValidRatherThanPromisingANewOne() throws Exception {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        handler.handleRequest(SampleEvents.httpSample("SignupFunction-password-reset.json"), null);
        APIGatewayV2HTTPResponse again = handler.handleRequest(SampleEvents.httpSample("SignupFunction-password-reset.json"), null);

        assertThat(queue.ofKind(NotificationKind.PASSWORD_RESET_LINK)).hasSize(1);
        assertThat(Json.MAPPER.readTree(again.getBody()).path("message").asText())
                .doesNotContain("on its way").contains("last 10 minutes", "still valid", "spam");
    }

    /** Finding 4: a 2,040-character email at login was a 500. */
    @Test
    void aHugeEmailAtLoginIsJust401() {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("SignupFunction-login.json");
        event.setBody("{\"email\":\"" + "a".repeat(2030) + "@x.example\",\"password\":\"x\"}");
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(401);
    }

    /** Finding 3: the per-source limit answers 429 with Retry-After. */
    @Test
    void tooManySignUpsFromOneSourceAre429() {
        APIGatewayV2HTTPResponse last = null;
        for (int i = 0; i <= SignupLimits.DEFAULT.maxPerSource(); i++) {
            APIGatewayV2HTTPEvent event = SampleEvents.httpSample("SignupFunction.json");
            event.setBody("{\"email\":\"user" + i + "@contoso.example\",\"company\":\"Contoso\",\"region\":\"US\"}");
            last = handler.handleRequest(event, null);
            if (i < 30) {
                assertThat(last.getStatusCode()).isEqualTo(202);
            }
        }
        assertThat(last.getStatusCode()).isEqualTo(429);
        assertThat(last.getHeaders()).containsKey("Retry-After");
        assertThat(last.getBody()).contains("\"error\":\"too_many_requests\"");
    }

    /** Finding 7: sign-up answered in 25, 31 or 40 ms depending on the account's state. */
    @Test
    void signUpTakesTheSameTimeWhateverTheAccountsState() {
        SignupHandler paced = handler(Duration.ofMillis(150));
        signups.createAccountWithPassword("has-password@contoso.example", "Contoso", Region.US, PASSWORD);
        signups.signUp("no-password@contoso.example", "Contoso", "US", "203.0.113.1");
        long fresh = signUpMillis(paced, "fresh@contoso.example");
        long noPassword = signUpMillis(paced, "no-password@contoso.example");
        long withPassword = signUpMillis(paced, "has-password@contoso.example");
        assertThat(List.of(fresh, noPassword, withPassword)).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(150L));
    }

    private long signUpMillis(SignupHandler paced, String email) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("SignupFunction.json");
        event.setBody("{\"email\":\"" + email + "\",\"company\":\"Contoso\",\"region\":\"US\"}");
        long started = System.nanoTime();
        assertThat(paced.handleRequest(event, null).getStatusCode()).isEqualTo(202);
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Test
    void settingThePasswordKeepsTheCallersOwnSessionAndEndsTheOthers() {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        String accountId = accounts.findByEmail("admin@contoso.example").orElseThrow().accountId();
        String mine = sessions.issue(accountId).token();
        String other = sessions.issue(accountId).token();
        signups.requestPasswordReset("admin@contoso.example", "203.0.113.1");
        String link = queue.ofKind(NotificationKind.PASSWORD_RESET_LINK).get(0).params().get("link");
        String token = link.substring(link.indexOf("token=") + 6, link.indexOf("&reset=1"));

        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("SignupFunction-set-password.json");
        event.setBody("{\"token\":\"" + token + "\",\"password\":\"Quiet-Meadow-Falcon-8\"}");
        event.setCookies(List.of("mm_session=" + mine));
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(200);
        assertThat(sessions.authenticate(mine)).isPresent();
        assertThat(sessions.authenticate(other)).isEmpty();
    }

    @Test
    void theSetPasswordPageLearnsALinkIsSpentBeforeAnyoneTypesAPasswordAndCheckingSpendsNothing() throws Exception {
        APIGatewayV2HTTPEvent signUp = SampleEvents.httpSample("SignupFunction.json");
        assertThat(handler.handleRequest(signUp, null).getStatusCode()).isEqualTo(202);
        String link = queue.ofKind(NotificationKind.SET_PASSWORD_LINK).get(0).params().get("link");
        String token = link.substring(link.indexOf("token=") + 6);

        assertThat(usable(token)).isTrue();
        assertThat(usable(token)).as("checking twice still leaves it usable").isTrue();
        APIGatewayV2HTTPEvent set = SampleEvents.httpSample("SignupFunction-set-password.json");
        set.setBody("{\"token\":\"" + token + "\",\"password\":\"Quiet-Meadow-Falcon-8\"}");
        assertThat(handler.handleRequest(set, null).getStatusCode()).as("the checked link still sets the password").isEqualTo(200);
        assertThat(usable(token)).as("once used").isFalse();
        assertThat(usable("sample-set-password-token")).as("unknown").isFalse();

        // A reset link expires after 24 hours.
        signups.requestPasswordReset("admin@contoso.example", "203.0.113.1");
        String reset = queue.ofKind(NotificationKind.PASSWORD_RESET_LINK).get(0).params().get("link");
        String resetToken = reset.substring(reset.indexOf("token=") + 6, reset.indexOf("&reset=1"));
        assertThat(usable(resetToken)).isTrue();
        clock.advance(SignupService.RESET_LINK_LIFETIME.plusMinutes(1));
        assertThat(usable(resetToken)).as("expired").isFalse();
    }

    private boolean usable(String token) throws Exception {
        APIGatewayV2HTTPEvent check = SampleEvents.httpSample("SignupFunction-check-password-link.json");
        check.setBody("{\"token\":\"" + token + "\"}");
        APIGatewayV2HTTPResponse response = handler.handleRequest(check, null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(response.getBody()).path("usable").asBoolean();
    }

    /** Security finding: five wrong passwords from anyone locked the administrator out for 15 minutes. */
    @Test
    void strangersGuessingDoNotLockOutTheBrowserTheAdministratorSignedInFrom() throws Exception {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        APIGatewayV2HTTPResponse first = handler.handleRequest(loginRequest(PASSWORD, null), null);
        String browserCookie = first.getCookies().stream().filter(c -> c.startsWith("mm_browser=")).findFirst().orElseThrow();
        assertThat(browserCookie).contains("Path=/api").contains("HttpOnly").contains("SameSite=Strict").contains("Secure");

        for (int i = 0; i < 5; i++) {
            assertThat(handler.handleRequest(loginRequest("Guess-" + i, null), null).getStatusCode()).isEqualTo(401);
        }
        APIGatewayV2HTTPResponse stranger = handler.handleRequest(loginRequest(PASSWORD, null), null);
        assertThat(stranger.getStatusCode()).isEqualTo(429);
        assertThat(Json.MAPPER.readTree(stranger.getBody()).path("details").asText())
                .contains("Too many failed sign-ins to this account").contains("Forgot password?");

        APIGatewayV2HTTPResponse known = handler.handleRequest(loginRequest(PASSWORD, cookieValue(browserCookie)), null);
        assertThat(known.getStatusCode()).isEqualTo(200);
        assertThat(known.getCookies()).as("the browser is known already").noneMatch(c -> c.startsWith("mm_browser="));
    }

    @Test
    void theBrowserThatChoosesANewPasswordSignsInWhileTheAccountIsLockedOut() {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        for (int i = 0; i < 6; i++) {
            handler.handleRequest(loginRequest("Guess-" + i, null), null);
        }
        signups.requestPasswordReset("admin@contoso.example", "203.0.113.1");
        String link = queue.ofKind(NotificationKind.PASSWORD_RESET_LINK).get(0).params().get("link");
        String token = link.substring(link.indexOf("token=") + 6, link.indexOf("&reset=1"));
        APIGatewayV2HTTPEvent reset = SampleEvents.httpSample("SignupFunction-set-password.json");
        reset.setBody("{\"token\":\"" + token + "\",\"password\":\"Quiet-Meadow-Falcon-8\"}");
        APIGatewayV2HTTPResponse set = handler.handleRequest(reset, null);
        assertThat(set.getStatusCode()).isEqualTo(200);
        String browser = cookieValue(set.getCookies().stream().filter(c -> c.startsWith("mm_browser=")).findFirst().orElseThrow());

        assertThat(handler.handleRequest(loginRequest("Quiet-Meadow-Falcon-8", null), null).getStatusCode()).isEqualTo(429);
        assertThat(handler.handleRequest(loginRequest("Quiet-Meadow-Falcon-8", browser), null).getStatusCode()).isEqualTo(200);
    }

    private static APIGatewayV2HTTPEvent loginRequest(String password, String browser) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("SignupFunction-login.json");
        event.setBody(Json.write(java.util.Map.of("email", "admin@contoso.example", "password", password)));
        if (browser != null) {
            event.setCookies(List.of("mm_browser=" + browser));
        }
        return event;
    }

    private static String cookieValue(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    @Test
    void closingTheAccountSignsItOutEverywhereAndQueuesItsErasure() throws Exception {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        String accountId = accounts.findByEmail("admin@contoso.example").orElseThrow().accountId();
        String mine = sessions.issue(accountId).token();
        String other = sessions.issue(accountId).token();

        APIGatewayV2HTTPResponse response = handler.handleRequest(closeRequest(mine, PASSWORD, "admin@contoso.example"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(response.getBody()).path("status").asText()).isEqualTo("closed");
        assertThat(response.getCookies()).singleElement().satisfies(c -> assertThat(c).startsWith("mm_session=;"));
        assertThat(sessions.authenticate(mine)).isEmpty();
        assertThat(sessions.authenticate(other)).isEmpty();
        assertThat(erasures).containsExactly(com.mailmoat.core.account.ErasureRequest.wholeAccount(accountId));
        assertThat(queue.ofKind(NotificationKind.ACCOUNT_CLOSED)).hasSize(1);
        assertThat(handler.handleRequest(SampleEvents.httpSample("SignupFunction-login.json"), null).getStatusCode())
                .isEqualTo(401);
    }

    @Test
    void closingNeedsASessionTheRightPasswordAndTheAddressTypedAgain() throws Exception {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        String accountId = accounts.findByEmail("admin@contoso.example").orElseThrow().accountId();
        String session = sessions.issue(accountId).token();

        assertThat(handler.handleRequest(SampleEvents.httpSample("SignupFunction-close-account.json"), null)
                .getStatusCode()).isEqualTo(401);
        APIGatewayV2HTTPResponse wrongPassword = handler.handleRequest(
                closeRequest(session, "Not-The-Password-1", "admin@contoso.example"), null);
        assertThat(wrongPassword.getStatusCode()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(wrongPassword.getBody()).path("details").get(0).path("field").asText())
                .isEqualTo("password");
        APIGatewayV2HTTPResponse mistyped = handler.handleRequest(closeRequest(session, PASSWORD, "admin@contoso.co"), null);
        assertThat(mistyped.getStatusCode()).isEqualTo(400);
        assertThat(mistyped.getBody()).contains("\"error\":\"not_confirmed\"").contains("\"field\":\"confirm\"");
        assertThat(sessions.authenticate(session)).isPresent();
        assertThat(erasures).isEmpty();
    }

    @Test
    void aConnectedTenantIsAConflictThatSaysToOffboardFirst() {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        var account = accounts.findByEmail("admin@contoso.example").orElseThrow();
        accounts.linkTenant(account.withTenant("tenant-1", List.of("contoso.example"), "Contoso Ltd"));
        String session = sessions.issue(account.accountId()).token();

        APIGatewayV2HTTPResponse response = handler.handleRequest(closeRequest(session, PASSWORD, "admin@contoso.example"), null);

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(response.getBody()).contains("still_connected").contains("Contoso Ltd").contains("Remove Mailmoat from Microsoft 365");
        assertThat(sessions.authenticate(session)).isPresent();
    }

    private static APIGatewayV2HTTPEvent closeRequest(String session, String password, String confirm) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("SignupFunction-close-account.json");
        event.setCookies(List.of("mm_session=" + session));
        event.setBody(Json.write(java.util.Map.of("password", password, "confirm", confirm)));
        return event;
    }

    // Two-step sign-in through the routes.

    private static APIGatewayV2HTTPEvent post(String sample, String session, java.util.Map<String, String> body) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample(sample);
        event.setCookies(session == null ? null : List.of("mm_session=" + session));
        event.setBody(Json.write(body));
        return event;
    }

    private static APIGatewayV2HTTPEvent route(String routeKey, String session, java.util.Map<String, String> body) {
        APIGatewayV2HTTPEvent event = post("SignupFunction-two-step.json", session, body == null ? java.util.Map.of() : body);
        String path = routeKey.substring(routeKey.indexOf(' ') + 1);
        event.setRouteKey(routeKey);
        event.setRawPath(path);
        event.getRequestContext().setRouteKey(routeKey);
        event.getRequestContext().getHttp().setPath(path);
        event.getRequestContext().getHttp().setMethod(routeKey.substring(0, routeKey.indexOf(' ')));
        if (body == null) {
            event.setBody(null);
            event.getHeaders().remove("content-type");
        }
        return event;
    }

    private String codeNow(String secret) {
        return com.mailmoat.core.twostep.Totp.code(com.mailmoat.core.twostep.Base32.decode(secret).orElseThrow(),
                com.mailmoat.core.twostep.Totp.step(clock.instant()));
    }

    /** Turns two-step on through the routes; returns the secret and the recovery codes' JSON. */
    private String[] enrolThroughTheRoutes(String session) throws Exception {
        APIGatewayV2HTTPResponse begun = handler.handleRequest(post("SignupFunction-two-step.json", session,
                java.util.Map.of("password", PASSWORD)), null);
        assertThat(begun.getStatusCode()).as(begun.getBody()).isEqualTo(200);
        String secret = Json.MAPPER.readTree(begun.getBody()).path("secret").asText();
        APIGatewayV2HTTPResponse confirmed = handler.handleRequest(route("POST /api/account/two-step/confirm", session,
                java.util.Map.of("code", codeNow(secret))), null);
        assertThat(confirmed.getStatusCode()).as(confirmed.getBody()).isEqualTo(200);
        return new String[] {secret, Json.MAPPER.readTree(confirmed.getBody()).path("recoveryCodes").toString()};
    }

    @Test
    void settingUpTwoStepAsksThePasswordAgainThenACodeAndShowsTenRecoveryCodes() throws Exception {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        String accountId = accounts.findByEmail("admin@contoso.example").orElseThrow().accountId();
        String session = sessions.issue(accountId).token();

        assertThat(handler.handleRequest(post("SignupFunction-two-step.json", null,
                java.util.Map.of("password", PASSWORD)), null).getStatusCode()).as("no session").isEqualTo(401);
        APIGatewayV2HTTPResponse wrong = handler.handleRequest(post("SignupFunction-two-step.json", session,
                java.util.Map.of("password", "Not-The-Password-1")), null);
        assertThat(wrong.getStatusCode()).isEqualTo(403);
        assertThat(wrong.getBody()).contains("\"field\":\"password\"");

        APIGatewayV2HTTPResponse begun = handler.handleRequest(post("SignupFunction-two-step.json", session,
                java.util.Map.of("password", PASSWORD)), null);
        JsonNode pending = Json.MAPPER.readTree(begun.getBody());
        assertThat(pending.path("status").asText()).isEqualTo("pending");
        assertThat(pending.path("otpauthUri").asText())
                .startsWith("otpauth://totp/Mailmoat:admin@contoso.example?secret=" + pending.path("secret").asText());
        // The QR code to scan from the screen holds that very URI.
        JsonNode qr = pending.path("qrCode");
        assertThat(SetupQrCodeTest.decode(new SetupQrCode(qr.path("size").asInt(), qr.path("path").asText())))
                .isEqualTo(pending.path("otpauthUri").asText());
        APIGatewayV2HTTPResponse badCode = handler.handleRequest(route("POST /api/account/two-step/confirm", session,
                java.util.Map.of("code", "12345")), null);
        assertThat(badCode.getStatusCode()).isEqualTo(400);
        assertThat(badCode.getBody()).contains("\"error\":\"wrong_code\"").contains("\"field\":\"code\"");

        APIGatewayV2HTTPResponse confirmed = handler.handleRequest(route("POST /api/account/two-step/confirm", session,
                java.util.Map.of("code", codeNow(pending.path("secret").asText()))), null);

        assertThat(Json.MAPPER.readTree(confirmed.getBody()).path("recoveryCodes")).hasSize(10);
        JsonNode status = Json.MAPPER.readTree(handler.handleRequest(route("GET /api/account/two-step", session, null), null)
                .getBody());
        assertThat(status.path("enabled").asBoolean()).isTrue();
        assertThat(status.path("recoveryCodesLeft").asInt()).isEqualTo(10);
        assertThat(queue.ofKind(NotificationKind.TWO_STEP_ENABLED)).hasSize(1);
    }

    @Test
    void withTwoStepOnThePasswordGetsNoCookieUntilTheCode() throws Exception {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        String accountId = accounts.findByEmail("admin@contoso.example").orElseThrow().accountId();
        String secret = enrolThroughTheRoutes(sessions.issue(accountId).token())[0];
        clock.advance(Duration.ofSeconds(30));

        APIGatewayV2HTTPResponse first = handler.handleRequest(loginRequest(PASSWORD, null), null);

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(first.getCookies()).isNullOrEmpty();
        JsonNode pending = Json.MAPPER.readTree(first.getBody());
        assertThat(pending.path("status").asText()).isEqualTo("code_required");
        String token = pending.path("token").asText();

        APIGatewayV2HTTPResponse wrong = handler.handleRequest(post("SignupFunction-login-code.json", null,
                java.util.Map.of("token", token, "code", "12345")), null);
        assertThat(wrong.getStatusCode()).isEqualTo(401);
        assertThat(wrong.getBody()).contains("\"error\":\"wrong_code\"").contains("\"field\":\"code\"");
        assertThat(wrong.getCookies()).isNullOrEmpty();

        APIGatewayV2HTTPResponse signedIn = handler.handleRequest(post("SignupFunction-login-code.json", null,
                java.util.Map.of("token", token, "code", codeNow(secret))), null);

        assertThat(signedIn.getStatusCode()).as(signedIn.getBody()).isEqualTo(200);
        String sessionCookie = signedIn.getCookies().stream().filter(c -> c.startsWith("mm_session=")).findFirst().orElseThrow();
        assertThat(sessionCookie).contains("HttpOnly");
        assertThat(sessions.authenticate(cookieValue(sessionCookie))).isPresent();
        assertThat(signedIn.getCookies()).anySatisfy(c -> assertThat(c).startsWith("mm_browser="));
        APIGatewayV2HTTPResponse again = handler.handleRequest(post("SignupFunction-login-code.json", null,
                java.util.Map.of("token", token, "code", codeNow(secret))), null);
        assertThat(again.getStatusCode()).isEqualTo(401);
        assertThat(again.getBody()).contains("sign_in_expired");
    }

    @Test
    void aTwoStepSecretThatDoesNotOpenStopsTheSignInRatherThanLettingThePasswordAloneIn() throws Exception {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        String accountId = accounts.findByEmail("admin@contoso.example").orElseThrow().accountId();
        String session = sessions.issue(accountId).token();
        String secret = enrolThroughTheRoutes(session)[0];
        clock.advance(Duration.ofSeconds(30));
        String pendingToken = Json.MAPPER.readTree(handler.handleRequest(loginRequest(PASSWORD, null), null).getBody())
                .path("token").asText();
        twoStepSecretsDoNotOpen = true;

        APIGatewayV2HTTPResponse password = handler.handleRequest(loginRequest(PASSWORD, null), null);
        APIGatewayV2HTTPResponse code = handler.handleRequest(post("SignupFunction-login-code.json", null,
                java.util.Map.of("token", pendingToken, "code", codeNow(secret))), null);
        APIGatewayV2HTTPResponse status = handler.handleRequest(route("GET /api/account/two-step", session, null), null);
        APIGatewayV2HTTPResponse off = handler.handleRequest(route("POST /api/account/two-step/disable", session,
                java.util.Map.of("password", PASSWORD, "code", codeNow(secret))), null);

        for (APIGatewayV2HTTPResponse response : List.of(password, code, status, off)) {
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(503);
            assertThat(response.getBody()).contains("\"error\":\"two_step_unavailable\"");
            assertThat(response.getCookies()).isNullOrEmpty();
        }
        assertThat(queue.ofKind(NotificationKind.TWO_STEP_DISABLED)).isEmpty();

        twoStepSecretsDoNotOpen = false;
        assertThat(storedTwoStep.find(accountId).orElseThrow().isOn()).as("still on").isTrue();
        APIGatewayV2HTTPResponse later = handler.handleRequest(loginRequest(PASSWORD, null), null);
        assertThat(Json.MAPPER.readTree(later.getBody()).path("status").asText()).isEqualTo("code_required");
    }

    @Test
    void turningTwoStepOffNeedsThePasswordAndACode() throws Exception {
        signups.createAccountWithPassword("admin@contoso.example", "Contoso", Region.US, PASSWORD);
        String accountId = accounts.findByEmail("admin@contoso.example").orElseThrow().accountId();
        String session = sessions.issue(accountId).token();
        String secret = enrolThroughTheRoutes(session)[0];
        clock.advance(Duration.ofSeconds(30));

        APIGatewayV2HTTPResponse noCode = handler.handleRequest(route("POST /api/account/two-step/disable", session,
                java.util.Map.of("password", PASSWORD, "code", "000")), null);
        assertThat(noCode.getStatusCode()).isEqualTo(400);
        APIGatewayV2HTTPResponse off = handler.handleRequest(route("POST /api/account/two-step/disable", session,
                java.util.Map.of("password", PASSWORD, "code", codeNow(secret))), null);

        assertThat(off.getStatusCode()).as(off.getBody()).isEqualTo(200);
        assertThat(handler.handleRequest(loginRequest(PASSWORD, null), null).getCookies())
                .as("the password alone signs in again").anySatisfy(c -> assertThat(c).startsWith("mm_session="));
        assertThat(queue.ofKind(NotificationKind.TWO_STEP_DISABLED)).hasSize(1);
        assertThat(handler.handleRequest(route("POST /api/account/two-step/disable", session,
                java.util.Map.of("password", PASSWORD, "code", codeNow(secret))), null).getStatusCode()).isEqualTo(409);
    }

    /** The links emailed to alert recipients: confirm (the console's page, JSON) and the one-click unsubscribe (a mail provider's form POST). */
    @Test
    void anAlertRecipientConfirmsWithItsLinkAndAMailProviderUnsubscribesItInOneClick() throws Exception {
        com.mailmoat.testkit.InMemoryAlertRecipients store = new com.mailmoat.testkit.InMemoryAlertRecipients();
        com.mailmoat.core.recipients.AlertRecipients recipients = new com.mailmoat.core.recipients.AlertRecipients(store,
                accounts, tokens, queue, attempts, clock, CONSOLE);
        SignupHandler links = handler(Duration.ZERO).withAlertRecipients(recipients);
        accounts.create(com.mailmoat.core.account.Account.signedUp("acct-9", "owner@contoso.example", "Contoso",
                com.mailmoat.core.account.Region.US, clock.instant()));
        recipients.add("acct-9", "soc@contoso.example");
        String link = queue.last().params().get("link");
        String confirmToken = link.substring(link.indexOf("confirm=") + 8);

        APIGatewayV2HTTPEvent confirm = SampleEvents.httpSample("SignupFunction-set-password.json");
        confirm.setRouteKey("POST /api/alert-recipients/confirm");
        confirm.setBody("{\"token\":\"" + confirmToken + "\"}");
        APIGatewayV2HTTPResponse confirmed = links.handleRequest(confirm, null);
        assertThat(confirmed.getStatusCode()).as(confirmed.getBody()).isEqualTo(200);
        assertThat(confirmed.getBody()).contains("\"confirmed\"").contains("soc@contoso.example");
        APIGatewayV2HTTPResponse again = links.handleRequest(confirm, null);
        assertThat(again.getStatusCode()).isEqualTo(400);
        assertThat(again.getBody()).contains("invalid_token");

        com.mailmoat.core.recipients.AlertRecipient active = store.list("acct-9").get(0);
        String oneClick = new com.mailmoat.core.recipients.AlertRecipientLinks(tokens, CONSOLE)
                .unsubscribe(active, clock.instant()).oneClickUrl();
        APIGatewayV2HTTPEvent unsubscribe = SampleEvents.httpSample("SignupFunction-unsubscribe-one-click.json");
        unsubscribe.setQueryStringParameters(java.util.Map.of("token", oneClick.substring(oneClick.indexOf("token=") + 6)));
        // RFC 8058 lets providers send multipart/form-data, from their own servers (no Origin of ours).
        unsubscribe.getHeaders().put("content-type", "multipart/form-data; boundary=x");
        unsubscribe.getHeaders().put("origin", "https://mail.provider.example");
        unsubscribe.setBody("--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--x--\r\n");
        APIGatewayV2HTTPResponse stopped = links.handleRequest(unsubscribe, null);
        assertThat(stopped.getStatusCode()).as(stopped.getBody()).isEqualTo(200);
        assertThat(store.list("acct-9").get(0).state()).isEqualTo(com.mailmoat.core.recipients.RecipientState.UNSUBSCRIBED);
        assertThat(queue.last().kind()).isEqualTo(com.mailmoat.core.notify.NotificationKind.ALERT_RECIPIENT_UNSUBSCRIBED);
        assertThat(links.handleRequest(unsubscribe, null).getStatusCode()).as("single use").isEqualTo(400);
    }
}
