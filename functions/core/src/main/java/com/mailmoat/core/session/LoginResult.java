package com.mailmoat.core.session;

import java.time.Duration;
import java.time.Instant;

/** The outcome of a login attempt. */
public sealed interface LoginResult {
    /** Signed in: {@code sessionToken} goes into the cookie and nowhere else. */
    record SignedIn(String sessionToken, Instant expiresAt, String accountId) implements LoginResult {
    }

    /** Unknown email, no password set yet, or the wrong password: deliberately indistinguishable. */
    record InvalidCredentials() implements LoginResult {
    }

    /** The right password, asked again of a signed-in administrator ({@link LoginService#reauthenticate}). */
    record Confirmed() implements LoginResult {
    }

    /** Too many recent failures for this account or source. */
    record Throttled(Duration retryAfter) implements LoginResult {
    }
}
