package com.mailmoat.signup;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.adapters.aws.notify.NotificationMessages;
import com.mailmoat.adapters.aws.session.PasswordChecks;
import com.mailmoat.adapters.aws.twostep.TwoStepKey;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.security.SecretSealer;
import com.mailmoat.core.session.AttemptCounter;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.signup.AccountClosure;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.core.signup.PasswordPolicy;
import com.mailmoat.core.signup.SignupLimits;
import com.mailmoat.core.signup.SignupService;
import com.mailmoat.core.twostep.TwoStepCodes;
import com.mailmoat.core.twostep.TwoStepSettings;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.http.MinimumDuration;
import com.mailmoat.lambda.snapstart.Priming;
import com.mailmoat.lambda.snapstart.PrimingEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * The signup function's composition root: the only place that reads its settings and builds its
 * adapters and services, once per instance (a static holder, so SnapStart snapshots it), and that
 * registers the function's SnapStart priming.
 */
final class SignupWiring {
    final SignupService signups;
    final LoginService logins;
    final Sessions sessions;
    final AccountClosure closures;
    final TwoStepSettings twoStep;
    final String consoleUrl;
    final Clock clock;
    final MinimumDuration sameTiming;
    final com.mailmoat.core.recipients.AlertRecipients alertRecipients;
    /** Kept here: CRaC holds registered resources weakly. */
    final Priming priming;

    /** @param secrets reads a Secrets Manager secret by name (the two-step key secret, on the first two-step request) */
    SignupWiring(Settings settings, UnaryOperator<String> secrets, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        // One sealer, so the key is read once per instance whichever service asks first.
        SecretSealer twoStepSealer = TwoStepKey.sealer(settings, secrets);
        this.clock = clock;
        this.consoleUrl = settings.require("CONSOLE_URL");
        this.sessions = aws.sessions();
        PasswordHasher hasher = new PasswordHasher();
        SignupLimits signupLimits = new SignupLimits(
                settings.getInt("SIGNUP_MAX_PER_SOURCE_PER_MINUTE", SignupLimits.DEFAULT.maxPerSource()),
                Duration.ofMinutes(1),
                Duration.ofMinutes(settings.getLong("SIGNUP_EMAIL_WINDOW_MINUTES",
                        SignupLimits.DEFAULT.emailWindow().toMinutes())));
        AccountRepository accounts = aws.accounts();
        AttemptCounter attempts = aws.attemptCounter();
        this.signups = new SignupService(accounts, aws.tokens(), aws.notificationQueue(), attempts,
                signupLimits, new PasswordPolicy(), hasher, clock, consoleUrl).withTwoStep(aws.twoStep(twoStepSealer))
                .withActivity(aws.activity()).withTeam(aws.team());
        this.sameTiming = new MinimumDuration(Duration.ofMillis(settings.getLong("SIGNUP_MIN_RESPONSE_MILLIS", 250)));
        PasswordChecks passwords = new PasswordChecks(settings, aws, twoStepSealer, sessions, clock);
        TwoStepCodes twoStepCodes = passwords.twoStepCodes();
        this.logins = passwords.logins();
        this.twoStep = new TwoStepSettings(accounts, logins, twoStepCodes, aws.notificationQueue(), aws.tokens(), clock,
                consoleUrl).withActivity(aws.activity());
        this.closures = new AccountClosure(accounts, logins, aws.tokens(), aws.accountErasureRequests(),
                aws.notificationQueue(), clock);
        this.alertRecipients = new com.mailmoat.core.recipients.AlertRecipients(aws.alertRecipients(), accounts,
                aws.tokens(), aws.notificationQueue(), attempts, clock, consoleUrl);
        // Nothing below writes: read-only routes, input refused before any write, reads of absent keys.
        this.priming = Priming.register("signup",
                Priming.step("GET /api/password/rules", () -> handler().handleRequest(
                        PrimingEvents.request("GET", "/api/password/rules", null), null)),
                Priming.step("POST /api/signup refused by validation", () -> handler().handleRequest(
                        PrimingEvents.request("POST", "/api/signup",
                                "{\"email\":\"not-an-address\",\"company\":\"\",\"region\":\"none\"}"), null)),
                Priming.step("POST /api/logout without a session", () -> handler().handleRequest(
                        PrimingEvents.request("POST", "/api/logout", "{}"), null)),
                Priming.step("account lookup by e-mail", () -> accounts.findByEmail(PrimingEvents.unknownKey() + "@priming.invalid")),
                Priming.step("failed-login counter", () -> attempts.count(PrimingEvents.unknownKey())),
                Priming.step("session lookup", () -> sessions.authenticate(PrimingEvents.unknownKey())),
                Priming.step("password hashing", () -> hasher.verifyDummy("priming")),
                Priming.step("set-password message JSON", () -> NotificationMessages.CODEC.decode(
                        NotificationMessages.CODEC.encode(new NotificationRequest(PrimingEvents.unknownKey(), "priming",
                                NotificationKind.SET_PASSWORD_LINK, "priming@priming.invalid",
                                Map.of("link", consoleUrl, "company", "Priming"), clock.instant())))),
                Priming.step("notifications queue", () -> aws.primeSqs("NOTIFICATIONS_QUEUE_URL")));
    }

    private SignupHandler handler() {
        return new SignupHandler(signups, logins, sessions, closures, twoStep, consoleUrl, clock, sameTiming)
                .withAlertRecipients(alertRecipients);
    }

    static SignupWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        // The two-step key secret comes from Secrets Manager (never an environment variable in AWS).
        static final SignupWiring INSTANCE = new SignupWiring(Environment.system(),
                name -> SecretsProvider.create().get(name), Clock.systemUTC());
    }
}
