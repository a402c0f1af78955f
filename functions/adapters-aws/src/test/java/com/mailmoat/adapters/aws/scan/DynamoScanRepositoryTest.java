package com.mailmoat.adapters.aws.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.scan.CursorState;
import com.mailmoat.core.scan.MailboxCursor;
import com.mailmoat.core.scan.Scan;
import com.mailmoat.core.scan.ScanCounts;
import com.mailmoat.core.scan.ScanKind;
import com.mailmoat.core.scan.ScanReport;
import com.mailmoat.core.scan.ScanRepository;
import com.mailmoat.core.scan.ScanStatus;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scans, cursors and the running-scan slot against DynamoDB Local: the conditions the scan's exactness rests on. */
class DynamoScanRepositoryTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static String table;
    private static ExecutorService threads;
    private final DynamoScanRepository scans = new DynamoScanRepository(LocalDynamoDb.client(), table);

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("ScansTable");
        threads = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
    }

    private static String unique(String name) {
        return name + "-" + System.nanoTime();
    }

    private static Scan scan(String account, String id, int mailboxes) {
        return Scan.started(account, id, "tenant-1", ScanKind.FIRST, NOW.minus(Duration.ofDays(30)), NOW, NOW, mailboxes);
    }

    private static MailboxCursor advanced(MailboxCursor c, CursorState state, long scanned, Map<String, Instant> seen) {
        return new MailboxCursor(c.accountId(), c.scanId(), c.mailboxId(), c.address(), c.displayName(), state,
                NOW.minus(Duration.ofDays(1)), seen, c.version() + 1, c.enqueuedVersion(), c.messagesScanned() + scanned,
                40, null, "quarantine-folder");
    }

    @Test
    void aRequestWaitingToStartAnswersForTheNextUntilHandledOrStaleAndConcurrentAsksRecordOne() throws Exception {
        String account = unique("acct");
        Instant staleBefore = NOW.minus(Duration.ofMinutes(10));
        List<Future<Optional<String>>> asks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "r" + i;
            asks.add(threads.submit(() -> scans.recordRequest(account, id, NOW, staleBefore)));
        }
        List<Optional<String>> answers = new ArrayList<>();
        for (Future<Optional<String>> ask : asks) {
            answers.add(ask.get());
        }
        assertThat(answers).as("exactly one request recorded").filteredOn(Optional::isEmpty).hasSize(1);
        String recorded = scans.lastRequest(account).orElseThrow().scanId();
        assertThat(answers).filteredOn(Optional::isPresent).extracting(Optional::get).containsOnly(recorded);

        scans.requestHandled(account, "not-the-recorded-one", "x");
        assertThat(scans.lastRequest(account).orElseThrow().handled()).as("another id changes nothing").isFalse();
        scans.requestHandled(account, recorded, "s9");
        assertThat(scans.lastRequest(account)).contains(new ScanRepository.RequestedScan(recorded, NOW, true, "s9"));
        assertThat(scans.recordRequest(account, "next", NOW.plusSeconds(5), staleBefore)).as("handled: a new one records").isEmpty();
        assertThat(scans.recordRequest(account, "after", NOW.plus(Duration.ofMinutes(11)), NOW.plusSeconds(5)))
                .as("a request never picked up goes stale").isEmpty();
        scans.requestHandled(account, "after", null);
        assertThat(scans.lastRequest(account).orElseThrow().startedAs()).as("not run").isNull();
    }

    @Test
    void oneRunningScanPerAccountAndARepeatedCreateFindsTheSameScan() {
        String account = unique("acct");
        assertThat(scans.create(scan(account, "s1", 2))).isInstanceOf(ScanRepository.Creation.Created.class);
        assertThat(scans.create(scan(account, "s1", 2))).isInstanceOf(ScanRepository.Creation.Exists.class);
        assertThat(scans.create(scan(account, "s2", 2))).isEqualTo(new ScanRepository.Creation.OtherRunning("s1"));
        assertThat(scans.running(account)).get().extracting(Scan::scanId).isEqualTo("s1");
        assertThat(scans.create(scan(unique("other"), "s2", 1))).isInstanceOf(ScanRepository.Creation.Created.class);
    }

    @Test
    void aPageCommitsOnceFromTheVersionItReadAndCountersAddUp() throws Exception {
        String account = unique("acct");
        scans.create(scan(account, "s1", 2));
        MailboxCursor start = MailboxCursor.start(account, "s1", "mbx-1", "adele@contoso.example", "Adele", NOW.minus(Duration.ofDays(30)));
        scans.putCursorsIfAbsent(List.of(start, MailboxCursor.start(account, "s1", "mbx-2", "ben@contoso.example", "Ben", NOW)));
        MailboxCursor next = advanced(start, CursorState.READING, 5, Map.of("AAMkImmutable==", NOW.minus(Duration.ofDays(1))));
        ScanRepository.PageCommit commit = new ScanRepository.PageCommit(0, next,
                new ScanCounts(5, 2, Map.of("MALICIOUS", 1L, "SUSPICIOUS", 1L), Map.of("PHISHING", 2L)), false, 40);

        // The same page delivered to eight workers at once commits exactly once.
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(threads.submit((Callable<Boolean>) () -> scans.commitPage(commit)));
        }
        int committed = 0;
        for (Future<Boolean> attempt : attempts) {
            committed += attempt.get() ? 1 : 0;
        }
        assertThat(committed).isEqualTo(1);

        Scan scan = scans.find(account, "s1").orElseThrow();
        assertThat(scan.counts()).isEqualTo(new ScanCounts(5, 2, Map.of("MALICIOUS", 1L, "SUSPICIOUS", 1L), Map.of("PHISHING", 2L)));
        assertThat(scan.mailboxesEstimated()).isEqualTo(1);
        assertThat(scan.messagesEstimated()).isEqualTo(40);
        MailboxCursor stored = scans.cursor(account, "s1", "mbx-1").orElseThrow();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.seen()).containsOnlyKeys("AAMkImmutable==");
        assertThat(stored.excludedFolderId()).isEqualTo("quarantine-folder");
        assertThat(scans.cursors(account, "s1")).hasSize(2);
    }

    @Test
    void theScanCompletesOnlyWhenNoMailboxRemainsAndThenFreesTheSlot() {
        String account = unique("acct");
        scans.create(scan(account, "s1", 1));
        MailboxCursor start = MailboxCursor.start(account, "s1", "mbx-1", "a@contoso.example", "A", NOW.minus(Duration.ofDays(30)));
        scans.putCursorsIfAbsent(List.of(start));
        assertThat(scans.finish(account, "s1", ScanStatus.COMPLETED, NOW)).isFalse();

        assertThat(scans.commitPage(new ScanRepository.PageCommit(0, advanced(start, CursorState.DONE, 3, Map.of()),
                new ScanCounts(3, 0, Map.of(), Map.of()), true, -1))).isTrue();
        assertThat(scans.finish(account, "s1", ScanStatus.COMPLETED, NOW)).isTrue();
        assertThat(scans.finish(account, "s1", ScanStatus.ENDED_EARLY, NOW)).isFalse();
        assertThat(scans.running(account)).isEmpty();
        Scan done = scans.find(account, "s1").orElseThrow();
        assertThat(done.status()).isEqualTo(ScanStatus.COMPLETED);
        assertThat(done.mailboxesDone()).isEqualTo(1);
        assertThat(done.percent()).isEqualTo(100);
        assertThat(scans.create(scan(account, "s2", 1))).isInstanceOf(ScanRepository.Creation.Created.class);
    }

    @Test
    void aPageInFlightWhenTheScanEndedEarlyStillCountsOnceAndTheReportIsKept() {
        String account = unique("acct");
        scans.create(scan(account, "s1", 1));
        MailboxCursor start = MailboxCursor.start(account, "s1", "mbx-1", "a@contoso.example", "A", NOW.minus(Duration.ofDays(30)));
        scans.putCursorsIfAbsent(List.of(start));
        assertThat(scans.finish(account, "s1", ScanStatus.ENDED_EARLY, NOW)).isTrue();
        ScanRepository.PageCommit late = new ScanRepository.PageCommit(0, advanced(start, CursorState.READING, 9, Map.of()),
                new ScanCounts(9, 1, Map.of("MALICIOUS", 1L), Map.of("MALWARE", 1L)), false, -1);
        assertThat(scans.commitPage(late)).as("its detections are written: its figures must count").isTrue();
        assertThat(scans.commitPage(late)).as("a redelivery counts nothing twice").isFalse();
        Scan ended = scans.find(account, "s1").orElseThrow();
        assertThat(ended.status()).isEqualTo(ScanStatus.ENDED_EARLY);
        assertThat(ended.counts().messagesScanned()).isEqualTo(9);
        assertThat(ended.counts().threatsFound()).isEqualTo(1);
        assertThat(ended.counts().byLevel()).containsEntry("MALICIOUS", 1L);
        assertThat(scans.running(account)).isEmpty();

        ScanReport report = new ScanReport(0, 0, Map.of(), Map.of(), List.of(new ScanReport.Tally("a@contoso.example", 2)),
                List.of(), List.of(), Map.of(LocalDate.parse("2026-11-30"), 2L), 1);
        scans.saveReport(account, "s1", report, NOW);
        Scan stored = scans.find(account, "s1").orElseThrow();
        assertThat(stored.report()).isEqualTo(report);
        assertThat(stored.reportQueuedAt()).isEqualTo(NOW);
    }

    @Test
    void markEnqueuedOnlyRaisesTheMarkAndRepeatedCursorsKeepTheirProgress() {
        String account = unique("acct");
        scans.create(scan(account, "s1", 1));
        MailboxCursor start = MailboxCursor.start(account, "s1", "mbx-1", "a@contoso.example", "A", NOW.minus(Duration.ofDays(30)));
        scans.putCursorsIfAbsent(List.of(start));
        scans.markEnqueued(account, "s1", "mbx-1", 3);
        scans.markEnqueued(account, "s1", "mbx-1", 1);
        assertThat(scans.cursor(account, "s1", "mbx-1").orElseThrow().enqueuedVersion()).isEqualTo(3);
        scans.putCursorsIfAbsent(List.of(start));
        assertThat(scans.cursor(account, "s1", "mbx-1").orElseThrow().enqueuedVersion()).isEqualTo(3);
        assertThat(scans.recent(account, 5)).extracting(Scan::scanId).containsExactly("s1");
    }

    @Test
    void aLargeTenantsCursorsAreAllWrittenAndMarkedAndARepeatedStartKeepsTheirProgress() {
        String account = unique("acct");
        scans.create(scan(account, "s1", 300));
        List<MailboxCursor> cursors = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            cursors.add(MailboxCursor.start(account, "s1", "mbx-" + i, "user" + i + "@contoso.example", "User " + i,
                    NOW.minus(Duration.ofDays(30))));
        }
        scans.putCursorsIfAbsent(cursors);
        MailboxCursor progressed = advanced(scans.cursor(account, "s1", "mbx-7").orElseThrow(), CursorState.READING, 50, Map.of());
        assertThat(scans.commitPage(new ScanRepository.PageCommit(0, progressed, new ScanCounts(50, 0, Map.of(), Map.of()),
                false, 40))).isTrue();

        scans.markEnqueued(account, "s1", cursors.stream().map(MailboxCursor::mailboxId).toList(), 0);
        scans.putCursorsIfAbsent(cursors);

        List<MailboxCursor> stored = scans.cursors(account, "s1");
        assertThat(stored).hasSize(300).allSatisfy(c -> assertThat(c.enqueuedVersion()).isZero());
        assertThat(scans.cursor(account, "s1", "mbx-7").orElseThrow().messagesScanned()).isEqualTo(50);
    }

    @Test
    void anEarlierScanRemembersWhichLaterScansTookOverItsThreats() {
        String account = unique("acct");
        scans.create(scan(account, "s1", 1));
        assertThat(scans.foundAgainBy(account, "s1")).isEmpty();
        scans.recordFoundAgain(account, "s1", "s3");
        scans.recordFoundAgain(account, "s1", "s2");
        scans.recordFoundAgain(account, "s1", "s3");
        scans.recordFoundAgain(account, "no-such-scan", "s3");
        assertThat(scans.foundAgainBy(account, "s1")).containsExactly("s2", "s3");
        assertThat(scans.find(account, "no-such-scan")).isEmpty();
    }
}
