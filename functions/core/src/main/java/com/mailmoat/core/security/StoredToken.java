package com.mailmoat.core.security;

import java.time.Instant;
import java.util.Map;

/**
 * A token as stored: only its hash, what it is for, whose it is and when it expires.
 * {@code attributes} carry kind-specific data (e.g. the session an OAuth state is bound to).
 */
public record StoredToken(String tokenHash, TokenKind kind, String accountId, Instant expiresAt,
                          Map<String, String> attributes) {
    /** The attribute naming the team member a token belongs to (a member's session or invitation); absent on the owner's. */
    public static final String MEMBER_ID = "memberId";

    public StoredToken {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Whether the token is a team member's rather than the account owner's. */
    public boolean isMembers() {
        return attributes.containsKey(MEMBER_ID);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
