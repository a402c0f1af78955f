package com.mailmoat.core.team;

import java.time.Instant;
import java.util.Objects;

/**
 * A person the owner added to the account, with their own console sign-in. {@code passwordHash} is
 * null until they choose a password from the invitation ("invited"); {@code version} guards
 * concurrent updates as the account's does.
 */
public record TeamMember(
        String accountId,
        String memberId,
        String email,
        Role role,
        Instant invitedAt,
        String invitedBy,
        String passwordHash,
        Instant passwordSetAt,
        Instant lastSignInAt,
        long version) {

    public TeamMember {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(role, "role");
        if (role == Role.OWNER) {
            throw new IllegalArgumentException("An account has one owner: the person who signed up");
        }
    }

    public static TeamMember invited(String accountId, String memberId, String email, Role role, String invitedBy,
                                     Instant now) {
        return new TeamMember(accountId, memberId, email, role, now, invitedBy, null, null, null, 0);
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    public TeamMember withRole(Role newRole) {
        return new TeamMember(accountId, memberId, email, newRole, invitedAt, invitedBy, passwordHash, passwordSetAt,
                lastSignInAt, version);
    }

    public TeamMember withPassword(String hash, Instant setAt) {
        return new TeamMember(accountId, memberId, email, role, invitedAt, invitedBy, hash, setAt, lastSignInAt, version);
    }

    public TeamMember signedInAt(Instant at) {
        return new TeamMember(accountId, memberId, email, role, invitedAt, invitedBy, passwordHash, passwordSetAt, at,
                version);
    }

    public TeamMember withVersion(long newVersion) {
        return new TeamMember(accountId, memberId, email, role, invitedAt, invitedBy, passwordHash, passwordSetAt,
                lastSignInAt, newVersion);
    }
}
