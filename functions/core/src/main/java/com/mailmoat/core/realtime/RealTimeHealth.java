package com.mailmoat.core.realtime;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether an account's real-time protection is at risk: a subscription Microsoft refused to create
 * or renew. Raised once per episode (the administrator is emailed once), cleared by the next sync
 * that succeeds.
 */
public interface RealTimeHealth {

    /** The open problem: what failed and since when. */
    record Problem(String message, Instant since) {
    }

    Optional<Problem> problem(String accountId);

    /** Records the problem; true when none was open before (the caller then tells the administrator). */
    boolean raise(String accountId, String message, Instant at);

    void clear(String accountId);

    RealTimeHealth NONE = new RealTimeHealth() {
        @Override
        public Optional<Problem> problem(String accountId) {
            return Optional.empty();
        }

        @Override
        public boolean raise(String accountId, String message, Instant at) {
            return false;
        }

        @Override
        public void clear(String accountId) {
        }
    };
}
