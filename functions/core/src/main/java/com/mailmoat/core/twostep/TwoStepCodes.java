package com.mailmoat.core.twostep;

import com.mailmoat.core.session.AttemptCounter;
import com.mailmoat.core.session.KnownBrowsers;
import com.mailmoat.core.session.LoginLimits;
import com.mailmoat.core.session.RateLimit;
import com.mailmoat.core.session.SignInSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Checks the codes of an account's two-step sign-in: a code from the authenticator app (once
 * only: its step is recorded, so a code seen over a shoulder cannot be used again) or a recovery
 * code (spent by using it). Wrong codes are throttled like wrong passwords, against limits of
 * their own: per account, or from a browser the account signed in from before, per browser
 * ({@link KnownBrowsers}); and per source address, shared with passwords.
 */
public final class TwoStepCodes {
    private final TwoStepStore store;
    private final KnownBrowsers browsers;
    private final RateLimit perAccount;
    private final RateLimit perKnownBrowser;
    private final RateLimit perSource;
    private final Clock clock;
    private Consumer<TwoStepState> recoveryCodeSpent = state -> { };

    public TwoStepCodes(TwoStepStore store, KnownBrowsers browsers, AttemptCounter attempts, LoginLimits limits,
                        Clock clock) {
        this.store = store;
        this.browsers = browsers;
        this.perAccount = new RateLimit(attempts, "two-step-account", limits.maxFailuresPerAccount(), limits.window(), clock);
        this.perKnownBrowser = new RateLimit(attempts, "two-step-browser", limits.maxFailuresPerAccount(),
                limits.window(), clock);
        this.perSource = new RateLimit(attempts, "login-source", limits.maxFailuresPerSource(), limits.window(), clock);
        this.clock = clock;
    }

    /** What became of a code. */
    public sealed interface Check {
        /** Right: an authenticator code, or a recovery code that is now spent ({@code recoveryCodesLeft} remain). */
        record Accepted(boolean recoveryCode, int recoveryCodesLeft) implements Check {
        }

        /** Not a code of the account now: wrong, already used, or too old. */
        record Wrong() implements Check {
        }

        /** Too many wrong codes recently. */
        record Throttled(Duration retryAfter, boolean fromKnownBrowser) implements Check {
        }

        /** Two-step sign-in is not on for the account (any more). */
        record NotOn() implements Check {
        }
    }

    /**
     * Called with the saved state each time a recovery code is spent (the owner is told: a spent code
     * the owner did not use means someone else has the codes).
     */
    void onRecoveryCodeSpent(Consumer<TwoStepState> listener) {
        this.recoveryCodeSpent = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** The account's state; {@link TwoStepState#off} when never set up. */
    public TwoStepState state(String accountId) {
        return store.find(accountId).orElseGet(() -> TwoStepState.off(accountId));
    }

    public boolean isOn(String accountId) {
        return state(accountId).isOn();
    }

    /** Checks a code of the account's authenticator, or a recovery code, which is then spent. */
    public Check check(String accountId, String code, SignInSource from) {
        return limited(accountId, from, () -> verify(accountId, code == null ? "" : code.strip()));
    }

    /**
     * Counts the attempt against the limits before {@code verify} runs; an accepted code takes the
     * attempts back, as a right password does.
     */
    Check limited(String accountId, SignInSource from, Supplier<Check> verify) {
        boolean knownBrowser = browsers.isKnown(from.browserToken(), accountId);
        RateLimit limit = knownBrowser ? perKnownBrowser : perAccount;
        RateLimit.Attempt bySubject = limit.attempt(knownBrowser ? from.browserToken() : accountId);
        RateLimit.Attempt bySource = perSource.attempt(from.address());
        if (!bySubject.allowed() || !bySource.allowed()) {
            return new Check.Throttled((bySubject.allowed() ? bySource : bySubject).retryAfter(), knownBrowser);
        }
        Check result = verify.get();
        if (!(result instanceof Check.Wrong)) {
            limit.reset(bySubject);
            perSource.undo(bySource);
        }
        return result;
    }

    private Check verify(String accountId, String code) {
        // Two tries: a concurrent sign-in may have saved the state between our read and our write.
        for (int attempt = 0; attempt < 2; attempt++) {
            TwoStepState state = state(accountId);
            if (!state.isOn()) {
                return new Check.NotOn();
            }
            byte[] secret = Base32.decode(state.secret()).orElseThrow();
            OptionalLong step = Totp.matchingStep(secret, code, clock.instant(), state.lastUsedStep());
            Optional<String> recovery = step.isPresent() ? Optional.empty()
                    : RecoveryCodes.hash(code).filter(state.recoveryCodeHashes()::contains);
            if (step.isEmpty() && recovery.isEmpty()) {
                return new Check.Wrong();
            }
            TwoStepState next = step.isPresent() ? state.withLastUsedStep(step.getAsLong())
                    : state.withoutRecoveryCode(recovery.get());
            Optional<TwoStepState> saved = store.save(next);
            if (saved.isPresent()) {
                if (recovery.isPresent()) {
                    recoveryCodeSpent.accept(saved.get());
                }
                return new Check.Accepted(recovery.isPresent(), next.recoveryCodeHashes().size());
            }
        }
        // Still racing: whichever request won spent this code (or its step) first.
        return new Check.Wrong();
    }

    TwoStepStore store() {
        return store;
    }
}
