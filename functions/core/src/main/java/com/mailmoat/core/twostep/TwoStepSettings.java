package com.mailmoat.core.twostep;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import com.mailmoat.core.session.LoginResult;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.SignInSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turning two-step sign-in on and off, by the signed-in administrator. Setting it up asks for the
 * password again and hands out a new secret, which is enforced only once a code from it confirms
 * that the authenticator app has it; confirming returns the recovery codes, once. Turning it off
 * asks for the password and a current code (or a recovery code). Each change emails the owner once.
 *
 * <p>The emailed password reset leaves it on: someone who controls the mailbox must still not get
 * past it. An administrator who lost the authenticator signs in with a recovery code. The one way
 * round it is the email saying it was turned on: for {@link #UNDO_LINK_LIFETIME} its "this was not
 * me" link sets a new password and turns it off (an intruder with the password who turned it on
 * must not lock the owner out).
 */
public final class TwoStepSettings {
    public static final String ISSUER = "Mailmoat";
    /** How long the "this was not me" link of the email saying two-step sign-in was turned on works. */
    public static final Duration UNDO_LINK_LIFETIME = Duration.ofDays(7);
    /** How long a setup waits for its confirming code; after it, the key shown is void (start again). */
    public static final Duration SETUP_LIFETIME = Duration.ofHours(1);
    /** On an {@link TokenKind#UNDO_TWO_STEP} link: when the enrolment it undoes was turned on. */
    public static final String ENABLED_AT = "twoStepEnabledAt";
    private static final int SECRET_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountRepository accounts;
    private final LoginService logins;
    private final TwoStepCodes codes;
    private final NotificationQueue notifications;
    private final TokenStore tokens;
    private final Clock clock;
    private final String consoleUrl;
    private com.mailmoat.core.activity.Activity activity = com.mailmoat.core.activity.Activity.NONE;

    public TwoStepSettings(AccountRepository accounts, LoginService logins, TwoStepCodes codes,
                           NotificationQueue notifications, TokenStore tokens, Clock clock, String consoleUrl) {
        this.accounts = accounts;
        this.logins = logins;
        this.codes = codes;
        this.notifications = notifications;
        this.tokens = tokens;
        this.clock = clock;
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
        codes.onRecoveryCodeSpent(state -> notifyOwner(state.accountId(), NotificationKind.TWO_STEP_RECOVERY_CODE_USED,
                "two-step-recovery-", state, Map.of("recoveryCodesLeft", String.valueOf(state.recoveryCodeHashes().size()))));
    }

    /** Records two-step turned on or off and recovery codes replaced in the account's activity log. */
    public TwoStepSettings withActivity(com.mailmoat.core.activity.Activity log) {
        this.activity = Objects.requireNonNull(log, "log");
        return this;
    }

    /** What the Account page shows. */
    public record Status(boolean on, Instant enabledAt, int recoveryCodesLeft) {
    }

    public sealed interface Result {
        /** A new secret to put in the authenticator app (base32) and its otpauth:// URI; not enforced yet. */
        record Started(String secret, String otpauthUri) implements Result {
        }

        /** On, with the recovery codes to show once. */
        record Enabled(List<String> recoveryCodes) implements Result {
        }

        record Disabled() implements Result {
        }

        /** New recovery codes to show once; the old ones no longer work. */
        record RecoveryCodesReplaced(List<String> recoveryCodes) implements Result {
        }

        /** The password was wrong or too many were ({@link LoginResult.InvalidCredentials}, {@link LoginResult.Throttled}). */
        record PasswordRefused(LoginResult why) implements Result {
        }

        /** The code was wrong or too many were ({@link TwoStepCodes.Check.Wrong}, {@link TwoStepCodes.Check.Throttled}). */
        record CodeRefused(TwoStepCodes.Check why) implements Result {
        }

        /** Already on (setting up again would replace a secret in use: turn it off first). */
        record AlreadyOn() implements Result {
        }

        /** Nothing to confirm or turn off: not set up, or off. */
        record NotSetUp() implements Result {
        }
    }

    public Status status(String accountId) {
        TwoStepState state = codes.state(accountId);
        return new Status(state.isOn(), state.enabledAt(), state.recoveryCodeHashes().size());
    }

    /** Starts setting up, with the password asked again. */
    public Result begin(String accountId, String password, SignInSource from) {
        Account account = accounts.findById(accountId).orElseThrow();
        LoginResult check = logins.reauthenticate(account, password, from);
        if (!(check instanceof LoginResult.Confirmed)) {
            return new Result.PasswordRefused(check);
        }
        TwoStepState state = codes.state(accountId);
        if (state.isOn()) {
            return new Result.AlreadyOn();
        }
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String encoded = Base32.encode(secret);
        if (codes.store().save(state.withPending(encoded, clock.instant())).isEmpty()) {
            // Turned on in another tab meanwhile.
            return new Result.AlreadyOn();
        }
        return new Result.Started(encoded, otpauthUri(account.email(), encoded));
    }

    /** Turns it on once a code of the pending secret shows the authenticator has it. */
    public Result confirm(String accountId, String code, SignInSource from) {
        String typed = code == null ? "" : code.strip();
        List<String> recoveryCodes = RecoveryCodes.generate();
        TwoStepState[] saved = new TwoStepState[1];
        TwoStepCodes.Check check = codes.limited(accountId, from, () -> {
            TwoStepState state = codes.state(accountId);
            if (state.isOn() || !state.isPending()
                    || state.pendingSince() == null || state.pendingSince().plus(SETUP_LIFETIME).isBefore(clock.instant())) {
                // A key shown long ago (a forgotten tab, a screenshot) is not turned on later.
                return new TwoStepCodes.Check.NotOn();
            }
            OptionalLong step = Totp.matchingStep(Base32.decode(state.pendingSecret()).orElseThrow(), typed,
                    clock.instant(), Long.MIN_VALUE);
            if (step.isEmpty()) {
                return new TwoStepCodes.Check.Wrong();
            }
            List<String> hashes = recoveryCodes.stream().map(c -> RecoveryCodes.hash(c).orElseThrow()).toList();
            Optional<TwoStepState> on = codes.store().save(state.enabled(clock.instant(), step.getAsLong(), hashes));
            if (on.isEmpty()) {
                return new TwoStepCodes.Check.NotOn();
            }
            saved[0] = on.get();
            return new TwoStepCodes.Check.Accepted(false, hashes.size());
        });
        if (check instanceof TwoStepCodes.Check.NotOn) {
            return codes.isOn(accountId) ? new Result.AlreadyOn() : new Result.NotSetUp();
        }
        if (!(check instanceof TwoStepCodes.Check.Accepted)) {
            return new Result.CodeRefused(check);
        }
        String undo = SecretTokens.generate();
        tokens.put(new StoredToken(SecretTokens.hash(undo), TokenKind.UNDO_TWO_STEP, accountId,
                clock.instant().plus(UNDO_LINK_LIFETIME), Map.of(ENABLED_AT, String.valueOf(saved[0].enabledAt()))));
        notifyOwner(accountId, NotificationKind.TWO_STEP_ENABLED, "two-step-on-", saved[0],
                Map.of("undoUrl", consoleUrl + "set-password?token=" + undo + "&undo=two-step"));
        return new Result.Enabled(recoveryCodes);
    }

    /** Turns it off, with the password and a current code (or a recovery code). */
    public Result disable(String accountId, String password, String code, SignInSource from) {
        Optional<Result> refused = refusedUnlessOnWithPassword(accountId, password, from);
        if (refused.isPresent()) {
            return refused.get();
        }
        TwoStepCodes.Check check = codes.check(accountId, code, from);
        if (check instanceof TwoStepCodes.Check.NotOn) {
            return new Result.NotSetUp();
        }
        if (!(check instanceof TwoStepCodes.Check.Accepted)) {
            return new Result.CodeRefused(check);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            TwoStepState state = codes.state(accountId);
            if (!state.isOn()) {
                return new Result.Disabled();
            }
            Optional<TwoStepState> off = codes.store().save(state.disabled());
            if (off.isPresent()) {
                notifyOwner(accountId, NotificationKind.TWO_STEP_DISABLED, "two-step-off-", off.get(), Map.of());
                return new Result.Disabled();
            }
        }
        throw new com.mailmoat.core.account.ConcurrentUpdateException("Two-step sign-in of " + accountId
                + " kept changing while being turned off");
    }

    /**
     * Replaces the recovery codes with 10 new ones (shown once), with the password and a current code
     * from the authenticator app: the old ones stop working. For codes used up, lost or seen by others.
     * A recovery code does not do here: it would only hand out new ones to whoever holds the old ones.
     */
    public Result newRecoveryCodes(String accountId, String password, String code, SignInSource from) {
        Optional<Result> refused = refusedUnlessOnWithPassword(accountId, password, from);
        if (refused.isPresent()) {
            return refused.get();
        }
        String typed = code == null ? "" : code.strip();
        List<String> recoveryCodes = RecoveryCodes.generate();
        List<String> hashes = recoveryCodes.stream().map(c -> RecoveryCodes.hash(c).orElseThrow()).toList();
        TwoStepState[] saved = new TwoStepState[1];
        TwoStepCodes.Check check = codes.limited(accountId, from, () -> {
            TwoStepState state = codes.state(accountId);
            if (!state.isOn()) {
                return new TwoStepCodes.Check.NotOn();
            }
            OptionalLong step = Totp.matchingStep(Base32.decode(state.secret()).orElseThrow(), typed, clock.instant(),
                    state.lastUsedStep());
            if (step.isEmpty()) {
                return new TwoStepCodes.Check.Wrong();
            }
            Optional<TwoStepState> renewed = codes.store().save(state.withLastUsedStep(step.getAsLong())
                    .withRecoveryCodes(hashes));
            if (renewed.isEmpty()) {
                // Changed meanwhile (a sign-in spent a code): the code's step may be spent too; ask again.
                return new TwoStepCodes.Check.Wrong();
            }
            saved[0] = renewed.get();
            return new TwoStepCodes.Check.Accepted(false, hashes.size());
        });
        if (check instanceof TwoStepCodes.Check.NotOn) {
            return new Result.NotSetUp();
        }
        if (!(check instanceof TwoStepCodes.Check.Accepted)) {
            return new Result.CodeRefused(check);
        }
        notifyOwner(accountId, NotificationKind.TWO_STEP_RECOVERY_CODES_REPLACED, "two-step-codes-", saved[0], Map.of());
        return new Result.RecoveryCodesReplaced(recoveryCodes);
    }

    /** Changing two-step sign-in once it is on takes the password again; the refusal, if any. */
    private Optional<Result> refusedUnlessOnWithPassword(String accountId, String password, SignInSource from) {
        Account account = accounts.findById(accountId).orElseThrow();
        if (!codes.isOn(accountId)) {
            return Optional.of(new Result.NotSetUp());
        }
        LoginResult passwordCheck = logins.reauthenticate(account, password, from);
        return passwordCheck instanceof LoginResult.Confirmed ? Optional.empty()
                : Optional.of(new Result.PasswordRefused(passwordCheck));
    }

    /** otpauth://totp/Mailmoat:&lt;email&gt;?secret=…&amp;issuer=Mailmoat, what authenticator apps read from a QR code or link. */
    public static String otpauthUri(String email, String secret) {
        return "otpauth://totp/" + ISSUER + ":" + URLEncoder.encode(email, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@")
                + "?secret=" + secret + "&issuer=" + ISSUER + "&algorithm=SHA1&digits=" + Totp.DIGITS
                + "&period=" + Totp.STEP_SECONDS;
    }

    /** The notification id is the change's own (the state's version), so a retried request does not email twice. */
    private void notifyOwner(String accountId, NotificationKind kind, String idPrefix, TwoStepState changed,
                             Map<String, String> more) {
        Account account = accounts.findById(accountId).orElseThrow();
        Map<String, String> params = new java.util.HashMap<>(more);
        params.put("loginUrl", consoleUrl);
        params.put("company", Objects.requireNonNullElse(account.company(), ""));
        notifications.enqueue(new NotificationRequest(idPrefix + accountId + "-" + changed.version(), accountId, kind,
                account.email(), Map.copyOf(params), clock.instant()));
        String summary = switch (kind) {
            case TWO_STEP_ENABLED -> "Turned two-step sign-in on (an authenticator app, and " + RecoveryCodes.COUNT + " recovery codes)";
            case TWO_STEP_DISABLED -> "Turned two-step sign-in off";
            case TWO_STEP_RECOVERY_CODES_REPLACED -> "Replaced the two-step recovery codes (the old ones no longer work)";
            default -> null;
        };
        if (summary != null) {
            // The change's own id, as the notice's: a retried request records it once.
            activity.record(accountId, idPrefix + changed.version(), account.email(), switch (kind) {
                case TWO_STEP_ENABLED -> com.mailmoat.core.activity.ActivityKind.TWO_STEP_ON;
                case TWO_STEP_DISABLED -> com.mailmoat.core.activity.ActivityKind.TWO_STEP_OFF;
                default -> com.mailmoat.core.activity.ActivityKind.RECOVERY_CODES_REPLACED;
            }, summary);
        }
    }
}
