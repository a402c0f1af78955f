package com.mailmoat.core.realtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The catch-up schedule's work: a {@link SyncRequest.Reason#CATCH_UP} queued for every account with
 * a subscription (live, or lapsed within the last week), so mail whose notification never came is
 * checked within one schedule period.
 */
public final class CatchUpSchedule {
    private final SubscriptionStore store;
    private final SyncRequests syncs;
    private final Clock clock;
    private final Duration maxLifetime;

    /** @param maxLifetime the longest subscription lifetime (every live subscription expires within it) */
    public CatchUpSchedule(SubscriptionStore store, SyncRequests syncs, Clock clock, Duration maxLifetime) {
        this.store = store;
        this.syncs = syncs;
        this.clock = clock;
        this.maxLifetime = maxLifetime;
    }

    /** Queues the catch-ups; returns how many accounts. */
    public int queueAll() {
        Instant now = clock.instant();
        int queued = 0;
        for (String accountId : store.accountsExpiring(now.minus(RenewalSchedule.LAPSED_WINDOW),
                now.plus(maxLifetime).plus(Duration.ofDays(1)))) {
            syncs.request(SyncRequest.of(accountId, SyncRequest.Reason.CATCH_UP));
            queued++;
        }
        return queued;
    }
}
