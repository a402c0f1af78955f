package com.mailmoat.core.security;

/**
 * A sealed value that does not open ({@link SecretSealer#open}). The message says why in general
 * terms; it never quotes the value or the key.
 */
public final class UnopenableSecretException extends RuntimeException {
    public UnopenableSecretException(String why) {
        super(why);
    }
}
