package com.mailmoat.core.scan;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import java.time.Clock;
import java.util.Optional;

/**
 * Ends scans and sends each scan's report exactly once: the report notification's id is derived
 * from the scan, so however many workers (or a retried request) queue it, one email and one
 * in-app notice result.
 */
public final class ScanFinisher {
    private final ScanRepository scans;
    private final DetectionRepository detections;
    private final AccountRepository accounts;
    private final NotificationQueue notifications;
    private final Clock clock;
    private final String consoleUrl;

    public ScanFinisher(ScanRepository scans, DetectionRepository detections, AccountRepository accounts,
                        NotificationQueue notifications, Clock clock, String consoleUrl) {
        this.scans = scans;
        this.detections = detections;
        this.accounts = accounts;
        this.notifications = notifications;
        this.clock = clock;
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
    }

    /** Completes the scan when no mailbox remains, and makes sure a finished scan's report went out. */
    public void finishIfComplete(String accountId, String scanId) {
        Optional<Scan> found = scans.find(accountId, scanId);
        if (found.isEmpty()) {
            return;
        }
        Scan scan = found.get();
        if (scan.status() == ScanStatus.RUNNING && scan.mailboxesRemaining() <= 0) {
            scans.finish(accountId, scanId, ScanStatus.COMPLETED, clock.instant());
            scan = scans.find(accountId, scanId).orElseThrow();
        }
        if (scan.status() == ScanStatus.COMPLETED || scan.status() == ScanStatus.ENDED_EARLY && !pagesPending(scan)) {
            sendReportOnce(scan);
        }
    }

    /**
     * A page of the scan may still commit: its work item was queued for the cursor's current version and
     * has not come up since. Pages in flight when a scan ends early still count (their detections are
     * written), so its report waits for them: each one, committed or dropped, moves its cursor on.
     */
    private boolean pagesPending(Scan scan) {
        return scans.cursors(scan.accountId(), scan.scanId()).stream()
                .anyMatch(c -> !c.state().finished() && c.enqueuedVersion() >= c.version());
    }

    /** What {@link #endEarly} did. */
    public enum EndOutcome { ENDED, NOT_FOUND, ALREADY_FINISHED }

    /**
     * Ends a running scan: no further page is read (queued pages are dropped as they come up), pages
     * already in flight still add what they read and found, and the report, which covers all of it, goes
     * out once none is pending (at once when none is).
     */
    public EndOutcome endEarly(String accountId, String scanId) {
        Optional<Scan> found = scans.find(accountId, scanId);
        if (found.isEmpty()) {
            return EndOutcome.NOT_FOUND;
        }
        boolean ended = scans.finish(accountId, scanId, ScanStatus.ENDED_EARLY, clock.instant());
        // A report lost to a crash between finishing and queueing goes out on the next attempt.
        finishIfComplete(accountId, scanId);
        return ended ? EndOutcome.ENDED : EndOutcome.ALREADY_FINISHED;
    }

    private void sendReportOnce(Scan scan) {
        if (scan.reportQueuedAt() != null) {
            return;
        }
        ScanReport report = ScanReport.of(scan, detections.forScan(scan.accountId(), scan.scanId()));
        Optional<Account> account = accounts.findById(scan.accountId());
        boolean email = scan.kind() != ScanKind.SCHEDULED || report.threatsFound() > 0;
        // A scan of a tenant the account has since been disconnected from reports to nobody: its links
        // lead nowhere, and what it found is being erased.
        if (account.isPresent() && scan.tenantId().equals(account.get().tenantId())) {
            notifications.enqueue(new NotificationRequest("scan-report-" + scan.scanId(), scan.accountId(),
                    email ? NotificationKind.THREAT_SCAN_REPORT : NotificationKind.THREAT_SCAN_COMPLETE_NOTICE,
                    account.get().email(), ScanReportParams.of(scan, report, consoleUrl, account.get().tenantDomains()), clock.instant()));
        }
        scans.saveReport(scan.accountId(), scan.scanId(), report, clock.instant());
    }
}
