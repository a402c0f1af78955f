package com.mailmoat.core.notify;

/**
 * A value that must not go into an email: a link that is not https (or loopback http for the local
 * runtime), or a recipient that is not a single address. The email is refused, not sent with it.
 */
public class UnsafeContentException extends IllegalArgumentException {
    public UnsafeContentException(String message) {
        super(message);
    }
}
