package com.mailmoat.core.session;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Emails;
import com.mailmoat.core.activity.Activity;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.core.signup.PasswordPolicy;
import com.mailmoat.core.team.TeamMember;
import com.mailmoat.core.team.TeamRepository;
import com.mailmoat.core.twostep.TwoStepCodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Console logins, sessions and the throttling of password guessing. Every attempt is counted
 * (atomically) before the password is checked and refused once over the limit, so concurrent
 * guesses cannot all get past a read-then-increment; a right password takes its attempt back.
 * Attempts count against the source address and against the account, except from a browser the
 * account signed in from before ({@link KnownBrowsers}): those count against that browser, so
 * strangers spending the account's limit do not lock its administrator out.
 *
 * <p>With two-step sign-in on, the right password opens no session: it gets a short-lived,
 * single-use pending sign-in, bound to the account and to its password, that the code completes
 * ({@link #completeWithCode}); a few wrong codes end it, and wrong codes are throttled per account
 * like passwords ({@link TwoStepCodes}).
 */
public final class LoginService {
    public static final Duration PENDING_SIGN_IN_LIFETIME = Duration.ofMinutes(5);
    /** Wrong codes a pending sign-in survives; the next wrong one ends it. */
    public static final int MAX_WRONG_CODES_PER_SIGN_IN = 3;
    private static final int MAX_TOKEN_LENGTH = 200;
    /** On a pending sign-in: the account's passwordSetAt when the password was checked. */
    private static final String PASSWORD_SET_AT = "passwordSetAt";
    private final AccountRepository accounts;
    private final Sessions sessions;
    private final KnownBrowsers browsers;
    private final PasswordHasher hasher;
    private final RateLimit perAccount;
    private final RateLimit perKnownBrowser;
    private final RateLimit perSource;
    private final TwoStepCodes twoStep;
    private final TokenStore tokens;
    private final AttemptCounter attempts;
    private final Clock clock;
    private TeamRepository team;
    private Activity activity = Activity.NONE;

    public LoginService(AccountRepository accounts, Sessions sessions, KnownBrowsers browsers, AttemptCounter attempts,
                        PasswordHasher hasher, LoginLimits limits, TwoStepCodes twoStep, TokenStore tokens,
                        Clock clock) {
        this.accounts = accounts;
        this.twoStep = twoStep;
        this.tokens = tokens;
        this.attempts = attempts;
        this.clock = clock;
        this.sessions = sessions;
        this.browsers = browsers;
        this.hasher = hasher;
        this.perAccount = new RateLimit(attempts, "login-account", limits.maxFailuresPerAccount(), limits.window(), clock);
        this.perKnownBrowser = new RateLimit(attempts, "login-browser", limits.maxFailuresPerAccount(), limits.window(),
                clock);
        this.perSource = new RateLimit(attempts, "login-source", limits.maxFailuresPerSource(), limits.window(), clock);
    }

    /** Lets the account's team members sign in with their own address and password. */
    public LoginService withTeam(TeamRepository members) {
        this.team = Objects.requireNonNull(members, "members");
        return this;
    }

    /** Records sign-ins (who, and whether two-step sign-in was used) in the account's activity log. */
    public LoginService withActivity(Activity log) {
        this.activity = Objects.requireNonNull(log, "log");
        return this;
    }

    public LoginResult login(String email, String password, SignInSource from) {
        Optional<String> address = Emails.normalise(email);
        String normalised = address.orElse(email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
        Optional<Account> account = address.flatMap(accounts::findByEmail).filter(a -> !a.isClosed());
        if (account.isEmpty() && team != null) {
            Optional<TeamMember> member = address.flatMap(team::findByEmail);
            if (member.isPresent()) {
                return memberLogin(member.get(), normalised, password, from);
            }
        }
        boolean knownBrowser = account.isPresent() && browsers.isKnown(from.browserToken(), account.get().accountId());
        Counted counted = count(knownBrowser ? null : normalised, knownBrowser ? from.browserToken() : null, from);
        if (counted.throttled().isPresent()) {
            return counted.throttled().get();
        }
        if (!passwordMatches(account, password)) {
            return new LoginResult.InvalidCredentials();
        }
        succeeded(counted);
        if (twoStep.isOn(account.get().accountId())) {
            return pendingSignIn(account.get());
        }
        return signIn(account.get(), knownBrowser, false);
    }

    /**
     * The second step of a sign-in with two-step on: the pending sign-in's token and a code from the
     * authenticator app or a recovery code (then spent). Opens the session as a password does without
     * two-step.
     *
     * @return {@link LoginResult.SignedIn}, {@link LoginResult.WrongCode}, {@link LoginResult.Throttled}
     *         or {@link LoginResult.SignInExpired}
     */
    public LoginResult completeWithCode(String pendingToken, String code, SignInSource from) {
        if (pendingToken == null || pendingToken.isBlank() || pendingToken.length() > MAX_TOKEN_LENGTH) {
            return new LoginResult.SignInExpired();
        }
        String hash = SecretTokens.hash(pendingToken);
        Optional<StoredToken> pending = tokens.find(hash)
                .filter(t -> t.kind() == TokenKind.TWO_STEP_PENDING && !t.isExpiredAt(clock.instant()));
        if (pending.isEmpty()) {
            return new LoginResult.SignInExpired();
        }
        Optional<Account> account = accounts.findById(pending.get().accountId())
                .filter(a -> !a.isClosed() && a.hasPassword())
                .filter(a -> String.valueOf(a.passwordSetAt()).equals(pending.get().attributes().get(PASSWORD_SET_AT)));
        if (account.isEmpty()) {
            tokens.delete(hash);
            return new LoginResult.SignInExpired();
        }
        TwoStepCodes.Check check = twoStep.check(account.get().accountId(), code, from);
        if (check instanceof TwoStepCodes.Check.Throttled throttled) {
            return new LoginResult.Throttled(throttled.retryAfter(), throttled.fromKnownBrowser());
        }
        if (check instanceof TwoStepCodes.Check.Wrong) {
            int wrong = attempts.increment("two-step-sign-in:" + hash, pending.get().expiresAt());
            if (wrong >= MAX_WRONG_CODES_PER_SIGN_IN) {
                tokens.delete(hash);
            }
            return new LoginResult.WrongCode(Math.max(0, MAX_WRONG_CODES_PER_SIGN_IN - wrong));
        }
        // Accepted, or two-step turned off meanwhile (then the password alone would do: sign in again).
        if (!(check instanceof TwoStepCodes.Check.Accepted) || tokens.take(hash).isEmpty()) {
            return new LoginResult.SignInExpired();
        }
        return signIn(account.get(), browsers.isKnown(from.browserToken(), account.get().accountId()), true);
    }

    /**
     * A team member's sign-in: the same limits and known browsers as the owner's (by the member's
     * address), their own password. Two-step sign-in is the owner's setting and does not apply to
     * members (they have none of their own yet).
     */
    private LoginResult memberLogin(TeamMember member, String normalised, String password, SignInSource from) {
        Optional<Account> account = accounts.findById(member.accountId()).filter(a -> !a.isClosed());
        boolean knownBrowser = account.isPresent() && browsers.isKnown(from.browserToken(), member.accountId());
        Counted counted = count(knownBrowser ? null : normalised, knownBrowser ? from.browserToken() : null, from);
        if (counted.throttled().isPresent()) {
            return counted.throttled().get();
        }
        if (!hashMatches(account.isPresent() ? member.passwordHash() : null, password)) {
            return new LoginResult.InvalidCredentials();
        }
        succeeded(counted);
        Sessions.IssuedSession session = sessions.issueForMember(member);
        // Removed, or given a new password, while this one was being checked: no session.
        Optional<TeamMember> now = team.find(member.accountId(), member.memberId());
        if (now.isEmpty() || !Objects.equals(now.get().passwordHash(), member.passwordHash())) {
            sessions.end(session.token());
            return new LoginResult.InvalidCredentials();
        }
        try {
            team.update(now.get().signedInAt(clock.instant()));
        } catch (com.mailmoat.core.account.ConcurrentUpdateException e) {
            // The role changed at this very moment: the last sign-in time is not worth a retry.
        }
        activity.record(member.accountId(), null, member.email(), ActivityKind.SIGNED_IN,
                "Signed in as " + member.role().label() + " (password; two-step sign-in is not set up for team members)");
        Optional<KnownBrowsers.Issued> remembered = knownBrowser ? Optional.empty()
                : Optional.of(browsers.remember(member.accountId()));
        return new LoginResult.SignedIn(session.token(), session.expiresAt(), member.accountId(), remembered);
    }

    private LoginResult pendingSignIn(Account account) {
        String token = SecretTokens.generate();
        Instant expiresAt = clock.instant().plus(PENDING_SIGN_IN_LIFETIME);
        tokens.put(new StoredToken(SecretTokens.hash(token), TokenKind.TWO_STEP_PENDING, account.accountId(), expiresAt,
                Map.of(PASSWORD_SET_AT, String.valueOf(account.passwordSetAt()))));
        return new LoginResult.CodeRequired(token, expiresAt);
    }

    private LoginResult signIn(Account account, boolean knownBrowser, boolean withCode) {
        Sessions.IssuedSession session = sessions.issue(account.accountId());
        // The password may have changed (and every session been revoked) while this one was being
        // checked against the old hash: then this session must not survive either.
        Optional<Account> now = accounts.findById(account.accountId());
        if (now.isEmpty() || now.get().isClosed()
                || !Objects.equals(now.get().passwordHash(), account.passwordHash())) {
            sessions.end(session.token());
            return new LoginResult.InvalidCredentials();
        }
        activity.record(account.accountId(), null, account.email(), ActivityKind.SIGNED_IN, withCode
                ? "Signed in as Owner (password and two-step code)" : "Signed in as Owner (password; two-step sign-in is off)");
        Optional<KnownBrowsers.Issued> remembered = knownBrowser ? Optional.empty()
                : Optional.of(browsers.remember(account.accountId()));
        return new LoginResult.SignedIn(session.token(), session.expiresAt(), account.accountId(), remembered);
    }

    /**
     * A signed-in administrator's password, asked again before something that cannot be undone;
     * wrong answers count against the same limits as sign-ins.
     *
     * @return {@link LoginResult.Confirmed}, {@link LoginResult.InvalidCredentials} or {@link LoginResult.Throttled}
     */
    public LoginResult reauthenticate(Account account, String password, SignInSource from) {
        boolean knownBrowser = browsers.isKnown(from.browserToken(), account.accountId());
        Counted counted = count(knownBrowser ? null : account.email(), knownBrowser ? from.browserToken() : null, from);
        if (counted.throttled().isPresent()) {
            return counted.throttled().get();
        }
        if (!passwordMatches(Optional.of(account), password)) {
            return new LoginResult.InvalidCredentials();
        }
        succeeded(counted);
        return new LoginResult.Confirmed();
    }

    /** The browser that chose the account's password from an emailed link: it proved it reads the account's email. */
    public KnownBrowsers.Issued rememberBrowser(String accountId) {
        return browsers.remember(accountId);
    }

    /**
     * Counts the attempt against the source and against the account ({@code email}) or, from a known
     * browser, against that browser ({@code browserToken}); throttled when either limit is spent.
     */
    private Counted count(String email, String browserToken, SignInSource from) {
        RateLimit limit = browserToken != null ? perKnownBrowser : perAccount;
        RateLimit.Attempt bySubject = limit.attempt(browserToken != null ? browserToken : email);
        RateLimit.Attempt bySource = perSource.attempt(from.address());
        Optional<LoginResult> throttled = bySubject.allowed() && bySource.allowed() ? Optional.empty()
                : Optional.of(new LoginResult.Throttled((bySubject.allowed() ? bySource : bySubject).retryAfter(),
                        browserToken != null));
        return new Counted(limit, bySubject, bySource, throttled);
    }

    /** The password against the account's hash; without an account with a password, as long a dummy check. */
    private boolean passwordMatches(Optional<Account> account, String password) {
        return hashMatches(account.filter(Account::hasPassword).map(Account::passwordHash).orElse(null), password);
    }

    /** The password against a hash; without one (no such person, no password yet), as long a dummy check. */
    private boolean hashMatches(String passwordHash, String password) {
        if (passwordHash != null && password != null && password.length() <= PasswordPolicy.MAX_LENGTH * 2) {
            return hasher.verify(password, passwordHash);
        }
        hasher.verifyDummy(password == null ? "" : password.substring(0, Math.min(password.length(), 512)));
        return false;
    }

    /** A right password takes its attempts back: the account's (or browser's) counter restarts, the source's is undone. */
    private void succeeded(Counted counted) {
        counted.limit().reset(counted.bySubject());
        perSource.undo(counted.bySource());
    }

    private record Counted(RateLimit limit, RateLimit.Attempt bySubject, RateLimit.Attempt bySource,
                           Optional<LoginResult> throttled) {
    }
}
