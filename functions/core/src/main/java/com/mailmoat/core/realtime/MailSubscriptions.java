package com.mailmoat.core.realtime;

/**
 * The account's Graph mail subscriptions (change notifications for new mail), kept in step with
 * its mode and Targeted To: the upgrade workflow, mode changes, the renewal schedule and offboarding
 * call it.
 */
public interface MailSubscriptions {
    /** Makes the account's Graph mail subscriptions match its mode and Targeted To (create/renew for protected mailboxes in MONITOR/PROTECT, delete the rest); idempotent. */
    SyncResult sync(String accountId);

    /** Deletes every subscription of the account (offboarding); returns how many. */
    int removeAll(String accountId);

    record SyncResult(int created, int renewed, int deleted) {}

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
