package com.mailmoat.upgrade;

/**
 * A task failed in a way that may pass (Microsoft throttling or outage, a concurrent write): the
 * state machine retries it with backoff ({@code ErrorEquals: ["com.mailmoat.upgrade.TransientStepException"]}).
 */
public class TransientStepException extends RuntimeException {
    public TransientStepException(String message, Throwable cause) {
        super(message, cause);
    }
}
