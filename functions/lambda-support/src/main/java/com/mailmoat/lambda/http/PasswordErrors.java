package com.mailmoat.lambda.http;

import com.mailmoat.core.session.LoginResult;
import com.mailmoat.core.session.SignInSource;
import com.mailmoat.core.validation.FieldError;
import java.util.List;

/** How every route that asks for the password answers a wrong one, or too many. */
public final class PasswordErrors {
    private PasswordErrors() {
    }

    /** The browser's address and known-browser cookie, which the password limits count by. */
    public static SignInSource signInSource(ApiRequest request) {
        return new SignInSource(request.sourceIp(), request.cookie(KnownBrowserCookie.NAME).orElse(null));
    }

    /** The password asked again was refused: 429 after too many, else 403 {@code wrong_password} on the field. */
    public static RuntimeException refused(LoginResult why) {
        if (why instanceof LoginResult.Throttled throttled) {
            return tooManyAttempts("Too many wrong passwords.", throttled);
        }
        return new ApiError(403, "wrong_password", List.of(new FieldError("password", "This is not the account's password.")));
    }

    /**
     * 429 with Retry-After, after too many wrong passwords (at sign-in, or asked again). From a browser
     * the account has not used, the way out that does not wait is choosing a new password.
     */
    public static RetryableApiError tooManyAttempts(String what, LoginResult.Throttled throttled) {
        long minutes = Math.max(1, (throttled.retryAfter().toSeconds() + 59) / 60);
        String wait = " Try again in " + minutes + (minutes == 1 ? " minute" : " minutes") + " or less";
        String message = throttled.fromKnownBrowser() ? what + wait + "."
                : what + wait + ", or choose a new password with \"Forgot password?\" on the sign-in page: "
                        + "the browser you choose it in can sign in straight away.";
        return new RetryableApiError(429, "too_many_attempts", message, throttled.retryAfter().toSeconds());
    }
}
