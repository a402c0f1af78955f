package com.mailmoat.core.remediation;

import com.mailmoat.core.detection.DetectionEvent;
import com.mailmoat.core.detection.DetectionStatus;
import java.util.Objects;

/**
 * The outcome of one message of a job, with what it changes on the detection: recorded
 * atomically and only once ({@link RemediationRepository#record}).
 *
 * @param newStatus     the detection's new status, or null to leave it
 * @param folderId      where the message is now, or null to leave it
 * @param messageGone   the message is no longer in the mailbox
 * @param event         the audit entry appended to the detection's history
 * @param detectionExists false when the detection itself is gone (then only the job is updated)
 */
public record ItemResult(String accountId, String jobId, String detectionId, ItemOutcome outcome, String mailbox,
                         String subject, String reason, DetectionStatus newStatus, String folderId,
                         boolean messageGone, DetectionEvent event, boolean detectionExists) {
    public ItemResult {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(detectionId, "detectionId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(event, "event");
        mailbox = mailbox == null ? "" : mailbox;
        subject = subject == null ? "" : subject;
        reason = reason == null ? "" : reason;
    }
}
