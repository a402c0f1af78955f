package com.mailmoat.core.notify;

import java.time.Duration;

/**
 * Records which units of work are done, so a consumer that sees the same work twice (queues
 * deliver at least once) does it once. A claim that is never completed lapses after its lease,
 * so a crashed worker's item is retried rather than lost.
 */
public interface IdempotencyStore {

    enum Claim {
        /** The caller owns the work and must {@link #complete} or {@link #release} it. */
        ACQUIRED,
        /** Done before: skip it. */
        ALREADY_DONE,
        /** Another worker holds it right now: try again later. */
        IN_PROGRESS
    }

    Claim claim(String key, Duration lease);

    void complete(String key);

    void release(String key);
}
