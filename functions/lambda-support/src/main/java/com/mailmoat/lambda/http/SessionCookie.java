package com.mailmoat.lambda.http;

import java.time.Duration;
import java.time.Instant;

/**
 * The console session cookie. HttpOnly (scripts never see it), SameSite=Lax (the Microsoft consent
 * callback is a cross-site top-level redirect and must still carry it), Secure unless the console
 * runs on plain-HTTP localhost.
 */
public final class SessionCookie {
    public static final String NAME = "mm_session";

    private SessionCookie() {
    }

    public static String issue(String token, Instant expiresAt, Instant now, boolean secure) {
        long maxAge = Math.max(0, Duration.between(now, expiresAt).getSeconds());
        return NAME + "=" + token + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    public static String clear(boolean secure) {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
