package com.mailmoat.core.upgrade;

/**
 * Asks for an account's Mailmoat transport rules to be brought in line with its blocked senders
 * (after the blocked or permitted list changed, or a scan found a malicious sender). Requests are
 * cheap and may repeat: the worker folds those that a sync already covered.
 */
@FunctionalInterface
public interface RuleSyncRequests {
    RuleSyncRequests NONE = accountId -> {
    };

    void request(String accountId);
}
