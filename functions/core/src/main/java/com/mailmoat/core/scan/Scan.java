package com.mailmoat.core.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One Threat Scan of a tenant: every message its mailboxes received in {@code [windowStart,
 * windowEnd)}, read mailbox by mailbox, page by page. Counters only ever move through a page's
 * one conditional write, so they are exact however often pages are redelivered.
 *
 * @param mailboxesTotal     mailboxes found when the scan started
 * @param mailboxesDone      mailboxes read to the end
 * @param mailboxesSkipped   mailboxes that could not be read (see their cursors' reasons)
 * @param messagesEstimated  messages Graph counted in the window, summed over the mailboxes that
 *                           reported a count so far ({@code mailboxesEstimated} of them)
 * @param report             the figures of the report, fixed when the scan finished
 * @param reportQueuedAt     when the report notification was handed to the notifications queue
 */
public record Scan(String accountId, String scanId, String tenantId, ScanKind kind, ScanStatus status,
                   Instant windowStart, Instant windowEnd, Instant startedAt, Instant finishedAt,
                   int mailboxesTotal, int mailboxesDone, int mailboxesSkipped, int mailboxesEstimated,
                   long messagesEstimated, ScanCounts counts, ScanReport report, Instant reportQueuedAt) {

    public Scan {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(scanId, "scanId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        counts = counts == null ? ScanCounts.NONE : counts;
    }

    /** A new running scan with nothing read yet. */
    public static Scan started(String accountId, String scanId, String tenantId, ScanKind kind, Instant windowStart,
                               Instant windowEnd, Instant now, int mailboxes) {
        return new Scan(accountId, scanId, tenantId, kind, ScanStatus.RUNNING, windowStart, windowEnd, now, null,
                mailboxes, 0, 0, 0, 0, ScanCounts.NONE, null, null);
    }

    public int mailboxesRemaining() {
        return mailboxesTotal - mailboxesDone - mailboxesSkipped;
    }

    /**
     * About how many messages the window holds: Graph's counts, and until every readable mailbox has
     * reported one, their average for each mailbox still to report (never fewer than already read).
     * 0 before any count.
     */
    public long messagesExpected() {
        if (mailboxesEstimated <= 0 || messagesEstimated <= 0) {
            return 0;
        }
        int readable = Math.max(mailboxesEstimated, mailboxesTotal - mailboxesSkipped);
        long expected = Math.round((double) messagesEstimated * readable / mailboxesEstimated);
        return Math.max(expected, counts.messagesScanned());
    }

    /**
     * How far the scan is, 0..100: messages read of {@link #messagesExpected()} once a mailbox has
     * reported its count (so the percentage and "N of about M messages" agree), by mailboxes until then.
     * 100 only when completed; a scan ended early says how far it got (0 when it read nothing).
     */
    public int percent() {
        if (status == ScanStatus.COMPLETED) {
            return 100;
        }
        if (mailboxesTotal == 0) {
            return 0;
        }
        long expected = messagesExpected();
        double fraction = expected > 0 ? (double) counts.messagesScanned() / expected
                : (double) (mailboxesDone + mailboxesSkipped) / mailboxesTotal;
        int most = status.finished() ? 100 : 99;
        return (int) Math.max(0, Math.min(most, Math.floor(fraction * 100)));
    }

    /** Seconds left at the pace so far; empty before there is a pace, or when finished. */
    public Optional<Long> etaSeconds(Instant now) {
        int percent = percent();
        if (status.finished() || percent <= 0 || startedAt == null) {
            return Optional.empty();
        }
        long elapsed = Math.max(1, Duration.between(startedAt, now).toSeconds());
        return Optional.of(Math.max(1, Math.round(elapsed * (100.0 - percent) / percent)));
    }
}
