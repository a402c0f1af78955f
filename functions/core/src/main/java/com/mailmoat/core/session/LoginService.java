package com.mailmoat.core.session;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Emails;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.core.signup.PasswordPolicy;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Console logins, sessions and the throttling of password guessing. Every attempt is counted
 * (atomically) before the password is checked and refused once over the limit, so concurrent
 * guesses cannot all get past a read-then-increment; a right password takes its attempt back.
 */
public final class LoginService {
    private final AccountRepository accounts;
    private final Sessions sessions;
    private final PasswordHasher hasher;
    private final RateLimit perAccount;
    private final RateLimit perSource;

    public LoginService(AccountRepository accounts, Sessions sessions, AttemptCounter attempts,
                        PasswordHasher hasher, LoginLimits limits, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.hasher = hasher;
        this.perAccount = new RateLimit(attempts, "login-account", limits.maxFailuresPerAccount(), limits.window(), clock);
        this.perSource = new RateLimit(attempts, "login-source", limits.maxFailuresPerSource(), limits.window(), clock);
    }

    public LoginResult login(String email, String password, String sourceAddress) {
        String normalised = Emails.normalise(email)
                .orElse(email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
        RateLimit.Attempt byAccount = perAccount.attempt(normalised);
        RateLimit.Attempt bySource = perSource.attempt(sourceAddress == null ? "unknown" : sourceAddress);
        Optional<LoginResult> throttled = throttled(byAccount, bySource);
        if (throttled.isPresent()) {
            return throttled.get();
        }
        Optional<Account> account = Emails.normalise(email).flatMap(accounts::findByEmail).filter(a -> !a.isClosed());
        if (!passwordMatches(account, password)) {
            return new LoginResult.InvalidCredentials();
        }
        succeeded(byAccount, bySource);
        Sessions.IssuedSession session = sessions.issue(account.get().accountId());
        // The password may have changed (and every session been revoked) while this one was being
        // checked against the old hash: then this session must not survive either.
        Optional<Account> now = accounts.findById(account.get().accountId());
        if (now.isEmpty() || now.get().isClosed()
                || !Objects.equals(now.get().passwordHash(), account.get().passwordHash())) {
            sessions.end(session.token());
            return new LoginResult.InvalidCredentials();
        }
        return new LoginResult.SignedIn(session.token(), session.expiresAt(), account.get().accountId());
    }

    /**
     * A signed-in administrator's password, asked again before something that cannot be undone;
     * wrong answers count against the same per-account limit as sign-ins.
     *
     * @return {@link LoginResult.Confirmed}, {@link LoginResult.InvalidCredentials} or {@link LoginResult.Throttled}
     */
    public LoginResult reauthenticate(Account account, String password, String sourceAddress) {
        RateLimit.Attempt byAccount = perAccount.attempt(account.email());
        RateLimit.Attempt bySource = perSource.attempt(sourceAddress == null ? "unknown" : sourceAddress);
        Optional<LoginResult> throttled = throttled(byAccount, bySource);
        if (throttled.isPresent()) {
            return throttled.get();
        }
        if (!passwordMatches(Optional.of(account), password)) {
            return new LoginResult.InvalidCredentials();
        }
        succeeded(byAccount, bySource);
        return new LoginResult.Confirmed();
    }

    /** Refused when either limit is spent (the attempts were counted before any password was checked). */
    private static Optional<LoginResult> throttled(RateLimit.Attempt byAccount, RateLimit.Attempt bySource) {
        if (byAccount.allowed() && bySource.allowed()) {
            return Optional.empty();
        }
        return Optional.of(new LoginResult.Throttled((byAccount.allowed() ? bySource : byAccount).retryAfter()));
    }

    /** The password against the account's hash; without an account with a password, as long a dummy check. */
    private boolean passwordMatches(Optional<Account> account, String password) {
        Optional<Account> withPassword = account.filter(Account::hasPassword);
        if (withPassword.isPresent() && password != null && password.length() <= PasswordPolicy.MAX_LENGTH * 2) {
            return hasher.verify(password, withPassword.get().passwordHash());
        }
        hasher.verifyDummy(password == null ? "" : password.substring(0, Math.min(password.length(), 512)));
        return false;
    }

    /** A right password takes its attempts back: the account's counter restarts, the source's is undone. */
    private void succeeded(RateLimit.Attempt byAccount, RateLimit.Attempt bySource) {
        perAccount.reset(byAccount);
        perSource.undo(bySource);
    }
}
