package com.mailmoat.core.account;

/**
 * Everything the product stores for an account outside the accounts store itself: scans,
 * detections, jobs, policies, directory, learning, real-time state, notifications.
 */
public interface AccountData {
    /**
     * Deletes up to about {@code max} of the account's items (a few more when a page of the store
     * holds them); repeatable.
     *
     * @return how many it deleted: 0 once nothing is left
     */
    int eraseSome(String accountId, int max);
}
