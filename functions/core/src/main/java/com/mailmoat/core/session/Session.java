package com.mailmoat.core.session;

import java.time.Instant;

/** A signed-in console session. {@code sessionHash} identifies it without revealing the cookie. */
public record Session(String accountId, String sessionHash, Instant expiresAt) {
}
