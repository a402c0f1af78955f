package com.mailmoat.core.microsoft;

import java.time.Duration;
import java.util.Objects;

/**
 * Microsoft answered {@code 429 Too Many Requests} (or asked to wait longer than the gateway may
 * wait in-process) and the gateway's bounded retries are spent. The work item should be retried
 * no sooner than {@link #retryAfter()}: an SQS consumer hands it back with that visibility
 * timeout (rounded up to whole seconds, see {@link #retryAfterSeconds()}) instead of failing.
 */
public class MicrosoftThrottledException extends MicrosoftException {
    private final Duration retryAfter;

    public MicrosoftThrottledException(String message, Duration retryAfter) {
        this(message, retryAfter, "");
    }

    public MicrosoftThrottledException(String message, Duration retryAfter, String errorCode) {
        super(message + " (retry after " + retryAfter.toMillis() + " ms)", errorCode, null);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** How long Microsoft asked us to wait (from {@code Retry-After}, which may be fractional). */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} rounded up to whole seconds, at least 1: what SQS delays accept. */
    public int retryAfterSeconds() {
        long millis = retryAfter.toMillis();
        long seconds = (millis + 999) / 1000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }
}
