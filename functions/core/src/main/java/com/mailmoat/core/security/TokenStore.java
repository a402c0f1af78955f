package com.mailmoat.core.security;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stores hashed tokens with an expiry. Expired tokens may linger until the store's TTL sweep, so
 * callers always check {@link StoredToken#isExpiredAt}. Credential tokens
 * ({@link TokenKind#isCredential()}) are also listed under their account, with a strongly
 * consistent read, so {@link #revokeAll} finds every one of them, however recent.
 */
public interface TokenStore {

    void put(StoredToken token);

    Optional<StoredToken> find(String tokenHash);

    /**
     * Atomically removes and returns the token, so a single-use token can be spent exactly once
     * even when two requests race; empty when it was unknown or already spent.
     */
    Optional<StoredToken> take(String tokenHash);

    void delete(String tokenHash);

    /**
     * Adds {@code attributes} to the stored token unless it already carries {@code marker}, in one
     * conditional write: of two racing callers only the first records anything.
     *
     * @return false when the token is gone or already carries {@code marker}
     */
    boolean annotateOnce(String tokenHash, String marker, Map<String, String> attributes);

    /**
     * Deletes every token of {@code kinds} (credential kinds only) that belongs to the account,
     * except {@code keepTokenHash} (may be null), e.g. every other session and every outstanding
     * password link once the password changed.
     *
     * @return how many were deleted
     */
    int revokeAll(String accountId, Set<TokenKind> kinds, String keepTokenHash);

    /**
     * As {@link #revokeAll}, the owner's credentials only: team members' sessions and invitations
     * ({@link StoredToken#isMembers()}) stay, so the owner's new password does not sign the team out. A
     * store that cannot tell them apart revokes them too (more than asked, never less).
     */
    default int revokeOwners(String accountId, Set<TokenKind> kinds, String keepTokenHash) {
        return revokeAll(accountId, kinds, keepTokenHash);
    }
}
