package com.mailmoat.adapters.m365;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a Graph call may keep a function busy when Microsoft answers 429, 503 or 504. The
 * Graph SDK's own retry handler does the waiting (it honours fractional {@code Retry-After}), so
 * retries happen in exactly one layer; once these bounds are reached the gateway throws
 * {@link com.mailmoat.core.microsoft.MicrosoftThrottledException} and the queue takes over.
 *
 * @param maxRetries    retries after the first attempt, 0..10 (the SDK's limit)
 * @param maxWait       the longest single wait worth spending in-process; a longer
 *                      {@code Retry-After} is not waited for but handed to the caller at once
 * @param backoffSeconds base of the SDK's exponential backoff when no {@code Retry-After} is sent, 0..180
 */
public record RetryPolicy(int maxRetries, Duration maxWait, long backoffSeconds) {
    /** Three retries, waiting at most 10 s each, 1 s base backoff: fits a 60 s function timeout. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(10), 1);
    /** No retries in process: the caller's queue retries (after Microsoft's Retry-After). */
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, 0);

    public RetryPolicy {
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be 0..10, was " + maxRetries);
        }
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative");
        }
        if (backoffSeconds < 0 || backoffSeconds > 180) {
            throw new IllegalArgumentException("backoffSeconds must be 0..180, was " + backoffSeconds);
        }
    }
}
