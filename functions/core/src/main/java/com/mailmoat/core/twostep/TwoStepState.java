package com.mailmoat.core.twostep;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An account's two-step sign-in as stored. {@code secret} (base32) is set while it is on;
 * {@code pendingSecret} while an enrolment waits for its first code. {@code lastUsedStep} is the
 * TOTP step of the last code accepted, so no code works twice. {@code recoveryCodeHashes} are the
 * SHA-256 hashes of the recovery codes not spent yet. {@code version} guards concurrent changes
 * (0: never stored).
 */
public record TwoStepState(String accountId, String secret, Instant enabledAt, long lastUsedStep,
                           List<String> recoveryCodeHashes, String pendingSecret, Instant pendingSince, long version) {

    public TwoStepState {
        Objects.requireNonNull(accountId, "accountId");
        recoveryCodeHashes = recoveryCodeHashes == null ? List.of() : List.copyOf(recoveryCodeHashes);
    }

    /** Never turned on. */
    public static TwoStepState off(String accountId) {
        return new TwoStepState(accountId, null, null, 0, List.of(), null, null, 0);
    }

    public boolean isOn() {
        return secret != null;
    }

    public boolean isPending() {
        return pendingSecret != null;
    }

    /** An enrolment started with {@code newSecret}, waiting for its first code (two-step stays as it was until then). */
    public TwoStepState withPending(String newSecret, Instant since) {
        return new TwoStepState(accountId, secret, enabledAt, lastUsedStep, recoveryCodeHashes, newSecret, since, version);
    }

    /** On with the pending secret, whose code of {@code step} confirmed it. */
    public TwoStepState enabled(Instant at, long step, List<String> recoveryHashes) {
        return new TwoStepState(accountId, pendingSecret, at, step, recoveryHashes, null, null, version);
    }

    /** Off: the secret and recovery codes are forgotten. */
    public TwoStepState disabled() {
        return new TwoStepState(accountId, null, null, 0, List.of(), null, null, version);
    }

    public TwoStepState withLastUsedStep(long step) {
        return new TwoStepState(accountId, secret, enabledAt, step, recoveryCodeHashes, pendingSecret, pendingSince, version);
    }

    public TwoStepState withoutRecoveryCode(String hash) {
        return new TwoStepState(accountId, secret, enabledAt, lastUsedStep,
                recoveryCodeHashes.stream().filter(h -> !h.equals(hash)).toList(), pendingSecret, pendingSince, version);
    }

    /** The same secret with a new set of recovery codes (the old ones no longer work). */
    public TwoStepState withRecoveryCodes(List<String> hashes) {
        return new TwoStepState(accountId, secret, enabledAt, lastUsedStep, hashes, pendingSecret, pendingSince, version);
    }

    public TwoStepState withVersion(long newVersion) {
        return new TwoStepState(accountId, secret, enabledAt, lastUsedStep, recoveryCodeHashes, pendingSecret,
                pendingSince, newVersion);
    }
}
