package com.mailmoat.core.policy;

import java.util.List;

/**
 * Removes detected messages to quarantine because the policy says so (Protect): hands them to the
 * remediation pipeline, recorded as done by policy. Repeating a request for a message already
 * removed or queued changes nothing.
 */
@FunctionalInterface
public interface PolicyRemovals {
    PolicyRemovals NONE = (accountId, detectionIds) -> {
    };

    void remove(String accountId, List<String> detectionIds);
}
