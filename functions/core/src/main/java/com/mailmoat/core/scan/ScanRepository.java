package com.mailmoat.core.scan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stored scans and their per-mailbox cursors, each account's apart. The writes that two workers
 * can race on are conditional: at most one running scan per account, a page commits only from the
 * cursor version it read, so counters move once per page.
 */
public interface ScanRepository {

    /** What {@link #create} found. */
    sealed interface Creation {
        /** The scan was created now and holds the account's running-scan slot. */
        record Created(Scan scan) implements Creation {
        }

        /** A scan with this id exists already (a redelivered request). */
        record Exists(Scan scan) implements Creation {
        }

        /** Another scan is running; nothing was created. */
        record OtherRunning(String scanId) implements Creation {
        }
    }

    /** Creates the scan and claims the account's single running-scan slot, atomically. */
    Creation create(Scan scan);

    /** Stores cursors that do not exist yet; existing ones (a redelivered request) are left as they are. */
    void putCursorsIfAbsent(List<MailboxCursor> cursors);

    Optional<Scan> find(String accountId, String scanId);

    /** The account's running scan, if any. */
    Optional<Scan> running(String accountId);

    /** The account's scans, newest first. */
    List<Scan> recent(String accountId, int limit);

    Optional<MailboxCursor> cursor(String accountId, String scanId, String mailboxId);

    List<MailboxCursor> cursors(String accountId, String scanId);

    /**
     * A page's effect, applied in one conditional write: the cursor moves from {@code expectedVersion}
     * to {@code cursor} (whose version is one more) and the scan's counters grow by {@code counts} and
     * the mailbox and estimate deltas. A scan ended early takes them too: the page was in flight when it
     * ended and has written its detections, so its figures must count them (no later page is read).
     *
     * @return false when the cursor had moved on (the page was committed before); nothing changed then
     */
    boolean commitPage(PageCommit commit);

    /**
     * Records that {@code laterScanId} found again threats of {@code earlierScanId} still waiting for the
     * administrator, and so lists them now. Asking again changes nothing; an unknown earlier scan is ignored.
     */
    void recordFoundAgain(String accountId, String earlierScanId, String laterScanId);

    /** The later scans that took over threats of this scan (see {@link #recordFoundAgain}), oldest first. */
    List<String> foundAgainBy(String accountId, String scanId);

    /** Records that the work item for {@code version} is on the queue (only ever raises the mark). */
    void markEnqueued(String accountId, String scanId, String mailboxId, long version);

    /** {@link #markEnqueued(String, String, String, long)} for many mailboxes (a scan's first pages). */
    default void markEnqueued(String accountId, String scanId, List<String> mailboxIds, long version) {
        for (String mailboxId : mailboxIds) {
            markEnqueued(accountId, scanId, mailboxId, version);
        }
    }

    /**
     * Moves a running scan to {@code status} and frees the account's running-scan slot. COMPLETED
     * only succeeds when no mailbox remains.
     *
     * @return false when the scan was not running (or mailboxes remain, for COMPLETED)
     */
    boolean finish(String accountId, String scanId, ScanStatus status, Instant at);

    /** Stores the finished scan's report and when its notification was queued. */
    void saveReport(String accountId, String scanId, ScanReport report, Instant queuedAt);

    /**
     * Records that the administrator asked for a scan with id {@code scanId}, unless an earlier request
     * made after {@code waitingSince} is still waiting for the scan-start worker: then nothing is
     * recorded and that request's id is returned, so asking twice (a double click, a retry) starts one
     * scan and both callers learn its id.
     */
    Optional<String> recordRequest(String accountId, String scanId, Instant at, Instant waitingSince);

    /** The account's latest recorded request (see {@link #recordRequest}), if any. */
    Optional<RequestedScan> lastRequest(String accountId);

    /**
     * The scan-start worker handled the request {@code requestedScanId}: it became (or joined) the scan
     * {@code scanId}, or, when {@code scanId} is null, was not run. A later request has replaced it
     * when the ids differ; then nothing changes.
     */
    void requestHandled(String accountId, String requestedScanId, String scanId);

    /**
     * A scan the administrator asked for.
     *
     * @param scanId      the id the request was answered with
     * @param requestedAt when it was asked for
     * @param handled     whether the scan-start worker has handled it
     * @param startedAs   the scan it became or joined (another id when a scan was already starting),
     *                    null while waiting or when it was not run
     */
    record RequestedScan(String scanId, Instant requestedAt, boolean handled, String startedAs) {
    }

    /**
     * One page's commit.
     *
     * @param expectedVersion   the cursor version the page was read at
     * @param cursor            the cursor after the page (version = expected + 1)
     * @param counts            messages scanned and threats found on this page
     * @param mailboxFinished   the page finished the mailbox (DONE or SKIPPED)
     * @param estimatedMessages the mailbox's message count in the window, when this page learnt it (else -1)
     */
    record PageCommit(long expectedVersion, MailboxCursor cursor, ScanCounts counts, boolean mailboxFinished,
                      long estimatedMessages) {
    }
}
