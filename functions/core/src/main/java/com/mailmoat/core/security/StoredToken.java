package com.mailmoat.core.security;

import java.time.Instant;
import java.util.Map;

/**
 * A token as stored: only its hash, what it is for, whose it is and when it expires.
 * {@code attributes} carry kind-specific data (e.g. the session an OAuth state is bound to).
 */
public record StoredToken(String tokenHash, TokenKind kind, String accountId, Instant expiresAt,
                          Map<String, String> attributes) {
    public StoredToken {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
