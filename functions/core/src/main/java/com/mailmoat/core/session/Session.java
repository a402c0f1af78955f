package com.mailmoat.core.session;

import com.mailmoat.core.team.Role;
import java.time.Instant;

/**
 * A signed-in console session. {@code sessionHash} identifies it without revealing the cookie.
 * {@code memberId} and {@code memberEmail} name the team member signed in (both null for the
 * account's owner); {@code role} is what they may do, read afresh on every request.
 */
public record Session(String accountId, String sessionHash, Instant expiresAt, String memberId, String memberEmail,
                      Role role) {

    /** The owner's session. */
    public Session(String accountId, String sessionHash, Instant expiresAt) {
        this(accountId, sessionHash, expiresAt, null, null, Role.OWNER);
    }

    public boolean isOwner() {
        return memberId == null;
    }
}
