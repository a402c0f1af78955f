package com.mailmoat.core.scan;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftAccessRefusals;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Starts a Threat Scan: enumerates the tenant's mailboxes, creates the scan (at most one running per
 * account) with one cursor per mailbox, and queues the first page of every mailbox. A first or
 * manual scan covers the last 30 days; a scheduled one what arrived since the previous scan's
 * window ended (never more than 30 days), so consecutive scans neither overlap nor leave a gap. Safe to repeat
 * for the same request: the scan id is fixed by the request, creation is conditional, cursors are
 * only added, and first pages are queued once per cursor (a duplicate is dropped by the page's
 * version check).
 */
public final class ScanStarter {
    /** The window a Threat Scan covers. */
    public static final Duration WINDOW = Duration.ofDays(30);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What became of a request. */
    public sealed interface Outcome {
        /** The scan runs (started now, or continued after a redelivery). */
        record Started(String scanId) implements Outcome {
        }

        /** Another scan is running; the request joins it. */
        record Joined(String scanId) implements Outcome {
        }

        /** Nothing to scan for this request (no such account, or no tenant connected). */
        record Ignored(String reason) implements Outcome {
        }

        /**
         * Microsoft refused Mailmoat's access to the tenant (admin consent removed, the app deleted or disabled):
         * retrying cannot help until an administrator consents again, so the owner is told instead.
         */
        record AccessDenied(String errorCode) implements Outcome {
        }
    }

    private final AccountRepository accounts;
    private final MailboxGateway mailboxes;
    private final ScanRepository scans;
    private final ScanPageQueue pages;
    private final ScanFinisher finisher;
    private final Clock clock;
    private MicrosoftAccessRefusals refusals = MicrosoftAccessRefusals.NONE;

    public ScanStarter(AccountRepository accounts, MailboxGateway mailboxes, ScanRepository scans, ScanPageQueue pages,
                       ScanFinisher finisher, Clock clock) {
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.scans = scans;
        this.pages = pages;
        this.finisher = finisher;
        this.clock = clock;
    }

    /** Tells the account's owner when Microsoft refuses Mailmoat's access as a scan starts. */
    public ScanStarter withAccessRefusals(MicrosoftAccessRefusals told) {
        this.refusals = told;
        return this;
    }

    /** The id a request's scan gets: given by the requester, or derived from the request itself. */
    public static String scanIdFor(ScanRequest request) {
        if (request.scanId() != null && !request.scanId().isBlank()) {
            return request.scanId();
        }
        return newScanId(request.requestedAt(), request.accountId() + "|" + request.kind() + "|" + request.requestedAt());
    }

    /** A scan id that sorts by time: {@code 20261206T195000Z-1a2b3c4d}. */
    public static String newScanId(Instant at, String seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return ID_TIME.format(at) + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @throws com.mailmoat.core.microsoft.MicrosoftThrottledException when Microsoft asks to wait
     *         (the caller retries the request later)
     */
    public Outcome start(ScanRequest request) {
        Outcome outcome;
        try {
            outcome = startOrJoin(request);
        } catch (MicrosoftAccessDeniedException e) {
            outcome = accessDenied(request, e);
        }
        if (request.kind() == ScanKind.MANUAL && request.scanId() != null) {
            // The console answered with this id: say which scan it became, so asking for it finds one.
            String became = outcome instanceof Outcome.Started started ? started.scanId()
                    : outcome instanceof Outcome.Joined joined ? joined.scanId() : null;
            scans.requestHandled(request.accountId(), request.scanId(), became);
        }
        return outcome;
    }

    private Outcome accessDenied(ScanRequest request, MicrosoftAccessDeniedException e) {
        String stopped = request.kind() == ScanKind.SCHEDULED ? "the daily scan did not run" : "the Threat Scan did not run";
        return new Outcome.AccessDenied(refusals.tell(request.accountId(), stopped, e));
    }

    private Outcome startOrJoin(ScanRequest request) {
        Optional<Account> found = accounts.findById(request.accountId());
        if (found.isEmpty() || !found.get().isTenantLinked()) {
            return new Outcome.Ignored("account " + request.accountId() + " has no connected tenant");
        }
        Account account = found.get();
        String scanId = scanIdFor(request);
        Scan scan = scans.find(account.accountId(), scanId).orElse(null);
        List<Mailbox> boxes = null;
        if (scan == null) {
            Optional<Scan> running = scans.running(account.accountId());
            if (running.isPresent()) {
                return new Outcome.Joined(running.get().scanId());
            }
            Instant windowEnd = request.requestedAt();
            Instant windowStart = windowEnd.minus(WINDOW);
            if (request.kind() == ScanKind.SCHEDULED) {
                // A scheduled scan reads what arrived since the previous scan's window ended.
                Optional<Scan> previous = scans.recent(account.accountId(), 1).stream().findFirst();
                if (previous.isEmpty()) {
                    return new Outcome.Ignored("no previous scan of account " + account.accountId()
                            + ": its first Threat Scan covers the last 30 days");
                }
                Instant since = previous.get().windowEnd();
                windowStart = since.isAfter(windowStart) ? since : windowStart;
                if (!windowStart.isBefore(windowEnd)) {
                    return new Outcome.Ignored("nothing can have arrived since the previous scan's window ended at " + since);
                }
            }
            boxes = mailboxes.listMailboxes(account.tenantId());
            ScanRepository.Creation creation = scans.create(Scan.started(account.accountId(), scanId, account.tenantId(),
                    request.kind(), windowStart, windowEnd, clock.instant(), boxes.size()));
            if (creation instanceof ScanRepository.Creation.OtherRunning other) {
                return new Outcome.Joined(other.scanId());
            }
            scan = creation instanceof ScanRepository.Creation.Created created ? created.scan()
                    : ((ScanRepository.Creation.Exists) creation).scan();
        }
        if (scan.status().finished()) {
            return new Outcome.Started(scanId);
        }
        if (boxes == null) {
            boxes = mailboxes.listMailboxes(account.tenantId());
        }
        List<MailboxCursor> cursors = new ArrayList<>();
        for (Mailbox box : boxes) {
            cursors.add(MailboxCursor.start(account.accountId(), scanId, box.id(), box.mail(), box.displayName(),
                    scan.windowStart()));
        }
        scans.putCursorsIfAbsent(cursors);
        queueFirstPages(scan);
        finisher.finishIfComplete(account.accountId(), scanId);
        return new Outcome.Started(scanId);
    }

    private void queueFirstPages(Scan scan) {
        List<MailboxCursor> waiting = scans.cursors(scan.accountId(), scan.scanId()).stream()
                .filter(c -> !c.state().finished() && c.version() == 0 && c.enqueuedVersion() < 0)
                .toList();
        pages.enqueue(waiting.stream()
                .map(c -> new ScanPageWork(scan.accountId(), scan.scanId(), c.mailboxId(), 0))
                .toList());
        scans.markEnqueued(scan.accountId(), scan.scanId(), waiting.stream().map(MailboxCursor::mailboxId).toList(), 0);
    }
}
