package com.mailmoat.upgrade;

/**
 * A task failed in a way retrying cannot fix; its message says what happened and how to fix it (the
 * failure path shows it to the administrator). Step Functions sees its class name as the error.
 */
public class StepFailedException extends RuntimeException {
    public StepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
