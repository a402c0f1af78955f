package com.mailmoat.core.remediation;

import java.util.Objects;

/** One queued work item: one message (detection) of one job. */
public record RemediationWork(String accountId, String jobId, String detectionId) {
    public RemediationWork {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(detectionId, "detectionId");
    }
}
