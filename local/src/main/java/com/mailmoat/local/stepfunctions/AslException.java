package com.mailmoat.local.stepfunctions;

/** A state machine error: its name ({@code States.Timeout}, an exception type, ...) and cause, as Step Functions reports them. */
final class AslException extends RuntimeException {
    private final String error;
    private final String cause;

    AslException(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }

    String error() {
        return error;
    }

    String causeText() {
        return cause;
    }
}
