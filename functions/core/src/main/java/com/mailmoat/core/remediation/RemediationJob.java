package com.mailmoat.core.remediation;

import java.time.Instant;
import java.util.Objects;

/**
 * A remove or release request over a set of detections, and its progress. The four outcome
 * counters only grow, each message is counted in exactly one of them, and the job completes when
 * they add up to {@code total}.
 *
 * @param requestedBy  the administrator's e-mail address, or {@link #POLICY} for automatic removals
 * @param recipient    who is told when it completes (null: nobody)
 * @param scanId       the scan whose threats were selected, or null for a hand-picked selection
 * @param alreadyDone  messages another Mailmoat job had already moved where this one would
 * @param finishedAt   when it completed (null while running)
 * @param notifiedAt   when its completion notice was queued (null before)
 * @param allInQuarantine  a release of everything that was in quarantine when it was asked for (not a
 *                         hand-picked selection)
 * @param moreInQuarantine more messages were in quarantine than one such release takes
 *                         ({@link RemediationRequests#MAX_IN_QUARANTINE}): they wait for the next one
 */
public record RemediationJob(String accountId, String jobId, RemediationAction action, JobStatus status,
                             String tenantId, String requestedBy, String recipient, String scanId, int total,
                             int done, int alreadyGone, int failed, int alreadyDone, Instant createdAt, Instant finishedAt,
                             Instant notifiedAt, boolean allInQuarantine, boolean moreInQuarantine) {
    /** {@code requestedBy} of removals made by a policy (Protect mode), not by a person. */
    public static final String POLICY = "policy";

    public RemediationJob {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(createdAt, "createdAt");
        requestedBy = requestedBy == null ? "" : requestedBy;
        if (allInQuarantine && action != RemediationAction.RELEASE) {
            throw new IllegalArgumentException("Only a release takes everything in quarantine");
        }
    }

    /** A job just created: running, nothing counted yet. */
    public static RemediationJob started(String accountId, String jobId, RemediationAction action, String tenantId,
                                         String requestedBy, String recipient, String scanId, int total,
                                         Instant createdAt) {
        return new RemediationJob(accountId, jobId, action, JobStatus.RUNNING, tenantId, requestedBy, recipient, scanId,
                total, 0, 0, 0, 0, createdAt, null, null, false, false);
    }

    /** The same job, marked as the release of everything in quarantine ({@code more}: not all of it fitted). */
    public RemediationJob releasingAllInQuarantine(boolean more) {
        return new RemediationJob(accountId, jobId, action, status, tenantId, requestedBy, recipient, scanId, total, done,
                alreadyGone, failed, alreadyDone, createdAt, finishedAt, notifiedAt, true, more);
    }

    /** Messages with an outcome so far. */
    public int finishedItems() {
        return done + alreadyGone + failed + alreadyDone;
    }

    /** Every message has an outcome. */
    public boolean allItemsFinished() {
        return finishedItems() >= total;
    }
}
