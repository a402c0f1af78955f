package com.mailmoat.core.checks.spf;

import java.util.Locale;

/** The results of RFC 7208 {@code check_host()} (section 2.6). */
public enum SpfResult {
    NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

    /** The lower-case name used in Received-SPF headers and the RFC 7208 test suite. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The result a directive's qualifier ({@code + - ~ ?}) gives when its mechanism matches. */
    static SpfResult ofQualifier(char qualifier) {
        switch (qualifier) {
            case '-':
                return FAIL;
            case '~':
                return SOFTFAIL;
            case '?':
                return NEUTRAL;
            default:
                return PASS;
        }
    }
}
