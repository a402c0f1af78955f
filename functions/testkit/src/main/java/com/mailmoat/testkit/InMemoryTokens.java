package com.mailmoat.testkit;

import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory token store. */
public final class InMemoryTokens implements TokenStore {
    private final Map<String, StoredToken> tokens = new ConcurrentHashMap<>();

    @Override
    public void put(StoredToken token) {
        tokens.put(token.tokenHash(), token);
    }

    @Override
    public Optional<StoredToken> find(String tokenHash) {
        return Optional.ofNullable(tokens.get(tokenHash));
    }

    @Override
    public Optional<StoredToken> take(String tokenHash) {
        return Optional.ofNullable(tokens.remove(tokenHash));
    }

    @Override
    public void delete(String tokenHash) {
        tokens.remove(tokenHash);
    }
}
