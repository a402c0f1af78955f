package com.mailmoat.core.signup;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountChange;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.CompanyNames;
import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.account.Emails;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import com.mailmoat.core.session.AttemptCounter;
import com.mailmoat.core.session.RateLimit;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.twostep.TwoStepSettings;
import com.mailmoat.core.twostep.TwoStepState;
import com.mailmoat.core.twostep.TwoStepStore;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-up, the set-password link, and the password-reset ("forgot password") link. Sign-up and
 * reset requests answer the same whether or not the address is known, so the API never reveals
 * which addresses have accounts; each sends at most one link email per address per window.
 *
 * <p>Links are single use, expire after 24 hours, and apply only to the state they were sent
 * for: a set-password link only while the account has no password, a reset link only while the
 * password is the one it had when the link was sent. Setting a password spends every other
 * outstanding link of the account and ends its other sessions.
 */
public final class SignupService {
    public static final Duration SET_PASSWORD_LINK_LIFETIME = Duration.ofHours(24);
    public static final Duration RESET_LINK_LIFETIME = Duration.ofHours(24);
    private static final int MAX_TOKEN_LENGTH = 200;
    /** On a reset link: the account's passwordSetAt when it was sent. */
    private static final String PASSWORD_SET_AT = "passwordSetAt";
    private static final EnumSet<TokenKind> REVOKED_ON_PASSWORD_CHANGE =
            EnumSet.of(TokenKind.SET_PASSWORD, TokenKind.RESET_PASSWORD, TokenKind.SESSION, TokenKind.KNOWN_BROWSER,
                    TokenKind.TWO_STEP_PENDING);

    private final AccountRepository accounts;
    private final TokenStore tokens;
    private final NotificationQueue notifications;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final String consoleUrl;
    private final RateLimit signupsPerSource;
    private final RateLimit resetsPerSource;
    private final RateLimit setPasswordEmails;
    private final RateLimit resetEmails;
    private final RateLimit accountExistsEmails;
    private final Duration emailWindow;
    private TwoStepStore twoStep;
    private com.mailmoat.core.team.TeamRepository team;
    private com.mailmoat.core.activity.Activity activity = com.mailmoat.core.activity.Activity.NONE;

    public SignupService(AccountRepository accounts, TokenStore tokens, NotificationQueue notifications,
                         AttemptCounter attempts, SignupLimits limits, PasswordPolicy policy, PasswordHasher hasher,
                         Clock clock, String consoleUrl) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.notifications = notifications;
        this.policy = policy;
        this.hasher = hasher;
        this.clock = clock;
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
        this.signupsPerSource = new RateLimit(attempts, "signup-source", limits.maxPerSource(), limits.sourceWindow(), clock);
        this.resetsPerSource = new RateLimit(attempts, "reset-source", limits.maxPerSource(), limits.sourceWindow(), clock);
        this.setPasswordEmails = new RateLimit(attempts, "set-password-email", 1, limits.emailWindow(), clock);
        this.resetEmails = new RateLimit(attempts, "reset-email", 1, limits.emailWindow(), clock);
        this.accountExistsEmails = new RateLimit(attempts, "account-exists-email", 1, limits.emailWindow(), clock);
        this.emailWindow = limits.emailWindow();
    }

    /** Records password changes (by reset or "this was not me" link) in the account's activity log. */
    public SignupService withActivity(com.mailmoat.core.activity.Activity log) {
        this.activity = Objects.requireNonNull(log, "log");
        return this;
    }

    /** Honours team invitations: set-password links that carry {@link com.mailmoat.core.team.TeamService#MEMBER_ID}. */
    public SignupService withTeam(com.mailmoat.core.team.TeamRepository members) {
        this.team = Objects.requireNonNull(members, "members");
        return this;
    }

    /** Honours the "this was not me" links of two-step sign-in ({@link TokenKind#UNDO_TWO_STEP}). */
    public SignupService withTwoStep(TwoStepStore store) {
        this.twoStep = Objects.requireNonNull(store, "store");
        return this;
    }

    public PasswordPolicy policy() {
        return policy;
    }

    /** At most one email of each kind goes to an address per this window; an earlier link stays valid. */
    public Duration emailWindow() {
        return emailWindow;
    }

    /**
     * Creates the account and emails a set-password link. For a known address that has no
     * password yet a fresh link is sent (the first may have been lost); one that has a password
     * is told it already has an account, with links to sign in and to reset the password (a
     * returning administrator who forgot). At most one email of each kind per address per window.
     *
     * @param sourceAddress the requester's address, for the per-source limit
     * @throws InvalidInputException when the email, company or region is unusable
     */
    public SignupResult signUp(String email, String company, String region, String sourceAddress) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> normalised = Emails.normalise(email);
        if (normalised.isEmpty()) {
            errors.add(new FieldError("email", "Enter a valid email address."));
        }
        CompanyNames.problem(company).ifPresent(problem -> errors.add(new FieldError("company", problem)));
        Optional<Region> parsedRegion = Region.parse(region);
        if (parsedRegion.isEmpty()) {
            errors.add(new FieldError("region", "Choose one of US, UK, DE, CA, AU, ZA."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        RateLimit.Attempt bySource = signupsPerSource.attempt(source(sourceAddress));
        if (!bySource.allowed()) {
            return new SignupResult.Throttled(bySource.retryAfter());
        }
        Instant now = clock.instant();
        Account fresh = Account.signedUp(UUID.randomUUID().toString(), normalised.get(),
                CompanyNames.normalise(company), parsedRegion.get(), now);
        if (accounts.create(fresh)) {
            sendSetPasswordLink(fresh, now);
        } else {
            accounts.findByEmail(normalised.get()).ifPresent(existing -> {
                if (existing.hasPassword()) {
                    sendAccountExists(existing, now);
                } else {
                    sendSetPasswordLink(existing, now);
                }
            });
        }
        return new SignupResult.Accepted();
    }

    /**
     * "Forgot password?": emails a reset link when the address has an account with a password (a
     * set-password link when it has none yet), at most one per address per window, and nothing
     * for an unknown address. The answer is the same in every case.
     *
     * @throws InvalidInputException when the email is not an address
     */
    public SignupResult requestPasswordReset(String email, String sourceAddress) {
        Optional<String> normalised = Emails.normalise(email);
        if (normalised.isEmpty()) {
            throw new InvalidInputException(List.of(new FieldError("email", "Enter a valid email address.")));
        }
        RateLimit.Attempt bySource = resetsPerSource.attempt(source(sourceAddress));
        if (!bySource.allowed()) {
            return new SignupResult.Throttled(bySource.retryAfter());
        }
        Instant now = clock.instant();
        Optional<Account> owner = accounts.findByEmail(normalised.get());
        owner.ifPresent(account -> {
            if (account.hasPassword()) {
                sendResetLink(account, now);
            } else {
                sendSetPasswordLink(account, now);
            }
        });
        if (owner.isEmpty() && team != null) {
            // A team member who has chosen a password; one still invited uses the invitation (the owner can invite again).
            team.findByEmail(normalised.get()).filter(com.mailmoat.core.team.TeamMember::hasPassword)
                    .ifPresent(member -> sendMemberResetLink(member, now));
        }
        return new SignupResult.Accepted();
    }

    /**
     * Whether the link would set a password now (known, unexpired, unused and still applying to the
     * account), so the page can say so before anyone types a password. Read-only: the link is not spent.
     */
    public boolean linkUsable(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        Optional<StoredToken> stored = passwordLink(SecretTokens.hash(token), clock.instant());
        if (stored.isPresent() && memberOf(stored.get()) != null) {
            return invitedMember(stored.get()).isPresent();
        }
        return stored.isPresent() && accounts.findById(stored.get().accountId())
                .filter(account -> applies(stored.get(), account) && undoApplies(stored.get()))
                .isPresent();
    }

    /** {@link #setPassword(String, String, Optional)} without a current session to keep. */
    public SetPasswordResult setPassword(String token, String password) {
        return setPassword(token, password, Optional.empty());
    }

    /**
     * Sets the password from a set-password or reset link. The link is spent only when the
     * password is accepted; then every other link of the account is spent and every session
     * ended, except {@code current} when it is a session of this very account.
     */
    public SetPasswordResult setPassword(String token, String password, Optional<Session> current) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            return new SetPasswordResult.InvalidToken();
        }
        Instant now = clock.instant();
        String tokenHash = SecretTokens.hash(token);
        Optional<StoredToken> stored = passwordLink(tokenHash, now);
        if (stored.isEmpty()) {
            return new SetPasswordResult.InvalidToken();
        }
        if (memberOf(stored.get()) != null) {
            return setMemberPassword(stored.get(), password, now);
        }
        Optional<Account> account = accounts.findById(stored.get().accountId());
        if (account.isEmpty() || !applies(stored.get(), account.get()) || !undoApplies(stored.get())) {
            tokens.delete(tokenHash);
            return new SetPasswordResult.InvalidToken();
        }
        List<PasswordViolation> violations = policy.violations(password, account.get().email());
        if (!violations.isEmpty()) {
            return new SetPasswordResult.WeakPassword(violations);
        }
        // Spend the token atomically: of two racing requests with this link only one gets past here.
        if (tokens.take(tokenHash).isEmpty()) {
            return new SetPasswordResult.InvalidToken();
        }
        Optional<Account> updated = save(stored.get(), account.get().accountId(), hasher.hash(password), now);
        if (updated.isEmpty()) {
            // Another link (or a concurrent change) set the password first: this link no longer applies.
            return new SetPasswordResult.InvalidToken();
        }
        String keep = current.filter(s -> s.accountId().equals(updated.get().accountId()))
                .map(Session::sessionHash).orElse(null);
        if (stored.get().kind() == TokenKind.UNDO_TWO_STEP) {
            // "This was not me": an intruder may have invited someone too, so every session ends, the team's as well.
            tokens.revokeAll(updated.get().accountId(), REVOKED_ON_PASSWORD_CHANGE, keep);
        } else {
            // The owner's own credentials: the team's sessions and invitations are theirs, not the owner's password's.
            tokens.revokeOwners(updated.get().accountId(), REVOKED_ON_PASSWORD_CHANGE, keep);
        }
        if (stored.get().kind() == TokenKind.UNDO_TWO_STEP) {
            turnTwoStepOff(updated.get(), stored.get(), now);
        }
        if (stored.get().kind() != TokenKind.SET_PASSWORD) {
            // The first password is part of signing up; every later one is a change worth listing.
            activity.byAdministrator(updated.get(), com.mailmoat.core.activity.ActivityKind.PASSWORD_CHANGED, () -> stored.get().kind()
                    == TokenKind.UNDO_TWO_STEP ? "Changed the password and turned two-step sign-in off with the "
                    + "\u201cthis was not me\u201d link; every session was ended"
                    : "Changed the password with an emailed link; every other session was ended");
        }
        NotificationKind notice = stored.get().kind() == TokenKind.SET_PASSWORD
                ? NotificationKind.ACCOUNT_DETAILS : NotificationKind.PASSWORD_CHANGED;
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), updated.get().accountId(),
                notice, updated.get().email(),
                Map.of("loginUrl", consoleUrl, "company", Objects.requireNonNullElse(updated.get().company(), "")), now));
        return new SetPasswordResult.PasswordSet(consoleUrl, updated.get().accountId());
    }

    /**
     * Creates (or resets the password of) an account in one step, for the local demo and operators'
     * tooling; it applies the same rules as sign-up.
     */
    public Account createAccountWithPassword(String email, String company, Region region, String password) {
        String normalised = Emails.normalise(email)
                .orElseThrow(() -> new InvalidInputException(List.of(new FieldError("email", "Enter a valid email address."))));
        CompanyNames.problem(company).ifPresent(problem -> {
            throw new InvalidInputException(List.of(new FieldError("company", problem)));
        });
        List<PasswordViolation> violations = policy.violations(password, normalised);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations.stream()
                    .map(v -> new FieldError("password", v.message())).toList());
        }
        Instant now = clock.instant();
        accounts.create(Account.signedUp(UUID.randomUUID().toString(), normalised, CompanyNames.normalise(company),
                region, now));
        Account account = accounts.findByEmail(normalised).orElseThrow();
        return accounts.update(account.withPassword(hasher.hash(password), now));
    }

    /** The team member a set-password (invitation) or reset link is for (null on the owner's links). */
    private static String memberOf(StoredToken link) {
        return link.kind() == TokenKind.SET_PASSWORD || link.kind() == TokenKind.RESET_PASSWORD
                ? link.attributes().get(com.mailmoat.core.team.TeamService.MEMBER_ID) : null;
    }

    /**
     * The member a link is for, while it still applies: still on the team of an open account, and for an
     * invitation without a password yet, for a reset with the password it had when the link was sent.
     */
    private Optional<com.mailmoat.core.team.TeamMember> invitedMember(StoredToken link) {
        if (team == null) {
            return Optional.empty();
        }
        return team.find(link.accountId(), memberOf(link))
                .filter(m -> link.kind() == TokenKind.SET_PASSWORD ? !m.hasPassword() : m.hasPassword()
                        && String.valueOf(m.passwordSetAt()).equals(link.attributes().get(PASSWORD_SET_AT)))
                .filter(m -> accounts.findById(link.accountId()).filter(a -> !a.isClosed()).isPresent());
    }

    /** "Forgot password?" for a team member: a reset link to their address, as the owner gets one. */
    private void sendMemberResetLink(com.mailmoat.core.team.TeamMember member, Instant now) {
        if (!resetEmails.attempt(member.email()).allowed()) {
            return;
        }
        String token = SecretTokens.generate();
        tokens.put(new StoredToken(SecretTokens.hash(token), TokenKind.RESET_PASSWORD, member.accountId(),
                now.plus(RESET_LINK_LIFETIME), Map.of(com.mailmoat.core.team.TeamService.MEMBER_ID, member.memberId(),
                        PASSWORD_SET_AT, String.valueOf(member.passwordSetAt()))));
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), member.accountId(),
                NotificationKind.PASSWORD_RESET_LINK, member.email(),
                Map.of("link", consoleUrl + "set-password?token=" + token + "&reset=1"), now));
    }

    /** A team member chooses their first password from the invitation: the same rules as the owner's. */
    private SetPasswordResult setMemberPassword(StoredToken link, String password, Instant now) {
        Optional<com.mailmoat.core.team.TeamMember> member = invitedMember(link);
        if (member.isEmpty()) {
            tokens.delete(link.tokenHash());
            return new SetPasswordResult.InvalidToken();
        }
        List<PasswordViolation> violations = policy.violations(password, member.get().email());
        if (!violations.isEmpty()) {
            return new SetPasswordResult.WeakPassword(violations);
        }
        if (tokens.take(link.tokenHash()).isEmpty()) {
            return new SetPasswordResult.InvalidToken();
        }
        String hash = hasher.hash(password);
        try {
            team.update(member.get().withPassword(hash, now));
        } catch (ConcurrentUpdateException e) {
            // The owner changed the member's role at this moment: the link is spent, so apply it to the new state.
            Optional<com.mailmoat.core.team.TeamMember> reread = invitedMember(link);
            if (reread.isEmpty()) {
                return new SetPasswordResult.InvalidToken();
            }
            team.update(reread.get().withPassword(hash, now));
        }
        if (link.kind() == TokenKind.RESET_PASSWORD) {
            // Their sessions carry the password's time: every one of them ends with the old password.
            activity.record(link.accountId(), null, member.get().email(),
                    com.mailmoat.core.activity.ActivityKind.PASSWORD_CHANGED,
                    "Changed their password with an emailed link; their other sessions were ended");
            notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), link.accountId(),
                    NotificationKind.PASSWORD_CHANGED, member.get().email(), Map.of("loginUrl", consoleUrl, "company", ""), now));
        }
        return new SetPasswordResult.PasswordSet(consoleUrl, link.accountId());
    }

    /** The unexpired set-password, reset or two-step undo link with this hash. */
    private Optional<StoredToken> passwordLink(String tokenHash, Instant now) {
        return tokens.find(tokenHash)
                .filter(t -> t.kind() == TokenKind.SET_PASSWORD || t.kind() == TokenKind.RESET_PASSWORD
                        || t.kind() == TokenKind.UNDO_TWO_STEP && twoStep != null)
                .filter(t -> !t.isExpiredAt(now));
    }

    /** Whether the link still applies to the account as it is now. */
    private static boolean applies(StoredToken link, Account account) {
        if (link.kind() == TokenKind.SET_PASSWORD) {
            return !account.hasPassword();
        }
        if (link.kind() == TokenKind.UNDO_TWO_STEP) {
            return account.hasPassword();
        }
        return account.hasPassword()
                && Objects.equals(link.attributes().get(PASSWORD_SET_AT), String.valueOf(account.passwordSetAt()));
    }

    /** An undo link works only while two-step sign-in is on from the enrolment it was sent for. */
    private boolean undoApplies(StoredToken link) {
        return link.kind() != TokenKind.UNDO_TWO_STEP || twoStep.find(link.accountId())
                .filter(TwoStepState::isOn)
                .filter(state -> String.valueOf(state.enabledAt()).equals(link.attributes().get(TwoStepSettings.ENABLED_AT)))
                .isPresent();
    }

    /** After the undo link set the password: two-step sign-in off (unless it changed meanwhile), and the owner told. */
    private void turnTwoStepOff(Account account, StoredToken link, Instant now) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (!undoApplies(link)) {
                return;
            }
            Optional<TwoStepState> off = twoStep.save(twoStep.find(account.accountId()).orElseThrow().disabled());
            if (off.isPresent()) {
                notifications.enqueue(new NotificationRequest("two-step-off-" + account.accountId() + "-" + off.get().version(),
                        account.accountId(), NotificationKind.TWO_STEP_DISABLED, account.email(),
                        Map.of("loginUrl", consoleUrl, "company", Objects.requireNonNullElse(account.company(), "")), now));
                return;
            }
        }
        throw new ConcurrentUpdateException("Two-step sign-in of " + account.accountId() + " kept changing while being undone");
    }

    /**
     * Saves the new password if the link still applies to the account as stored (read again when something else
     * about it changed concurrently); empty when the link no longer applies.
     */
    private Optional<Account> save(StoredToken link, String accountId, String passwordHash, Instant now) {
        return accounts.update(accountId,
                        current -> applies(link, current) ? current.withPassword(passwordHash, now) : current)
                .filter(AccountChange::saved).map(AccountChange::after);
    }

    private void sendSetPasswordLink(Account account, Instant now) {
        if (!setPasswordEmails.attempt(account.email()).allowed()) {
            return;
        }
        String token = SecretTokens.generate();
        tokens.put(new StoredToken(SecretTokens.hash(token), TokenKind.SET_PASSWORD, account.accountId(),
                now.plus(SET_PASSWORD_LINK_LIFETIME), Map.of()));
        // No company name here: whoever signed up typed it, and this address has not proven anything yet.
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), account.accountId(),
                NotificationKind.SET_PASSWORD_LINK, account.email(),
                Map.of("link", consoleUrl + "set-password?token=" + token), now));
    }

    private void sendResetLink(Account account, Instant now) {
        if (!resetEmails.attempt(account.email()).allowed()) {
            return;
        }
        String token = SecretTokens.generate();
        tokens.put(new StoredToken(SecretTokens.hash(token), TokenKind.RESET_PASSWORD, account.accountId(),
                now.plus(RESET_LINK_LIFETIME), Map.of(PASSWORD_SET_AT, String.valueOf(account.passwordSetAt()))));
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), account.accountId(),
                NotificationKind.PASSWORD_RESET_LINK, account.email(),
                Map.of("link", consoleUrl + "set-password?token=" + token + "&reset=1"), now));
    }

    /** Only to the address's owner, and nothing the sign-up form let a stranger type (no company name). */
    private void sendAccountExists(Account account, Instant now) {
        if (!accountExistsEmails.attempt(account.email()).allowed()) {
            return;
        }
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), account.accountId(),
                NotificationKind.ACCOUNT_EXISTS, account.email(),
                Map.of("loginUrl", consoleUrl, "resetUrl", consoleUrl + "#reset"), now));
    }

    private static String source(String sourceAddress) {
        return sourceAddress == null || sourceAddress.isBlank() ? "unknown" : sourceAddress;
    }
}
