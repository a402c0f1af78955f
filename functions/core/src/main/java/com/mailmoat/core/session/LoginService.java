package com.mailmoat.core.session;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Emails;
import com.mailmoat.core.signup.PasswordHasher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Console logins, sessions and the throttling of password guessing. */
public final class LoginService {
    private final AccountRepository accounts;
    private final Sessions sessions;
    private final AttemptCounter attempts;
    private final PasswordHasher hasher;
    private final LoginLimits limits;
    private final Clock clock;

    public LoginService(AccountRepository accounts, Sessions sessions, AttemptCounter attempts,
                        PasswordHasher hasher, LoginLimits limits, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
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
        Sessions.IssuedSession session = sessions.issue(account.get().accountId());
        return new LoginResult.SignedIn(session.token(), session.expiresAt(), account.get().accountId());
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
