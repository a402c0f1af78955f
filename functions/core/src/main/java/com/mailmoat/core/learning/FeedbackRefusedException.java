package com.mailmoat.core.learning;

import com.mailmoat.core.validation.RefusedException;

/** A verdict that cannot be taken in the message's or the account's present state. */
public final class FeedbackRefusedException extends RefusedException {
    public FeedbackRefusedException(String code, String message) {
        super(code, message);
    }
}
