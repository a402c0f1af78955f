package com.mailmoat.core.realtime;

import java.time.Instant;
import java.util.Objects;

/**
 * A request to bring one account's subscriptions in step, queued (a sync creates and renews one
 * subscription per protected mailbox, which takes a while for a large tenant).
 *
 * @param subscriptionId the subscription a lifecycle event named (null otherwise)
 * @param at             for {@link Reason#MODE_CHANGED}: when the change was applied (protection switched
 *                       back on covers new mail from then, not what arrived while it was off); null otherwise
 */
public record SyncRequest(String accountId, Reason reason, String subscriptionId, Instant at) {
    /** Why the sync is asked for. */
    public enum Reason {
        /** The mode or Targeted To changed. */
        MODE_CHANGED,
        /** The renewal schedule found subscriptions near their expiry. */
        RENEWAL,
        /** Graph asked for a subscription to be reauthorized. */
        REAUTHORIZATION_REQUIRED,
        /** Graph removed a subscription: it is created again. */
        SUBSCRIPTION_REMOVED,
        /** Graph could not deliver some notifications: catch up by delta. */
        MISSED,
        /** The catch-up schedule: delta from each mailbox's last link, for notifications that never came. */
        CATCH_UP
    }

    public SyncRequest {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(reason, "reason");
    }

    public SyncRequest(String accountId, Reason reason, String subscriptionId) {
        this(accountId, reason, subscriptionId, null);
    }

    public static SyncRequest of(String accountId, Reason reason) {
        return new SyncRequest(accountId, reason, null);
    }
}
