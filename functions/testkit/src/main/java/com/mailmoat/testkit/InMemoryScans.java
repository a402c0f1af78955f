package com.mailmoat.testkit;

import com.mailmoat.core.scan.CursorState;
import com.mailmoat.core.scan.MailboxCursor;
import com.mailmoat.core.scan.Scan;
import com.mailmoat.core.scan.ScanCounts;
import com.mailmoat.core.scan.ScanReport;
import com.mailmoat.core.scan.ScanRepository;
import com.mailmoat.core.scan.ScanStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Scans in memory, with the DynamoDB store's conditions (one running per account, versioned pages). */
public final class InMemoryScans implements ScanRepository {
    private final Map<String, Scan> scans = new HashMap<>();
    private final Map<String, String> running = new HashMap<>();
    private final Map<String, MailboxCursor> cursors = new HashMap<>();
    private final Map<String, java.util.SortedSet<String>> foundAgain = new HashMap<>();
    private final Map<String, RequestedScan> requests = new HashMap<>();
    public int commits;

    private static String key(String accountId, String id) {
        return accountId + "\n" + id;
    }

    @Override
    public synchronized Creation create(Scan scan) {
        Scan existing = scans.get(key(scan.accountId(), scan.scanId()));
        if (existing != null) {
            return new Creation.Exists(existing);
        }
        String other = running.get(scan.accountId());
        if (other != null) {
            return new Creation.OtherRunning(other);
        }
        scans.put(key(scan.accountId(), scan.scanId()), scan);
        running.put(scan.accountId(), scan.scanId());
        return new Creation.Created(scan);
    }

    @Override
    public synchronized void putCursorsIfAbsent(List<MailboxCursor> list) {
        list.forEach(c -> cursors.putIfAbsent(key(c.accountId(), c.scanId() + "\n" + c.mailboxId()), c));
    }

    @Override
    public synchronized Optional<Scan> find(String accountId, String scanId) {
        return Optional.ofNullable(scans.get(key(accountId, scanId)));
    }

    @Override
    public synchronized Optional<Scan> running(String accountId) {
        return Optional.ofNullable(running.get(accountId)).flatMap(id -> find(accountId, id));
    }

    @Override
    public synchronized List<Scan> recent(String accountId, int limit) {
        return scans.values().stream().filter(s -> s.accountId().equals(accountId))
                .sorted(Comparator.comparing(Scan::scanId).reversed()).limit(limit).toList();
    }

    @Override
    public synchronized Optional<MailboxCursor> cursor(String accountId, String scanId, String mailboxId) {
        return Optional.ofNullable(cursors.get(key(accountId, scanId + "\n" + mailboxId)));
    }

    @Override
    public synchronized List<MailboxCursor> cursors(String accountId, String scanId) {
        List<MailboxCursor> list = new ArrayList<>();
        cursors.values().stream().filter(c -> c.accountId().equals(accountId) && c.scanId().equals(scanId))
                .sorted(Comparator.comparing(MailboxCursor::mailboxId)).forEach(list::add);
        return list;
    }

    @Override
    public synchronized boolean commitPage(PageCommit commit) {
        MailboxCursor next = commit.cursor();
        String cursorKey = key(next.accountId(), next.scanId() + "\n" + next.mailboxId());
        MailboxCursor current = cursors.get(cursorKey);
        Scan scan = scans.get(key(next.accountId(), next.scanId()));
        // A scan ended early still takes the figures of a page that was in flight: its detections exist.
        if (current == null || current.version() != commit.expectedVersion() || scan == null) {
            return false;
        }
        cursors.put(cursorKey, new MailboxCursor(next.accountId(), next.scanId(), next.mailboxId(), next.address(),
                next.displayName(), next.state(), next.position(), next.seen(), next.version(), current.enqueuedVersion(),
                next.messagesScanned(), next.messagesEstimated(), next.skipReason(), next.excludedFolderId()));
        boolean skipped = next.state() == CursorState.SKIPPED;
        int done = commit.mailboxFinished() && !skipped ? 1 : 0;
        int skip = commit.mailboxFinished() && skipped ? 1 : 0;
        boolean estimated = commit.estimatedMessages() >= 0;
        scans.put(key(scan.accountId(), scan.scanId()), new Scan(scan.accountId(), scan.scanId(), scan.tenantId(),
                scan.kind(), scan.status(), scan.windowStart(), scan.windowEnd(), scan.startedAt(), scan.finishedAt(),
                scan.mailboxesTotal(), scan.mailboxesDone() + done, scan.mailboxesSkipped() + skip,
                scan.mailboxesEstimated() + (estimated ? 1 : 0),
                scan.messagesEstimated() + (estimated ? commit.estimatedMessages() : 0),
                scan.counts().plus(commit.counts()), scan.report(), scan.reportQueuedAt()));
        commits++;
        return true;
    }

    @Override
    public synchronized void recordFoundAgain(String accountId, String earlierScanId, String laterScanId) {
        if (scans.containsKey(key(accountId, earlierScanId))) {
            foundAgain.computeIfAbsent(key(accountId, earlierScanId), k -> new java.util.TreeSet<>()).add(laterScanId);
        }
    }

    @Override
    public synchronized List<String> foundAgainBy(String accountId, String scanId) {
        return List.copyOf(foundAgain.getOrDefault(key(accountId, scanId), new java.util.TreeSet<>()));
    }

    @Override
    public synchronized void markEnqueued(String accountId, String scanId, String mailboxId, long version) {
        String cursorKey = key(accountId, scanId + "\n" + mailboxId);
        MailboxCursor c = cursors.get(cursorKey);
        if (c != null && c.enqueuedVersion() < version) {
            cursors.put(cursorKey, new MailboxCursor(c.accountId(), c.scanId(), c.mailboxId(), c.address(),
                    c.displayName(), c.state(), c.position(), c.seen(), c.version(), version, c.messagesScanned(),
                    c.messagesEstimated(), c.skipReason(), c.excludedFolderId()));
        }
    }

    @Override
    public synchronized boolean finish(String accountId, String scanId, ScanStatus status, Instant at) {
        Scan scan = scans.get(key(accountId, scanId));
        if (scan == null || scan.status() != ScanStatus.RUNNING
                || (status == ScanStatus.COMPLETED && scan.mailboxesRemaining() > 0)) {
            return false;
        }
        scans.put(key(accountId, scanId), with(scan, status, at, scan.report(), scan.reportQueuedAt()));
        running.remove(accountId, scanId);
        return true;
    }

    @Override
    public synchronized void saveReport(String accountId, String scanId, ScanReport report, Instant queuedAt) {
        Scan scan = scans.get(key(accountId, scanId));
        scans.put(key(accountId, scanId), with(scan, scan.status(), scan.finishedAt(), report, queuedAt));
    }

    private static Scan with(Scan s, ScanStatus status, Instant finishedAt, ScanReport report, Instant queuedAt) {
        return new Scan(s.accountId(), s.scanId(), s.tenantId(), s.kind(), status, s.windowStart(), s.windowEnd(),
                s.startedAt(), finishedAt, s.mailboxesTotal(), s.mailboxesDone(), s.mailboxesSkipped(),
                s.mailboxesEstimated(), s.messagesEstimated(), s.counts() == null ? ScanCounts.NONE : s.counts(),
                report, queuedAt);
    }

    @Override
    public synchronized Optional<String> recordRequest(String accountId, String scanId, Instant at, Instant waitingSince) {
        RequestedScan last = requests.get(accountId);
        if (last != null && !last.handled() && last.requestedAt().isAfter(waitingSince)) {
            return Optional.of(last.scanId());
        }
        requests.put(accountId, new RequestedScan(scanId, at, false, null));
        return Optional.empty();
    }

    @Override
    public synchronized Optional<RequestedScan> lastRequest(String accountId) {
        return Optional.ofNullable(requests.get(accountId));
    }

    @Override
    public synchronized void requestHandled(String accountId, String requestedScanId, String scanId) {
        RequestedScan last = requests.get(accountId);
        if (last != null && last.scanId().equals(requestedScanId)) {
            requests.put(accountId, new RequestedScan(last.scanId(), last.requestedAt(), true, scanId));
        }
    }
}
