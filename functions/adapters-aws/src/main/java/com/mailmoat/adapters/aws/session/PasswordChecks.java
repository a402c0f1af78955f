package com.mailmoat.adapters.aws.session;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.security.SecretSealer;
import com.mailmoat.core.session.KnownBrowsers;
import com.mailmoat.core.session.LoginLimits;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.core.twostep.TwoStepCodes;
import java.time.Clock;
import java.time.Duration;

/**
 * Password checks as every function that asks for the password builds them (sign-in, and the password
 * asked again before closing the account or offboarding): the same limits from the same settings
 * ({@code LOGIN_*}, template Globals) and the same stores, so a wrong password counts the same
 * wherever it is typed. {@code twoStepSealer} opens the two-step secrets a sign-in checks codes
 * against ({@link com.mailmoat.adapters.aws.twostep.TwoStepKey#sealer}); asking for the password again
 * never reads them.
 */
public final class PasswordChecks {
    private final KnownBrowsers browsers;
    private final TwoStepCodes twoStepCodes;
    private final LoginService logins;

    public PasswordChecks(Settings settings, AwsAdapters aws, SecretSealer twoStepSealer, Sessions sessions, Clock clock) {
        LoginLimits limits = new LoginLimits(
                settings.getInt("LOGIN_MAX_FAILURES_PER_ACCOUNT", LoginLimits.DEFAULT.maxFailuresPerAccount()),
                settings.getInt("LOGIN_MAX_FAILURES_PER_SOURCE", LoginLimits.DEFAULT.maxFailuresPerSource()),
                Duration.ofMinutes(settings.getLong("LOGIN_THROTTLE_WINDOW_MINUTES", LoginLimits.DEFAULT.window().toMinutes())));
        this.browsers = new KnownBrowsers(aws.tokens(), clock);
        this.twoStepCodes = new TwoStepCodes(aws.twoStep(twoStepSealer), browsers, aws.attemptCounter(), limits, clock);
        this.logins = new LoginService(aws.accounts(), sessions, browsers, aws.attemptCounter(), new PasswordHasher(),
                limits, twoStepCodes, aws.tokens(), clock).withTeam(aws.team()).withActivity(aws.activity());
    }

    public LoginService logins() {
        return logins;
    }

    public TwoStepCodes twoStepCodes() {
        return twoStepCodes;
    }
}
