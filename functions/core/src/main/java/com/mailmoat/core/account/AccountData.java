package com.mailmoat.core.account;

/**
 * Everything the product stores for an account outside the accounts store itself: scans,
 * detections, jobs, policies, directory, learning, real-time state, notifications.
 */
public interface AccountData {
    /** Which of an account's items an erasure takes. */
    enum Scope {
        /** What came from its Microsoft 365 tenant: scans, detections, jobs, directory, learning, real-time state. */
        TENANT_DATA,
        /** Everything, the administrator's own settings (policies, sender lists) and notices included. */
        EVERYTHING
    }

    /**
     * Deletes up to about {@code max} of the account's items in {@code scope} (a few more when a page of
     * the store holds them); repeatable.
     *
     * @return how many it deleted: 0 once nothing is left
     */
    int eraseSome(String accountId, Scope scope, int max);
}
