package com.mailmoat.core.remediation;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionEvent;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.core.microsoft.MovedMessage;
import com.mailmoat.core.scan.ScanPageProcessor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Moves one message of a job, exactly once, and records what became of it.
 *
 * <ul>
 *   <li>A move is sent once per attempt and never retried blindly: a move Microsoft may have
 *       committed (it answered 5xx/504, or the connection broke) is followed by a look at where the
 *       message is; an attempt that may have been cut off (a crash, a lease) is checked the same way
 *       before anything is sent again.</li>
 *   <li>A message the user deleted or moved out of the mailbox counts as already gone, one another
 *       Mailmoat job already moved as already done (the email never blames the user for it); throttling
 *       waits on the queue for Microsoft's Retry-After; a missing mailbox, a deleted user or denied
 *       access fail the message with a reason.</li>
 *   <li>One job at a time works on a detection ({@link RemediationRepository#lock}); the outcome is
 *       recorded once per job ({@link RemediationRepository#record}), so redeliveries change nothing
 *       twice and the counters stay exact.</li>
 *   <li>The job completes when every message has an outcome; its notice is queued exactly once.</li>
 * </ul>
 */
public final class RemediationWorker {
    /** Longer than an invocation can last plus the longest queue delay: a live job's lock never lapses. */
    static final Duration LOCK_LEASE = Duration.ofMinutes(20);
    /** How long an item waits for another job that holds its detection. */
    static final Duration BUSY_WAIT = Duration.ofSeconds(10);
    /** How long to wait after Microsoft was unavailable before trying (and first checking) again, unless configured. */
    public static final Duration UNAVAILABLE_WAIT = Duration.ofSeconds(5);

    /** What became of a work item. */
    public sealed interface Outcome {
        /** Finished (or found finished before): delete the work item. */
        record Done(String note) implements Outcome {
        }

        /** Not now: retry the same item after the delay (nothing was recorded). */
        record RetryAfter(Duration delay, String note) implements Outcome {
        }
    }

    private final RemediationRepository jobs;
    private final AccountRepository accounts;
    private final MailboxGateway mailboxes;
    private final RemediationNotices notices;
    private final Clock clock;
    private final com.mailmoat.core.learning.LearningService learning;
    private final Duration unavailableWait;

    public RemediationWorker(RemediationRepository jobs, AccountRepository accounts, MailboxGateway mailboxes,
                             RemediationNotices notices, Clock clock) {
        this.jobs = jobs;
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.notices = notices;
        this.clock = clock;
        this.learning = null;
        this.unavailableWait = UNAVAILABLE_WAIT;
    }

    private RemediationWorker(RemediationWorker w, com.mailmoat.core.learning.LearningService learning,
                              Duration unavailableWait) {
        this.jobs = w.jobs;
        this.accounts = w.accounts;
        this.mailboxes = w.mailboxes;
        this.notices = w.notices;
        this.clock = w.clock;
        this.learning = learning;
        this.unavailableWait = unavailableWait;
    }

    /**
     * The same worker, telling {@code learning} of every message it releases (the administrator says it
     * is wanted: the account's model learns it) and of every removal of a message once called wanted. A
     * release of everything in quarantine teaches nothing: it says nothing about any one message.
     */
    public RemediationWorker withLearning(com.mailmoat.core.learning.LearningService service) {
        return new RemediationWorker(this, service, unavailableWait);
    }

    /** The same worker, waiting {@code wait} (instead of {@link #UNAVAILABLE_WAIT}) after Microsoft was unavailable. */
    public RemediationWorker withUnavailableWait(Duration wait) {
        return new RemediationWorker(this, learning, MicrosoftUnavailableException.checkedWait(wait));
    }

    public Outcome process(RemediationWork work) {
        Optional<RemediationJob> found = jobs.find(work.accountId(), work.jobId());
        if (found.isEmpty()) {
            return new Outcome.Done("no such job");
        }
        RemediationJob job = found.get();
        if (job.status() == JobStatus.COMPLETED || jobs.isRecorded(work.accountId(), work.jobId(), work.detectionId())) {
            notices.finishIfComplete(work.accountId(), work.jobId());
            return new Outcome.Done("recorded before");
        }
        RemediationRepository.Lock lock = jobs.lock(work.accountId(), work.detectionId(), work.jobId(), clock.instant(),
                LOCK_LEASE);
        if (lock instanceof RemediationRepository.Lock.Busy) {
            return new Outcome.RetryAfter(BUSY_WAIT, "another job is working on this message");
        }
        Attempt attempt;
        if (lock instanceof RemediationRepository.Lock.Acquired acquired) {
            attempt = attempt(job, acquired.detection(), acquired.moveAttempted());
        } else {
            attempt = Attempt.finished(ItemOutcome.FAILED, null, false, "The detection no longer exists.");
        }
        if (attempt.retry() != null) {
            return new Outcome.RetryAfter(attempt.retry(), attempt.reason());
        }
        Detection detection = lock instanceof RemediationRepository.Lock.Acquired a ? a.detection() : null;
        boolean recorded = jobs.record(result(job, work.detectionId(), detection, attempt));
        String learnt = recorded && attempt.outcome() == ItemOutcome.DONE && detection != null ? teach(job, detection) : "";
        notices.finishIfComplete(work.accountId(), work.jobId());
        return new Outcome.Done(attempt.outcome() + (recorded ? "" : " (recorded before)") + learnt
                + (attempt.reason().isEmpty() ? "" : ": " + attempt.reason())
                + (attempt.note().isEmpty() ? "" : " (" + attempt.note() + ")"));
    }

    /** Tells the learning layer what the administrator decided; a failure there never fails the move. */
    private String teach(RemediationJob job, Detection detection) {
        if (learning == null || RemediationJob.POLICY.equals(job.requestedBy())) {
            return "";
        }
        if (job.allInQuarantine()) {
            // Releasing everything (before offboarding, say) is no verdict on each message: nothing is learnt.
            return " (learning: not taught, a release of everything in quarantine)";
        }
        try {
            if (job.action() == RemediationAction.RELEASE) {
                learning.released(detection, job.requestedBy(), job.jobId());
                return detection.carriesMalware() ? " (learning: released, not learnt: malware)" : " (learning: released, queued)";
            }
            learning.removed(detection, job.requestedBy(), job.jobId());
            return "";
        } catch (RuntimeException e) {
            return " (learning: verdict not recorded: " + e.getClass().getSimpleName() + ")";
        }
    }

    /**
     * Gives an item up for good (it kept failing and is about to reach the dead-letter queue): it is
     * recorded as failed with the reason, so the job still completes and says so. The detection
     * itself is left as it is.
     */
    public void giveUp(RemediationWork work, String reason) {
        Optional<RemediationJob> found = jobs.find(work.accountId(), work.jobId());
        if (found.isEmpty() || jobs.isRecorded(work.accountId(), work.jobId(), work.detectionId())) {
            return;
        }
        RemediationJob job = found.get();
        jobs.record(new ItemResult(job.accountId(), job.jobId(), work.detectionId(), ItemOutcome.FAILED, "", "", reason,
                null, null, false, new DetectionEvent(job.action().name(), ItemOutcome.FAILED.name(), job.requestedBy(),
                clock.instant(), job.jobId(), null, reason), false));
        notices.finishIfComplete(work.accountId(), work.jobId());
    }

    /** What one attempt at a message came to: an outcome to record, or a wait. */
    private record Attempt(ItemOutcome outcome, String folderId, boolean gone, String reason, Duration retry,
                           String note) {
        static Attempt finished(ItemOutcome outcome, String folderId, boolean gone, String reason) {
            return new Attempt(outcome, folderId, gone, reason == null ? "" : reason, null, "");
        }

        static Attempt retry(Duration delay, String why) {
            return new Attempt(null, null, false, why, delay, "");
        }

        /** The same outcome, with a remark for the log only (not the audit trail). */
        Attempt noting(String remark) {
            return new Attempt(outcome, folderId, gone, reason, retry, remark);
        }

        static Attempt done(String folderId) {
            return finished(ItemOutcome.DONE, folderId, false, "");
        }

        static Attempt gone(String reason) {
            return finished(ItemOutcome.ALREADY_GONE, null, true, reason);
        }
    }

    private Attempt attempt(RemediationJob job, Detection detection, boolean moveAttempted) {
        if (!job.action().appliesTo(detection)) {
            if (detection.trail().messageGone()) {
                return Attempt.finished(ItemOutcome.ALREADY_GONE, null, false,
                        "The message was already gone from the mailbox.");
            }
            // Another Mailmoat job moved it first (it held the lock while this item waited): not the user's doing.
            return Attempt.finished(ItemOutcome.ALREADY_DONE, null, false, alreadyDone(job, detection));
        }
        Optional<Account> account = accounts.findById(job.accountId());
        if (account.isEmpty() || !job.tenantId().equalsIgnoreCase(String.valueOf(account.get().tenantId()))) {
            return Attempt.finished(ItemOutcome.FAILED, null, false,
                    "Microsoft 365 is no longer connected to this account.");
        }
        try {
            String destination = destination(job, detection);
            if (moveAttempted) {
                Optional<Attempt> settled = settledBefore(job, detection, destination);
                if (settled.isPresent()) {
                    return settled.get().noting("an earlier attempt had moved it; located, not resent");
                }
            }
            Attempt moved = moveOnce(job, detection, destination);
            if (moved != null) {
                return moved;
            }
            // The destination folder is gone (the message is there): choose it again, once.
            if (job.action() == RemediationAction.REMOVE) {
                jobs.forgetQuarantineFolder(job.accountId(), detection.mailboxId());
                destination = destination(job, detection);
            } else {
                destination = "inbox";
            }
            moved = moveOnce(job, detection, destination);
            return moved != null ? moved
                    : Attempt.finished(ItemOutcome.FAILED, null, false, "The destination folder could not be found.");
        } catch (MicrosoftThrottledException e) {
            return Attempt.retry(e.retryAfter(), "Microsoft asked to wait (" + e.errorCode() + ")");
        } catch (MicrosoftUnavailableException e) {
            return Attempt.retry(unavailableWait, "Microsoft is unavailable (HTTP " + e.statusCode() + ")");
        } catch (MicrosoftNotFoundException e) {
            if ("ErrorItemNotFound".equals(e.errorCode())) {
                return Attempt.gone("The message is no longer in the mailbox.");
            }
            return Attempt.finished(ItemOutcome.FAILED, null, false, mailboxFailure(e));
        } catch (MicrosoftAccessDeniedException e) {
            return Attempt.finished(ItemOutcome.FAILED, null, false, accessFailure(e));
        } catch (MicrosoftException e) {
            return Attempt.finished(ItemOutcome.FAILED, null, false, "Microsoft refused the move"
                    + (e.errorCode().isEmpty() ? "." : " (" + e.errorCode() + ")."));
        }
    }

    /**
     * Sends the move once. Null when Microsoft says the destination does not exist while the
     * message does; a {@code retry} when the move may or may not have happened and the message is
     * not yet where it should be.
     */
    private Attempt moveOnce(RemediationJob job, Detection detection, String destination) {
        jobs.markMoveAttempted(job.accountId(), detection.detectionId(), job.jobId(), clock.instant());
        try {
            MovedMessage moved = mailboxes.moveMessage(job.tenantId(), detection.mailboxId(), detection.messageId(),
                    destination);
            return Attempt.done(moved.folderId().isEmpty() ? destination : moved.folderId());
        } catch (MicrosoftUnavailableException ambiguous) {
            // Microsoft may have committed the move before failing: look, never resend blindly.
            return settledBefore(job, detection, destination)
                    .map(settled -> settled.noting("the move was answered HTTP " + ambiguous.statusCode()
                            + "; located the message instead of resending it"))
                    .orElseGet(() -> Attempt.retry(unavailableWait, "the move answered HTTP " + ambiguous.statusCode()
                            + " and did not happen; trying again after a look"));
        } catch (MicrosoftNotFoundException notFound) {
            if (!"ErrorItemNotFound".equals(notFound.errorCode())) {
                throw notFound;
            }
            Optional<String> where = mailboxes.locateMessage(job.tenantId(), detection.mailboxId(), detection.messageId());
            return where.isEmpty() ? Attempt.gone("The message is no longer in the mailbox.") : null;
        }
    }

    /** Where an earlier attempt left the message, when that settles the item. */
    private Optional<Attempt> settledBefore(RemediationJob job, Detection detection, String destination) {
        Optional<String> where = mailboxes.locateMessage(job.tenantId(), detection.mailboxId(), detection.messageId());
        if (where.isEmpty()) {
            return Optional.of(Attempt.gone("The message is no longer in the mailbox."));
        }
        boolean arrived = job.action() == RemediationAction.REMOVE
                ? where.get().equals(destination)
                : !where.get().equals(detection.currentFolderId());
        return arrived ? Optional.of(Attempt.done(where.get())) : Optional.empty();
    }

    /**
     * The folder to move to: the mailbox's quarantine folder, or where the message came from. A
     * release moves the message by its immutable id, so it comes back from the hidden quarantine
     * folder and from a visible one of an older tenant alike.
     */
    private String destination(RemediationJob job, Detection detection) {
        if (job.action() == RemediationAction.RELEASE) {
            String origin = detection.folderId();
            return origin == null || origin.isBlank() ? "inbox" : origin;
        }
        Optional<String> remembered = jobs.quarantineFolder(job.accountId(), detection.mailboxId());
        if (remembered.isPresent()) {
            return remembered.get();
        }
        com.mailmoat.core.microsoft.MailFolder folder = mailboxes.ensureFolder(job.tenantId(), detection.mailboxId(),
                ScanPageProcessor.QUARANTINE_FOLDER);
        jobs.rememberQuarantineFolder(job.accountId(), detection.mailboxId(), folder.id());
        // A visible one (made before folders were created hidden) is used all the same: the administrator is told.
        jobs.sawQuarantineFolder(job.accountId(), detection.mailboxId(), detection.mailbox(), folder.visible(),
                clock.instant());
        return folder.id();
    }

    private ItemResult result(RemediationJob job, String detectionId, Detection detection, Attempt attempt) {
        Instant now = clock.instant();
        boolean done = attempt.outcome() == ItemOutcome.DONE;
        DetectionEvent event = new DetectionEvent(job.action().name(), attempt.outcome().name(), job.requestedBy(), now,
                job.jobId(), done ? attempt.folderId() : null, attempt.reason());
        return new ItemResult(job.accountId(), job.jobId(), detectionId, attempt.outcome(),
                detection == null ? "" : detection.mailbox(), detection == null ? "" : detection.subject(),
                attempt.reason(), done ? job.action().resultingStatus() : null, done ? attempt.folderId() : null,
                attempt.gone(), event, detection != null);
    }

    /** Which earlier Mailmoat job put the message where this job would have, when its trail says. */
    private static String alreadyDone(RemediationJob job, Detection detection) {
        String what = job.action() == RemediationAction.REMOVE
                ? "Mailmoat had already moved the message to quarantine"
                : "The message was no longer in quarantine";
        java.util.List<DetectionEvent> history = detection.trail().history();
        for (int i = history.size() - 1; i >= 0; i--) {
            DetectionEvent event = history.get(i);
            if (ItemOutcome.DONE.name().equals(event.outcome()) && !event.jobId().equals(job.jobId())) {
                String verb = RemediationAction.RELEASE.name().equals(event.action()) ? "released" : "moved";
                return what + ": another Mailmoat request (" + event.jobId() + ") " + verb + " it"
                        + (RemediationJob.POLICY.equals(event.by()) ? " by policy." : ".");
            }
        }
        return what + ".";
    }

    private static String mailboxFailure(MicrosoftException e) {
        return switch (e.errorCode()) {
            case "MailboxNotEnabledForRESTAPI" ->
                    "The user has no Exchange Online mailbox (no licence, or a shared or on-premises mailbox).";
            case "ErrorInvalidUser", "ResourceNotFound", "Request_ResourceNotFound" -> "The user no longer exists.";
            default -> "Microsoft could not find the mailbox" + (e.errorCode().isEmpty() ? "." : " (" + e.errorCode() + ").");
        };
    }

    private static String accessFailure(MicrosoftException e) {
        return switch (e.errorCode()) {
            case "ErrorAccessDenied" -> "Microsoft denied access to the mailbox: Mailmoat needs the Mail.ReadWrite "
                    + "permission (grant admin consent again).";
            default -> "Microsoft refused Mailmoat's access to the tenant (consent revoked?)"
                    + (e.errorCode().isEmpty() ? "." : " (" + e.errorCode() + ").");
        };
    }
}
