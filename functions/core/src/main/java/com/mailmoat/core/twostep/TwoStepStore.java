package com.mailmoat.core.twostep;

import java.util.Optional;

/**
 * Stores each account's {@link TwoStepState}. The secrets are kept sealed (an adapter's concern): a
 * state whose secret does not open is an error, never a state without it.
 */
public interface TwoStepStore {

    /**
     * The account's state, read strongly consistently; empty when two-step sign-in was never set up.
     *
     * @throws TwoStepUnavailableException when it is stored but cannot be read
     */
    Optional<TwoStepState> find(String accountId);

    /**
     * Saves a state read at {@code state.version()} (0: not stored yet) as the next version, only if
     * nobody saved it in between: of two requests spending one code, only one succeeds.
     *
     * @return the saved state (at its new version), or empty when someone else saved first
     */
    Optional<TwoStepState> save(TwoStepState state);
}
