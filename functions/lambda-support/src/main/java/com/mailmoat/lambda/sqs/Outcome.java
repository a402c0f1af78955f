package com.mailmoat.lambda.sqs;

import java.time.Duration;
import java.util.Objects;

/**
 * What a consumer did with one message. Throwing instead means "failed, retry after a short backoff"
 * (and, after the redrive policy's receive count, the dead-letter queue), except that Microsoft's
 * throttling and unavailability wait like {@link RetryAfter} (see {@link SqsBatchHandler}).
 */
public sealed interface Outcome {

    /** Handled (or recognised as handled before): delete the message. */
    record Done() implements Outcome {
    }

    /**
     * Not now: make the message visible again after {@code delay} (e.g. Microsoft's Retry-After).
     * The queue waits, not the function.
     */
    record RetryAfter(Duration delay) implements Outcome {
        public RetryAfter {
            Objects.requireNonNull(delay, "delay");
        }
    }

    static Outcome done() {
        return new Done();
    }

    static Outcome retryAfter(Duration delay) {
        return new RetryAfter(delay);
    }
}
