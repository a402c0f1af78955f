package com.mailmoat.signup;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.session.LoginLimits;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.core.signup.PasswordPolicy;
import com.mailmoat.core.signup.SignupLimits;
import com.mailmoat.core.signup.SignupService;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.http.MinimumDuration;
import java.time.Clock;
import java.time.Duration;

/**
 * The signup function's composition root: the only place that reads its settings and builds its
 * adapters and services, once per instance (a static holder, so SnapStart snapshots it).
 */
final class SignupWiring {
    final SignupService signups;
    final LoginService logins;
    final Sessions sessions;
    final String consoleUrl;
    final Clock clock;
    final MinimumDuration sameTiming;

    SignupWiring(Settings settings, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        this.clock = clock;
        this.consoleUrl = settings.require("CONSOLE_URL");
        this.sessions = new Sessions(aws.tokens(), clock);
        PasswordHasher hasher = new PasswordHasher();
        SignupLimits signupLimits = new SignupLimits(
                settings.getInt("SIGNUP_MAX_PER_SOURCE_PER_MINUTE", SignupLimits.DEFAULT.maxPerSource()),
                Duration.ofMinutes(1),
                Duration.ofMinutes(settings.getLong("SIGNUP_EMAIL_WINDOW_MINUTES",
                        SignupLimits.DEFAULT.emailWindow().toMinutes())));
        this.signups = new SignupService(aws.accounts(), aws.tokens(), aws.notificationQueue(), aws.attemptCounter(),
                signupLimits, new PasswordPolicy(), hasher, clock, consoleUrl);
        this.sameTiming = new MinimumDuration(Duration.ofMillis(settings.getLong("SIGNUP_MIN_RESPONSE_MILLIS", 250)));
        LoginLimits limits = new LoginLimits(
                settings.getInt("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5),
                settings.getInt("LOGIN_MAX_FAILURES_PER_SOURCE", 50),
                Duration.ofMinutes(settings.getLong("LOGIN_THROTTLE_WINDOW_MINUTES", 15)));
        this.logins = new LoginService(aws.accounts(), sessions, aws.attemptCounter(), hasher, limits, clock);
    }

    static SignupWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final SignupWiring INSTANCE = new SignupWiring(Environment.system(), Clock.systemUTC());
    }
}
