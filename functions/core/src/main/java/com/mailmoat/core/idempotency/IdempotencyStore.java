package com.mailmoat.core.idempotency;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Records which units of work are done, so a consumer that sees the same work twice (queues
 * deliver at least once) does it once. A claim that is never completed lapses after its lease,
 * so a crashed worker's item is retried rather than lost. A completed item keeps a short outcome
 * (e.g. the id of what it created) that a repeat can answer with.
 *
 * <p>Keys are namespaced by the caller ({@code notification#…}, {@code scan-page#…}) so unrelated
 * work never collides.
 */
public interface IdempotencyStore {

    /** How a claim went. */
    enum Status {
        /** The caller owns the work and must {@link #complete} or {@link #release} it. */
        ACQUIRED,
        /** Done before: skip it ({@link Claim#outcome()} holds what was recorded). */
        ALREADY_DONE,
        /** Another worker holds it right now: try again later. */
        IN_PROGRESS
    }

    /** The answer to {@link #claim}; {@code outcome} is present only for {@link Status#ALREADY_DONE}. */
    record Claim(Status status, Optional<String> outcome) {
        public Claim {
            Objects.requireNonNull(status, "status");
            outcome = outcome == null ? Optional.empty() : outcome;
        }

        public static Claim acquired() {
            return new Claim(Status.ACQUIRED, Optional.empty());
        }

        public static Claim inProgress() {
            return new Claim(Status.IN_PROGRESS, Optional.empty());
        }

        public static Claim done(String outcome) {
            return new Claim(Status.ALREADY_DONE, Optional.ofNullable(outcome));
        }
    }

    /** Takes the work item unless it is done or held by a live claim. */
    Claim claim(String key, Duration lease);

    /** Marks the claimed item done, recording {@code outcome} (may be empty, never a secret or mail content). */
    void complete(String key, String outcome);

    /** Gives the claim up after a failure, so a retry can take it at once. */
    void release(String key);
}
