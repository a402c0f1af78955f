package com.mailmoat.core.session;

import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Browsers an account has signed in from before (or chosen its password in), recognised by a
 * long-lived cookie. Their failed sign-ins count against a limit of their own instead of the
 * account's, so a stranger guessing an administrator's password can lock out other browsers but not
 * the one the administrator uses (OWASP's "device cookies"). The cookie opens nothing by itself.
 */
public final class KnownBrowsers {
    public static final Duration LIFETIME = Duration.ofDays(180);
    private static final int MAX_TOKEN_LENGTH = 200;

    private final TokenStore tokens;
    private final Clock clock;

    public KnownBrowsers(TokenStore tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Remembers the browser for the account; the returned token goes into its cookie and nowhere else. */
    public Issued remember(String accountId) {
        String token = SecretTokens.generate();
        Instant expiresAt = clock.instant().plus(LIFETIME);
        tokens.put(new StoredToken(SecretTokens.hash(token), TokenKind.KNOWN_BROWSER, accountId, expiresAt, Map.of()));
        return new Issued(token, expiresAt);
    }

    /** Whether the cookie value is a live token of a browser the account signed in from. */
    public boolean isKnown(String browserToken, String accountId) {
        if (browserToken == null || browserToken.isBlank() || browserToken.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        Instant now = clock.instant();
        return tokens.find(SecretTokens.hash(browserToken))
                .filter(t -> t.kind() == TokenKind.KNOWN_BROWSER && !t.isExpiredAt(now))
                .filter(t -> t.accountId().equals(accountId))
                .isPresent();
    }

    /** A browser's token as handed to it, with its expiry. */
    public record Issued(String token, Instant expiresAt) {
    }
}
