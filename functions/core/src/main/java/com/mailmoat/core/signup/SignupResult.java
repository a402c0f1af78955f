package com.mailmoat.core.signup;

import java.time.Duration;

/**
 * The answer to a sign-up or a password-reset request. Deliberately the same whether or not the
 * address has an account, whether or not an email went out.
 */
public sealed interface SignupResult {
    /**
     * Accepted: if the address can be used, an email goes to it, unless one of the same kind went in
     * the last window (its link is still valid). Never a promise that a new email is sent.
     */
    record Accepted() implements SignupResult {
    }

    /** Too many requests from this source: try again after {@code retryAfter}. */
    record Throttled(Duration retryAfter) implements SignupResult {
    }
}
