package com.mailmoat.lambda.http;

import java.time.Duration;
import java.time.Instant;

/**
 * The cookie by which a browser the account signed in from before is recognised at the next
 * sign-in (its failed attempts then have their own limit). Sent to the API only, HttpOnly, SameSite=Strict (sign-ins are same-site), Secure unless the console runs
 * on plain-HTTP localhost. It outlives sign-out: it opens nothing.
 */
public final class KnownBrowserCookie {
    public static final String NAME = "mm_browser";

    private KnownBrowserCookie() {
    }

    public static String issue(String token, Instant expiresAt, Instant now, boolean secure) {
        long maxAge = Math.max(0, Duration.between(now, expiresAt).getSeconds());
        return NAME + "=" + token + "; Path=/api; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }
}
