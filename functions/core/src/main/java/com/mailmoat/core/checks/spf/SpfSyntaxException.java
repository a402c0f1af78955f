package com.mailmoat.core.checks.spf;

/** An SPF record or macro that breaks RFC 7208's grammar; check_host() answers permerror. */
public final class SpfSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SpfSyntaxException(String message) {
        super(message);
    }
}
