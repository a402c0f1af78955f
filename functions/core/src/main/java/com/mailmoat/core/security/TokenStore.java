package com.mailmoat.core.security;

import java.util.Optional;

/**
 * Stores hashed tokens with an expiry. Expired tokens may linger until the store's TTL sweep, so
 * callers always check {@link StoredToken#isExpiredAt}.
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
}
