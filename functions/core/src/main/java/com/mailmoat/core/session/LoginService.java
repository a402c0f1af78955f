package com.mailmoat.core.session;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Emails;
import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import com.mailmoat.core.signup.PasswordHasher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Console logins, sessions and the throttling of password guessing. */
public final class LoginService {
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);

    private final AccountRepository accounts;
    private final TokenStore tokens;
    private final AttemptCounter attempts;
    private final PasswordHasher hasher;
    private final LoginLimits limits;
    private final Clock clock;

    public LoginService(AccountRepository accounts, TokenStore tokens, AttemptCounter attempts,
                        PasswordHasher hasher, LoginLimits limits, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.attempts = attempts;
        this.hasher = hasher;
        this.limits = limits;
        this.clock = clock;
    }

    public LoginResult login(String email, String password, String sourceAddress) {
        Instant now = clock.instant();
        String normalised = Emails.normalise(email).orElse(email == null ? "" : email.trim().toLowerCase());
        String accountKey = windowKey("account:" + normalised, now);
        String sourceKey = windowKey("source:" + (sourceAddress == null ? "unknown" : sourceAddress), now);
        if (attempts.count(accountKey) >= limits.maxFailuresPerAccount()
                || attempts.count(sourceKey) >= limits.maxFailuresPerSource()) {
            return new LoginResult.Throttled(untilWindowEnds(now));
        }
        Optional<Account> account = accounts.findByEmail(normalised).filter(Account::hasPassword);
        boolean valid;
        if (account.isPresent()) {
            valid = hasher.verify(password, account.get().passwordHash());
        } else {
            hasher.verifyDummy(password);
            valid = false;
        }
        if (!valid) {
            Instant forgetAt = now.plus(limits.window()).plus(limits.window());
            attempts.increment(accountKey, forgetAt);
            attempts.increment(sourceKey, forgetAt);
            return new LoginResult.InvalidCredentials();
        }
        attempts.clear(accountKey);
        String token = SecretTokens.generate();
        Instant expiresAt = now.plus(SESSION_LIFETIME);
        tokens.put(new StoredToken(SecretTokens.hash(token), TokenKind.SESSION, account.get().accountId(),
                expiresAt, Map.of()));
        return new LoginResult.SignedIn(token, expiresAt, account.get().accountId());
    }

    /** The live session for a cookie value, if any. */
    public Optional<Session> authenticate(String sessionToken) {
        if (sessionToken == null || sessionToken.isBlank() || sessionToken.length() > 200) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = SecretTokens.hash(sessionToken);
        return tokens.find(hash)
                .filter(t -> t.kind() == TokenKind.SESSION && !t.isExpiredAt(now))
                .map(t -> new Session(t.accountId(), hash, t.expiresAt()));
    }

    public void logout(String sessionToken) {
        if (sessionToken != null && !sessionToken.isBlank()) {
            tokens.delete(SecretTokens.hash(sessionToken));
        }
    }

    private String windowKey(String key, Instant now) {
        long window = limits.window().toSeconds();
        return key + "#" + (now.getEpochSecond() / window);
    }

    private Duration untilWindowEnds(Instant now) {
        long window = limits.window().toSeconds();
        long end = (now.getEpochSecond() / window + 1) * window;
        return Duration.ofSeconds(Math.max(1, end - now.getEpochSecond()));
    }
}
