package com.mailmoat.core.realtime;

/**
 * The Graph mail subscriptions (change notifications) that let Mailmoat check new mail seconds after
 * it arrives. The upgrade workflow's CreateMailSubscriptions step calls {@link #sync}; offboarding
 * calls {@link #removeAll}; mode changes and the renewal schedule sync through the subscription-sync queue.
 * Implemented by {@link SubscriptionService}.
 */
public interface MailSubscriptions {

    /**
     * Makes the account's Graph mail subscriptions match its mode and Targeted To (create/renew for
     * protected mailboxes in MONITOR/PROTECT, delete the rest), and the catch-up's coverage with them
     * (begun for newly protected mailboxes, forgotten for the others); idempotent.
     */
    SyncResult sync(String accountId);

    /**
     * Deletes every subscription of the account and forgets the catch-up's positions (offboarding: real-time
     * protection ends); returns how many subscriptions. Idempotent.
     */
    int removeAll(String accountId);

    /** What one {@link #sync} did. */
    record SyncResult(int created, int renewed, int deleted) {
    }

    /** No subscriptions at all (tests, functions that never subscribe). */
    MailSubscriptions NONE = new MailSubscriptions() {
        @Override
        public SyncResult sync(String accountId) {
            return new SyncResult(0, 0, 0);
        }

        @Override
        public int removeAll(String accountId) {
            return 0;
        }
    };
}
