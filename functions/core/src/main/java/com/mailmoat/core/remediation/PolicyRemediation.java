package com.mailmoat.core.remediation;

import com.mailmoat.core.policy.PolicyRemovals;
import java.util.List;

/**
 * Protect mode's removals ({@link PolicyRemovals}) as remediation jobs requested by
 * {@link RemediationJob#POLICY}: the same exactly-once moves, audit trail and quarantine folder as
 * an administrator's Remove Threats, without a completion email. Asking again for the same
 * messages (a redelivered scan page, a repeated change notification) changes nothing: the job id
 * is derived from the messages, so the second ask finds the first job.
 */
public final class PolicyRemediation implements PolicyRemovals {
    private final RemediationRequests requests;

    public PolicyRemediation(RemediationRequests requests) {
        this.requests = requests;
    }

    @Override
    public void remove(String accountId, List<String> detectionIds) {
        if (!detectionIds.isEmpty()) {
            requests.requestForPolicy(accountId, detectionIds);
        }
    }
}
