package com.mailmoat.core.realtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The renewal schedule's work: a subscription sync queued for every account with a subscription
 * that has less than {@code renewBefore} left, or that lapsed in the last week (a sync re-creates
 * it). Run several times within {@code renewBefore}, every subscription is renewed long before
 * Microsoft's expiry even when a run or two fails.
 */
public final class RenewalSchedule {
    /** How far back a lapsed subscription is still picked up. */
    static final Duration LAPSED_WINDOW = Duration.ofDays(7);

    private final SubscriptionStore store;
    private final SyncRequests syncs;
    private final Clock clock;
    private final Duration renewBefore;

    public RenewalSchedule(SubscriptionStore store, SyncRequests syncs, Clock clock, Duration renewBefore) {
        this.store = store;
        this.syncs = syncs;
        this.clock = clock;
        this.renewBefore = renewBefore;
    }

    /** Queues the syncs; returns how many accounts. */
    public int queueDue() {
        Instant now = clock.instant();
        int queued = 0;
        for (String accountId : store.accountsExpiring(now.minus(LAPSED_WINDOW), now.plus(renewBefore))) {
            syncs.request(SyncRequest.of(accountId, SyncRequest.Reason.RENEWAL));
            queued++;
        }
        return queued;
    }
}
