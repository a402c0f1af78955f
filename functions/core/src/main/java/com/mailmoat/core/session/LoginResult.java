package com.mailmoat.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The outcome of a login attempt. */
public sealed interface LoginResult {
    /**
     * Signed in: {@code sessionToken} goes into the session cookie and nowhere else; {@code browser},
     * when present, into the known-browser cookie (the browser was not known yet).
     */
    record SignedIn(String sessionToken, Instant expiresAt, String accountId, Optional<KnownBrowsers.Issued> browser)
            implements LoginResult {
    }

    /**
     * The right password of an account with two-step sign-in: no session yet. {@code pendingToken}
     * goes back with the code ({@link LoginService#completeWithCode}) and nowhere else.
     */
    record CodeRequired(String pendingToken, Instant expiresAt) implements LoginResult {
    }

    /** A wrong code at the second step; after {@code attemptsLeft} more, the pending sign-in ends. */
    record WrongCode(int attemptsLeft) implements LoginResult {
    }

    /** The pending sign-in is unknown, expired, used, ended by wrong codes or by a password change: sign in again. */
    record SignInExpired() implements LoginResult {
    }

    /** Unknown email, no password set yet, or the wrong password: deliberately indistinguishable. */
    record InvalidCredentials() implements LoginResult {
    }

    /** The right password, asked again of a signed-in administrator ({@link LoginService#reauthenticate}). */
    record Confirmed() implements LoginResult {
    }

    /**
     * Too many recent failures for this account (or, from a known browser, for that browser) or source.
     *
     * @param fromKnownBrowser whether the attempt came from a browser the account signed in from before
     */
    record Throttled(Duration retryAfter, boolean fromKnownBrowser) implements LoginResult {
    }
}
