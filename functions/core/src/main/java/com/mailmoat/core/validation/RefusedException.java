package com.mailmoat.core.validation;

/**
 * A request the present state does not allow (an upgrade already running, a message in quarantine
 * called "not a threat"...): a stable code and a sentence saying what to do instead. The console's
 * HTTP layer answers every one 409 with them, as it answers {@link InvalidInputException} 400.
 */
public class RefusedException extends RuntimeException {
    private final String code;

    public RefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
