package com.mailmoat.core.learning;

/**
 * A verdict that cannot be taken in the message's or the account's present state (the console
 * answers 409 with {@link #code()} and the message, which says what to do instead).
 */
public final class FeedbackRefusedException extends RuntimeException {
    private final String code;

    public FeedbackRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
