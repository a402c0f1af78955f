package com.mailmoat.testkit;

import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    @Override
    public boolean annotateOnce(String tokenHash, String marker, Map<String, String> attributes) {
        boolean[] done = {false};
        tokens.computeIfPresent(tokenHash, (hash, token) -> {
            if (token.attributes().containsKey(marker)) {
                return token;
            }
            Map<String, String> merged = new HashMap<>(token.attributes());
            merged.putAll(attributes);
            done[0] = true;
            return new StoredToken(hash, token.kind(), token.accountId(), token.expiresAt(), merged);
        });
        return done[0];
    }

    @Override
    public int revokeAll(String accountId, Set<TokenKind> kinds, String keepTokenHash) {
        return revoke(accountId, kinds, keepTokenHash, true);
    }

    @Override
    public int revokeOwners(String accountId, Set<TokenKind> kinds, String keepTokenHash) {
        return revoke(accountId, kinds, keepTokenHash, false);
    }

    private int revoke(String accountId, Set<TokenKind> kinds, String keepTokenHash, boolean members) {
        int revoked = 0;
        for (StoredToken token : tokens.values()) {
            if ((members || !token.isMembers()) && token.accountId().equals(accountId) && kinds.contains(token.kind()) && token.kind().isCredential()
                    && !token.tokenHash().equals(keepTokenHash) && tokens.remove(token.tokenHash()) != null) {
                revoked++;
            }
        }
        return revoked;
    }

    /** Every stored token, for assertions. */
    public Map<String, StoredToken> all() {
        return Map.copyOf(tokens);
    }
}
