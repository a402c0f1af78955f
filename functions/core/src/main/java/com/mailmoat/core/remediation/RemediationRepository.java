package com.mailmoat.core.remediation;

import com.mailmoat.core.detection.Detection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Remediation jobs, their per-message outcomes, the per-detection work lock, and each mailbox's
 * quarantine folder (which one, and whether its users can see it). Every method takes the account id from the caller's session or records.
 *
 * <p>Exactness rests on two conditional writes: a detection is worked on by one job at a time
 * ({@link #lock}), and a message's outcome is recorded once per job together with the job's
 * counter and the detection's status, place and audit entry ({@link #record}).
 */
public interface RemediationRepository extends QuarantineFolderSightings {

    void create(RemediationJob job);

    /**
     * Creates the job and, in the same conditional write, claims {@code selectionKey} for it: the
     * claim says "this selection is being handled by this job" and lasts until the job completes
     * ({@link #complete} lets it go). Of two concurrent requests for the same selection, one creates
     * its job and the other learns which job holds the claim, so it can join it.
     *
     * @param staleHolder the job id of a claim known to be left over from a job that is no longer
     *                    running (it may be taken over), or null
     * @return empty when the job was created and holds the claim; otherwise the id of the job that
     *         holds it, and nothing was written
     */
    Optional<String> createClaiming(RemediationJob job, String selectionKey, String staleHolder);

    Optional<RemediationJob> find(String accountId, String jobId);

    /** The account's jobs, newest first. */
    List<RemediationJob> recent(String accountId, int limit);

    /** The failures a job recorded, at most {@code limit}. */
    List<RemediationFailure> failures(String accountId, String jobId, int limit);

    /** Whether the job already recorded an outcome for the detection. */
    boolean isRecorded(String accountId, String jobId, String detectionId);

    /** The answer to {@link #lock}. */
    sealed interface Lock {
        /** The job holds the detection (as it is now) until it records an outcome or the lease ends. */
        record Acquired(Detection detection, boolean moveAttempted) implements Lock {
        }

        /** Another job is working on this detection right now. */
        record Busy() implements Lock {
        }

        /** There is no such detection (any more). */
        record Missing() implements Lock {
        }
    }

    /**
     * Takes the detection for {@code jobId} unless another job holds it with a lease that has not
     * ended. {@code moveAttempted} tells the holder that a move may have been sent before (by any
     * job) without its outcome being recorded: check where the message is before moving it.
     */
    Lock lock(String accountId, String detectionId, String jobId, Instant now, Duration lease);

    /** Notes, before a move is sent, that it may happen (see {@link Lock.Acquired#moveAttempted()}). */
    void markMoveAttempted(String accountId, String detectionId, String jobId, Instant at);

    /**
     * Records the outcome once, atomically with the job's counter and the detection's change (which
     * also releases the lock).
     *
     * @return false when this job had recorded this message before: nothing changed
     */
    boolean record(ItemResult result);

    /**
     * Marks a running job COMPLETED at {@code at}, and lets go of the selection it claimed (see
     * {@link #createClaiming}); true only for the caller that did.
     */
    boolean complete(String accountId, String jobId, Instant at);

    /** Notes that the completion notice was queued. */
    void markNotified(String accountId, String jobId, Instant at);

    /** The quarantine folder remembered for the mailbox. */
    Optional<String> quarantineFolder(String accountId, String mailboxId);

    void rememberQuarantineFolder(String accountId, String mailboxId, String folderId);

    /** Forgets a remembered folder that turned out to be gone. */
    void forgetQuarantineFolder(String accountId, String mailboxId);
}
