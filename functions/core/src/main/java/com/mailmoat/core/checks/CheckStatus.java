package com.mailmoat.core.checks;

/** How a setup check came out, from the administrator's point of view. */
public enum CheckStatus {
    /** Configured correctly. */
    PASS,
    /** Works, but something should be improved; the message says what. */
    WARN,
    /** Wrong or missing; the fix says what to publish. */
    FAIL,
    /** We could not check (DNS unavailable); says nothing about the domain's records. */
    ERROR
}
