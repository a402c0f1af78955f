package com.mailmoat.core.twostep;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.session.KnownBrowsers;
import com.mailmoat.core.session.LoginLimits;
import com.mailmoat.core.session.LoginResult;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.session.SignInSource;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.core.signup.PasswordPolicy;
import com.mailmoat.core.signup.SetPasswordResult;
import com.mailmoat.core.signup.SignupLimits;
import com.mailmoat.core.signup.SignupService;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryAttemptCounter;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.InMemoryTwoStep;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Setting up, using and turning off two-step sign-in, through the services the signup function calls. */
class TwoStepSignInTest {
    private static final String PASSWORD = "Harbour-Lantern-42";
    private static final String EMAIL = "admin@contoso.example";
    private static final String CONSOLE = "https://console.mailmoat.example/";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:10Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final InMemoryAttemptCounter attempts = new InMemoryAttemptCounter();
    private final InMemoryTwoStep store = new InMemoryTwoStep();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final PasswordHasher hasher = new PasswordHasher(1_000);
    private final Sessions sessions = new Sessions(tokens, clock);
    private final KnownBrowsers browsers = new KnownBrowsers(tokens, clock);
    private final LoginLimits limits = new LoginLimits(5, 50, Duration.ofMinutes(15));
    private final TwoStepCodes codes = new TwoStepCodes(store, browsers, attempts, limits, clock);
    private final LoginService logins = new LoginService(accounts, sessions, browsers, attempts, hasher, limits, codes,
            tokens, clock);
    private final com.mailmoat.testkit.InMemoryActivityLog activityLog = new com.mailmoat.testkit.InMemoryActivityLog();
    private final com.mailmoat.core.activity.Activity activity = new com.mailmoat.core.activity.Activity(activityLog, accounts, clock);
    private final TwoStepSettings settings = new TwoStepSettings(accounts, logins, codes, notifications, tokens, clock, CONSOLE)
            .withActivity(activity);
    private final SignupService signups = new SignupService(accounts, tokens, notifications, attempts,
            SignupLimits.DEFAULT, new PasswordPolicy(), hasher, clock, CONSOLE).withTwoStep(store).withActivity(activity);
    private String accountId;

    @BeforeEach
    void anAccountWithAPassword() {
        accountId = signups.createAccountWithPassword(EMAIL, "Contoso", Region.US, PASSWORD).accountId();
    }

    private static SignInSource at(String address) {
        return SignInSource.address(address);
    }

    private String codeNow(String secret) {
        return Totp.code(Base32.decode(secret).orElseThrow(), Totp.step(clock.instant()));
    }

    /** Sets it up and confirms it; returns the secret and the recovery codes. */
    private Enrolled enrol() {
        var started = (TwoStepSettings.Result.Started) settings.begin(accountId, PASSWORD, at("198.51.100.1"));
        var enabled = (TwoStepSettings.Result.Enabled) settings.confirm(accountId, codeNow(started.secret()),
                at("198.51.100.1"));
        return new Enrolled(started.secret(), enabled.recoveryCodes());
    }

    private record Enrolled(String secret, List<String> recoveryCodes) {
    }

    private String pendingSignIn() {
        LoginResult result = logins.login(EMAIL, PASSWORD, at("203.0.113.5"));
        assertThat(result).isInstanceOf(LoginResult.CodeRequired.class);
        return ((LoginResult.CodeRequired) result).pendingToken();
    }

    private long sessionsOfTheAccount() {
        return tokens.all().values().stream()
                .filter(t -> t.kind() == TokenKind.SESSION && t.accountId().equals(accountId)).count();
    }

    @Test
    void settingUpAsksThePasswordAgainAndIsNotEnforcedUntilACodeConfirmsIt() {
        assertThat(settings.begin(accountId, "Not-The-Password-1", at("198.51.100.1")))
                .isEqualTo(new TwoStepSettings.Result.PasswordRefused(new LoginResult.InvalidCredentials()));

        var started = (TwoStepSettings.Result.Started) settings.begin(accountId, PASSWORD, at("198.51.100.1"));

        assertThat(Base32.decode(started.secret())).hasValueSatisfying(bytes -> assertThat(bytes).hasSize(20));
        assertThat(started.otpauthUri()).isEqualTo("otpauth://totp/Mailmoat:" + EMAIL + "?secret=" + started.secret()
                + "&issuer=Mailmoat&algorithm=SHA1&digits=6&period=30");
        assertThat(logins.login(EMAIL, PASSWORD, at("203.0.113.5"))).as("pending: the password alone still signs in")
                .isInstanceOf(LoginResult.SignedIn.class);
        assertThat(settings.confirm(accountId, "000000".equals(codeNow(started.secret())) ? "111111" : "000000",
                at("198.51.100.1"))).isInstanceOf(TwoStepSettings.Result.CodeRefused.class);
        assertThat(settings.status(accountId).on()).isFalse();
        assertThat(notifications.ofKind(NotificationKind.TWO_STEP_ENABLED)).isEmpty();
    }

    @Test
    void aSetupLeftUnconfirmedForMoreThanAnHourCannotBeConfirmedLater() {
        var started = (TwoStepSettings.Result.Started) settings.begin(accountId, PASSWORD, at("198.51.100.1"));
        clock.advance(TwoStepSettings.SETUP_LIFETIME.plusSeconds(1));
        assertThat(settings.confirm(accountId, codeNow(started.secret()), at("198.51.100.1")))
                .isEqualTo(new TwoStepSettings.Result.NotSetUp());
        assertThat(settings.status(accountId).on()).isFalse();
    }

    @Test
    void confirmingTurnsItOnWithTenDistinctRecoveryCodesAndEmailsTheOwnerOnce() {
        Enrolled enrolled = enrol();

        assertThat(enrolled.recoveryCodes()).hasSize(10).doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));
        assertThat(store.find(accountId).orElseThrow().recoveryCodeHashes())
                .as("stored hashed").hasSize(10).doesNotContainAnyElementsOf(enrolled.recoveryCodes());
        assertThat(settings.status(accountId)).isEqualTo(new TwoStepSettings.Status(true, clock.instant(), 10));
        assertThat(notifications.ofKind(NotificationKind.TWO_STEP_ENABLED)).singleElement()
                .satisfies(n -> assertThat(n.recipient()).isEqualTo(EMAIL));
        assertThat(settings.begin(accountId, PASSWORD, at("198.51.100.1")))
                .as("a second setup would replace the secret in use").isEqualTo(new TwoStepSettings.Result.AlreadyOn());
    }

    @Test
    void withTwoStepOnTheRightPasswordOpensNoSessionUntilTheCode() {
        Enrolled enrolled = enrol();
        clock.advance(Duration.ofSeconds(30));

        String pending = pendingSignIn();
        assertThat(sessionsOfTheAccount()).isZero();

        LoginResult signedIn = logins.completeWithCode(pending, codeNow(enrolled.secret()), at("203.0.113.5"));

        assertThat(signedIn).isInstanceOfSatisfying(LoginResult.SignedIn.class, s -> {
            assertThat(sessions.authenticate(s.sessionToken())).hasValueSatisfying(
                    session -> assertThat(session.accountId()).isEqualTo(accountId));
            assertThat(s.browser()).as("the browser is remembered, as after a password sign-in").isPresent();
        });
        clock.advance(Duration.ofSeconds(30));
        assertThat(logins.completeWithCode(pending, codeNow(enrolled.secret()), at("203.0.113.5")))
                .as("the pending sign-in is spent").isEqualTo(new LoginResult.SignInExpired());
    }

    @Test
    void aCodeWorksOnceOnly() {
        Enrolled enrolled = enrol();
        String usedToConfirm = codeNow(enrolled.secret());

        assertThat(logins.completeWithCode(pendingSignIn(), usedToConfirm, at("203.0.113.5")))
                .isInstanceOf(LoginResult.WrongCode.class);

        clock.advance(Duration.ofSeconds(30));
        String next = codeNow(enrolled.secret());
        assertThat(logins.completeWithCode(pendingSignIn(), next, at("203.0.113.5"))).isInstanceOf(LoginResult.SignedIn.class);
        assertThat(logins.completeWithCode(pendingSignIn(), next, at("203.0.113.5")))
                .as("replayed within its 30 seconds").isInstanceOf(LoginResult.WrongCode.class);
    }

    @Test
    void aRecoveryCodeSignsInOnceHoweverItIsTyped() {
        Enrolled enrolled = enrol();
        String recovery = enrolled.recoveryCodes().get(3);

        assertThat(logins.completeWithCode(pendingSignIn(), " " + recovery.toUpperCase().replace("-", " ") + " ",
                at("203.0.113.5"))).isInstanceOf(LoginResult.SignedIn.class);
        assertThat(settings.status(accountId).recoveryCodesLeft()).isEqualTo(9);
        assertThat(logins.completeWithCode(pendingSignIn(), recovery, at("203.0.113.5")))
                .isInstanceOf(LoginResult.WrongCode.class);
        assertThat(logins.completeWithCode(pendingSignIn(), enrolled.recoveryCodes().get(4), at("203.0.113.5")))
                .as("the others still work").isInstanceOf(LoginResult.SignedIn.class);
        assertThat(notifications.ofKind(NotificationKind.TWO_STEP_RECOVERY_CODE_USED))
                .as("the owner is told of each code spent, once").extracting(n -> n.params().get("recoveryCodesLeft"))
                .containsExactly("9", "8");
    }

    @Test
    void aPendingSignInEndsAfterThreeWrongCodes() {
        Enrolled enrolled = enrol();
        clock.advance(Duration.ofSeconds(30));
        String pending = pendingSignIn();

        assertThat(logins.completeWithCode(pending, "abc", at("203.0.113.5"))).isEqualTo(new LoginResult.WrongCode(2));
        assertThat(logins.completeWithCode(pending, "abc", at("203.0.113.5"))).isEqualTo(new LoginResult.WrongCode(1));
        assertThat(logins.completeWithCode(pending, "abc", at("203.0.113.5"))).isEqualTo(new LoginResult.WrongCode(0));
        assertThat(logins.completeWithCode(pending, codeNow(enrolled.secret()), at("203.0.113.5")))
                .isEqualTo(new LoginResult.SignInExpired());
    }

    @Test
    void aPendingSignInExpiresAfterFiveMinutes() {
        Enrolled enrolled = enrol();
        String pending = pendingSignIn();
        clock.advance(LoginService.PENDING_SIGN_IN_LIFETIME);
        assertThat(logins.completeWithCode(pending, codeNow(enrolled.secret()), at("203.0.113.5")))
                .isEqualTo(new LoginResult.SignInExpired());
    }

    @Test
    void wrongCodesAreThrottledPerAccountAcrossPendingSignIns() {
        Enrolled enrolled = enrol();
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            // From a different address each time: the account's own limit is what stops them.
            assertThat(logins.completeWithCode(pendingSignIn(), "000000".equals(codeNow(enrolled.secret()))
                    ? "111111" : "000000", at("192.0.2." + i))).isInstanceOf(LoginResult.WrongCode.class);
        }

        assertThat(logins.completeWithCode(pendingSignIn(), codeNow(enrolled.secret()), at("192.0.2.99")))
                .as("even the right code waits").isInstanceOf(LoginResult.Throttled.class);

        clock.advance(Duration.ofMinutes(15));
        assertThat(logins.completeWithCode(pendingSignIn(), codeNow(enrolled.secret()), at("192.0.2.99")))
                .isInstanceOf(LoginResult.SignedIn.class);
    }

    private String undoToken() {
        String link = notifications.ofKind(NotificationKind.TWO_STEP_ENABLED).get(0).params().get("undoUrl");
        assertThat(link).startsWith(CONSOLE + "set-password?token=").endsWith("&undo=two-step");
        return link.replaceAll(".*token=([^&]+).*", "$1");
    }

    @Test
    void theEmailSayingItWasTurnedOnLetsTheOwnerTakeTheAccountBackFromAnIntruderWhoTurnedItOn() {
        // An intruder signed in with the stolen password turns two-step on: the owner has no code.
        Enrolled intruders = enrol();
        String undo = undoToken();
        clock.advance(Duration.ofSeconds(30));
        String intruderSession = ((LoginResult.SignedIn) logins.completeWithCode(pendingSignIn(),
                codeNow(intruders.secret()), at("203.0.113.9"))).sessionToken();
        clock.advance(Duration.ofDays(2));

        assertThat(signups.setPassword(undo, "Quiet-Meadow-Falcon-8")).isInstanceOf(SetPasswordResult.PasswordSet.class);

        assertThat(settings.status(accountId).on()).as("two-step off").isFalse();
        assertThat(sessions.authenticate(intruderSession)).as("the intruder is signed out").isEmpty();
        assertThat(logins.login(EMAIL, PASSWORD, at("203.0.113.9"))).as("the stolen password is void")
                .isInstanceOf(LoginResult.InvalidCredentials.class);
        assertThat(logins.login(EMAIL, "Quiet-Meadow-Falcon-8", at("198.51.100.1"))).as("the owner is in with the password alone")
                .isInstanceOf(LoginResult.SignedIn.class);
        assertThat(notifications.ofKind(NotificationKind.TWO_STEP_DISABLED)).hasSize(1);
        assertThat(notifications.ofKind(NotificationKind.PASSWORD_CHANGED)).hasSize(1);
        assertThat(signups.setPassword(undo, "Another-Quiet-Meadow-9")).as("single use")
                .isInstanceOf(SetPasswordResult.InvalidToken.class);
        assertThat(activity()).containsExactly("PASSWORD_CHANGED Changed the password and turned two-step sign-in off "
                + "with the \u201cthis was not me\u201d link; every session was ended",
                "TWO_STEP_ON Turned two-step sign-in on (an authenticator app, and 10 recovery codes)");
    }

    /** The account's activity log, newest first, as "KIND summary" (every entry by the owner). */
    private java.util.List<String> activity() {
        assertThat(activityLog.entries(accountId)).allSatisfy(e -> assertThat(e.actor()).isEqualTo(EMAIL));
        return activityLog.entries(accountId).stream().map(e -> e.kind() + " " + e.summary()).toList();
    }

    @Test
    void theUndoLinkWorksOnlyForTheEnrolmentItWasSentForAndOnlyForAWeek() {
        Enrolled first = enrol();
        String firstUndo = undoToken();
        // Turned off and on again by the owner: the first email's link no longer undoes anything.
        clock.advance(Duration.ofSeconds(30));
        settings.disable(accountId, PASSWORD, codeNow(first.secret()), at("198.51.100.1"));
        clock.advance(Duration.ofSeconds(30));
        enrol();
        assertThat(signups.setPassword(firstUndo, "Quiet-Meadow-Falcon-8")).isInstanceOf(SetPasswordResult.InvalidToken.class);
        assertThat(settings.status(accountId).on()).isTrue();

        String secondUndo = notifications.ofKind(NotificationKind.TWO_STEP_ENABLED).get(1).params().get("undoUrl")
                .replaceAll(".*token=([^&]+).*", "$1");
        clock.advance(TwoStepSettings.UNDO_LINK_LIFETIME.plusSeconds(1));
        assertThat(signups.setPassword(secondUndo, "Quiet-Meadow-Falcon-8")).as("expired")
                .isInstanceOf(SetPasswordResult.InvalidToken.class);
        assertThat(settings.status(accountId).on()).isTrue();
    }

    @Test
    void newRecoveryCodesTakeThePasswordAndAnAppCodeAndVoidTheOldOnes() {
        Enrolled enrolled = enrol();
        clock.advance(Duration.ofSeconds(30));
        assertThat(settings.newRecoveryCodes(accountId, "Not-The-Password-1", codeNow(enrolled.secret()), at("198.51.100.1")))
                .isInstanceOf(TwoStepSettings.Result.PasswordRefused.class);
        assertThat(settings.newRecoveryCodes(accountId, PASSWORD, enrolled.recoveryCodes().get(0), at("198.51.100.1")))
                .as("a recovery code would renew whoever holds the old ones").isInstanceOf(TwoStepSettings.Result.CodeRefused.class);

        var replaced = (TwoStepSettings.Result.RecoveryCodesReplaced) settings.newRecoveryCodes(accountId, PASSWORD,
                codeNow(enrolled.secret()), at("198.51.100.1"));

        assertThat(replaced.recoveryCodes()).hasSize(10).doesNotContainAnyElementsOf(enrolled.recoveryCodes());
        assertThat(settings.status(accountId).recoveryCodesLeft()).isEqualTo(10);
        assertThat(logins.completeWithCode(pendingSignIn(), enrolled.recoveryCodes().get(1), at("203.0.113.5")))
                .as("an old code").isInstanceOf(LoginResult.WrongCode.class);
        assertThat(logins.completeWithCode(pendingSignIn(), replaced.recoveryCodes().get(0), at("203.0.113.5")))
                .as("a new code").isInstanceOf(LoginResult.SignedIn.class);
        assertThat(notifications.ofKind(NotificationKind.TWO_STEP_RECOVERY_CODES_REPLACED)).singleElement()
                .satisfies(n -> assertThat(n.recipient()).isEqualTo(EMAIL));
        assertThat(activity()).extracting(line -> line.split(" ")[0]).containsExactly("RECOVERY_CODES_REPLACED", "TWO_STEP_ON");
        assertThat(String.join("\n", activity())).as("no code in the log")
                .doesNotContain(replaced.recoveryCodes().get(0)).doesNotContain(enrolled.recoveryCodes().get(0));
    }

    @Test
    void aPasswordResetByEmailLeavesTwoStepOnAndEndsPendingSignIns() {
        Enrolled enrolled = enrol();
        String beforeReset = pendingSignIn();
        signups.requestPasswordReset(EMAIL, "198.51.100.1");
        NotificationRequest link = notifications.ofKind(NotificationKind.PASSWORD_RESET_LINK).get(0);
        String token = link.params().get("link").replaceAll(".*token=([^&]+).*", "$1");
        clock.advance(Duration.ofSeconds(30));

        assertThat(signups.setPassword(token, "Quiet-Meadow-Falcon-8")).isInstanceOf(SetPasswordResult.PasswordSet.class);

        assertThat(settings.status(accountId).on()).isTrue();
        assertThat(logins.completeWithCode(beforeReset, codeNow(enrolled.secret()), at("203.0.113.5")))
                .isEqualTo(new LoginResult.SignInExpired());
        assertThat(logins.login(EMAIL, "Quiet-Meadow-Falcon-8", at("203.0.113.5")))
                .as("the new password still needs the code").isInstanceOf(LoginResult.CodeRequired.class);
        assertThat(activity().get(0)).isEqualTo("PASSWORD_CHANGED Changed the password with an emailed link; every other "
                + "session was ended");
    }

    @Test
    void turningItOffNeedsThePasswordAndACodeAndEmailsTheOwner() {
        Enrolled enrolled = enrol();
        clock.advance(Duration.ofSeconds(30));
        String code = codeNow(enrolled.secret());

        assertThat(settings.disable(accountId, "Not-The-Password-1", code, at("198.51.100.1")))
                .isInstanceOf(TwoStepSettings.Result.PasswordRefused.class);
        assertThat(settings.disable(accountId, PASSWORD, "123", at("198.51.100.1")))
                .isInstanceOf(TwoStepSettings.Result.CodeRefused.class);
        assertThat(settings.status(accountId).on()).isTrue();

        assertThat(settings.disable(accountId, PASSWORD, enrolled.recoveryCodes().get(0), at("198.51.100.1")))
                .isEqualTo(new TwoStepSettings.Result.Disabled());

        assertThat(settings.status(accountId)).isEqualTo(new TwoStepSettings.Status(false, null, 0));
        assertThat(logins.login(EMAIL, PASSWORD, at("203.0.113.5"))).isInstanceOf(LoginResult.SignedIn.class);
        assertThat(notifications.ofKind(NotificationKind.TWO_STEP_DISABLED)).singleElement()
                .satisfies(n -> assertThat(n.recipient()).isEqualTo(EMAIL));
        assertThat(settings.disable(accountId, PASSWORD, code, at("198.51.100.1")))
                .isEqualTo(new TwoStepSettings.Result.NotSetUp());
        assertThat(activity()).extracting(line -> line.split(" ")[0]).as("refused attempts leave no trace")
                .containsExactly("TWO_STEP_OFF", "TWO_STEP_ON");
    }

    @Test
    void turningItOnAgainEmailsAgainUnderANewId() {
        Enrolled first = enrol();
        clock.advance(Duration.ofSeconds(30));
        settings.disable(accountId, PASSWORD, codeNow(first.secret()), at("198.51.100.1"));
        clock.advance(Duration.ofSeconds(30));
        enrol();

        assertThat(notifications.ofKind(NotificationKind.TWO_STEP_ENABLED)).extracting(NotificationRequest::notificationId)
                .hasSize(2).doesNotHaveDuplicates();
    }
}
