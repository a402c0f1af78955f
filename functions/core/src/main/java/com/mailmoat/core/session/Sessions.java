package com.mailmoat.core.session;

import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Console sessions: issued at login, looked up by cookie on every request, ended at logout. */
public final class Sessions {
    public static final Duration LIFETIME = Duration.ofHours(12);
    private static final int MAX_TOKEN_LENGTH = 200;

    private final TokenStore tokens;
    private final Clock clock;

    public Sessions(TokenStore tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A new session for the account; the returned token goes into the cookie and nowhere else. */
    public IssuedSession issue(String accountId) {
        String token = SecretTokens.generate();
        Instant expiresAt = clock.instant().plus(LIFETIME);
        tokens.put(new StoredToken(SecretTokens.hash(token), TokenKind.SESSION, accountId, expiresAt, Map.of()));
        return new IssuedSession(token, expiresAt);
    }

    /** The live session for a cookie value, if any. */
    public Optional<Session> authenticate(String sessionToken) {
        if (sessionToken == null || sessionToken.isBlank() || sessionToken.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = SecretTokens.hash(sessionToken);
        return tokens.find(hash)
                .filter(t -> t.kind() == TokenKind.SESSION && !t.isExpiredAt(now))
                .map(t -> new Session(t.accountId(), hash, t.expiresAt()));
    }

    public void end(String sessionToken) {
        if (sessionToken != null && !sessionToken.isBlank() && sessionToken.length() <= MAX_TOKEN_LENGTH) {
            tokens.delete(SecretTokens.hash(sessionToken));
        }
    }

    /** A session token as handed to the browser, with its expiry. */
    public record IssuedSession(String token, Instant expiresAt) {
    }
}
