package com.mailmoat.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.detection.Assessment;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.MessageInspector;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.remediation.RemediationAction;
import com.mailmoat.core.remediation.RemediationRequests;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.testkit.InMemoryRemediations;
import com.mailmoat.testkit.RecordingRemediationQueue;
import com.mailmoat.testkit.FakeInspector;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryLearning;
import com.mailmoat.testkit.InMemoryScans;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingScanPages;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Threat Scan's exactness rules, with Microsoft and storage faked at the ports. */
class ThreatScanTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String ACCOUNT = "acct-1";

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryScans scans = new InMemoryScans();
    private final InMemoryDetections detections = new InMemoryDetections();
    private final FakeMailboxes mail = new FakeMailboxes();
    private final RecordingScanPages pages = new RecordingScanPages();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final ScanFinisher finisher = new ScanFinisher(scans, detections, accounts, notifications, clock,
            "https://console.mailmoat.example/");
    private final ScanStarter starter = new ScanStarter(accounts, mail, scans, pages, finisher, clock);
    private PageHook hook = PageHook.NONE;
    private MessageInspector inspector = new FakeInspector();
    private ScanPageProcessor processor;
    private int inWindow;
    private int threatsPlanted;

    @BeforeEach
    void aTenantWithMail() {
        Account account = Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, NOW)
                .withTenant(FakeMicrosoft.TENANT, List.of("contoso.example"));
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, NOW));
        accounts.linkTenant(account.withVersion(1));
        Random random = new Random(42);
        for (String address : List.of("adele@contoso.example", "ben@contoso.example", "cara@contoso.example")) {
            Mailbox box = mail.addMailbox(address);
            for (int i = 0; i < 37; i++) {
                // Whole seconds, several messages per second: keyset ties on every page.
                Instant received = NOW.minus(Duration.ofDays(29)).plusSeconds(3600L * (i / 3));
                String body = i % 7 == 0 ? "MALWARE" : i % 5 == 0 ? "PHISH" : "hello";
                mail.deliver(box.id(), received, body);
                inWindow++;
                threatsPlanted += body.equals("hello") ? 0 : 1;
            }
            mail.deliver(box.id(), NOW.minus(Duration.ofDays(31)), "MALWARE from before the window");
            mail.deliver(box.id(), NOW.plusSeconds(60), "MALWARE after the scan started");
        }
        Mailbox unlicensed = mail.addMailbox("shared@contoso.example");
        mail.deliver(unlicensed.id(), NOW.minus(Duration.ofDays(1)), "MALWARE");
        mail.makeUnreadable(unlicensed.id());
        processor = processor(5);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private ScanPageProcessor processor(int pageSize) {
        return new ScanPageProcessor(scans, accounts, mail, (mime, tenant) -> inspector.inspect(mime, tenant), detections,
                new TenantProfiles(new FakeMicrosoft(), clock, Duration.ofMinutes(15)), pages, finisher, pool, pageSize,
                4, clock, (work, tenant, written) -> hook.beforeCommit(work, tenant, written));
    }

    private String startScan() {
        ScanStarter.Outcome outcome = starter.start(new ScanRequest(ScanKind.FIRST, ACCOUNT, FakeMicrosoft.TENANT, NOW, null));
        return ((ScanStarter.Outcome.Started) outcome).scanId();
    }

    /** Runs queued pages until none is left; a page that throws or asks to wait goes back on the queue. */
    private int drain(int maxSteps) {
        int steps = 0;
        ScanPageWork work;
        // Polls no item it will not run: a queue does not lose work items.
        while (steps < maxSteps && (work = pages.poll()) != null) {
            steps++;
            try {
                if (processor.process(work) instanceof ScanPageProcessor.Outcome.RetryAfter) {
                    pages.queue.add(work);
                }
            } catch (RuntimeException crashed) {
                pages.queue.add(work);
            }
        }
        return steps;
    }

    private Scan scan(String id) {
        return scans.find(ACCOUNT, id).orElseThrow();
    }

    @Test
    void everyMessageInTheWindowIsScannedOnceAndEveryThreatRecordedOnce() {
        String id = startScan();
        drain(10_000);

        Scan scan = scan(id);
        assertThat(scan.status()).isEqualTo(ScanStatus.COMPLETED);
        assertThat(scan.counts().messagesScanned()).isEqualTo(inWindow);
        assertThat(scan.counts().threatsFound()).isEqualTo(threatsPlanted);
        assertThat(detections.forScan(ACCOUNT, id)).hasSize(threatsPlanted)
                .allSatisfy(d -> assertThat(d.receivedAt()).isBefore(NOW).isAfter(NOW.minus(Duration.ofDays(30))));
        assertThat(scan.counts().byLevel()).containsKeys("MALICIOUS", "SUSPICIOUS");
        assertThat(scan.mailboxesDone()).isEqualTo(3);
        assertThat(scan.mailboxesSkipped()).isEqualTo(1);
        assertThat(scans.cursors(ACCOUNT, id)).filteredOn(c -> c.state() == CursorState.SKIPPED).singleElement()
                .satisfies(c -> assertThat(c.skipReason()).contains("no Exchange Online mailbox"));
        assertThat(notifications.ofKind(NotificationKind.THREAT_SCAN_REPORT)).singleElement().satisfies(report -> {
            assertThat(report.notificationId()).isEqualTo("scan-report-" + id);
            assertThat(report.params()).containsEntry("messagesScanned", String.valueOf(inWindow))
                    .containsEntry("threatsFound", String.valueOf(threatsPlanted));
        });
        assertThat(scan.report()).isNotNull();
        assertThat(scan.percent()).isEqualTo(100);
    }

    @Test
    void throttlingRedeliveriesAndCrashesBeforeTheCursorWriteChangeNothing() {
        mail.throttle = 0.3;
        AtomicInteger crashes = new AtomicInteger(4);
        hook = (work, tenant, written) -> {
            if (written > 0 && crashes.getAndDecrement() > 0) {
                throw new IllegalStateException("crash after recording detections");
            }
        };
        String id = startScan();
        // Every work item is also delivered a second time, as SQS may.
        ScanPageWork work;
        int steps = 0;
        while ((work = pages.poll()) != null && steps++ < 50_000) {
            for (int delivery = 0; delivery < 2; delivery++) {
                try {
                    if (processor.process(work) instanceof ScanPageProcessor.Outcome.RetryAfter) {
                        pages.queue.add(work);
                        break;
                    }
                } catch (RuntimeException crashed) {
                    pages.queue.add(work);
                    break;
                }
            }
        }
        assertThat(crashes.get()).isNegative();
        Scan scan = scan(id);
        assertThat(scan.status()).isEqualTo(ScanStatus.COMPLETED);
        assertThat(scan.counts().messagesScanned()).isEqualTo(inWindow);
        assertThat(scan.counts().threatsFound()).isEqualTo(threatsPlanted);
        assertThat(detections.forScan(ACCOUNT, id)).hasSize(threatsPlanted);
        assertThat(notifications.ofKind(NotificationKind.THREAT_SCAN_REPORT)).hasSize(1);
    }

    @Test
    void batchedFetchesUnderThrottlingWithRedeliveriesCountEveryMessageOnce() {
        mail.throttle = 0.3;
        processor = processor(12).withMimeBatch(5);
        String id = startScan();
        ScanPageWork work;
        int steps = 0;
        while ((work = pages.poll()) != null && steps++ < 50_000) {
            for (int delivery = 0; delivery < 2; delivery++) {
                if (processor.process(work) instanceof ScanPageProcessor.Outcome.RetryAfter) {
                    pages.queue.add(work);
                    break;
                }
            }
        }
        Scan scan = scan(id);
        assertThat(scan.status()).isEqualTo(ScanStatus.COMPLETED);
        assertThat(scan.counts().messagesScanned()).isEqualTo(inWindow);
        assertThat(scan.counts().threatsFound()).isEqualTo(threatsPlanted);
        assertThat(detections.forScan(ACCOUNT, id)).hasSize(threatsPlanted);
    }

    @Test
    void mailMovedDeletedAndDeliveredWhileScannedIsCountedOnceIfItStayedAndNeverTwice() {
        Random churn = new Random(16);
        java.util.Set<String> deleted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> delivered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> moved = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Map<String, AtomicInteger> fetched = new java.util.concurrent.ConcurrentHashMap<>();
        com.mailmoat.core.microsoft.MailboxGateway churning = (com.mailmoat.core.microsoft.MailboxGateway)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {com.mailmoat.core.microsoft.MailboxGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listReceived")) {
                        // A user at work while the scan reads: before each listing, move, delete or receive mail.
                        String box = (String) args[1];
                        List<FakeMailboxes.Message> all = mail.messages(box);
                        for (int change = 0; change < 2 && !all.isEmpty(); change++) {
                            FakeMailboxes.Message victim = all.get(churn.nextInt(all.size()));
                            switch (churn.nextInt(3)) {
                                case 0 -> {
                                    victim.folderId = "archive-" + box;
                                    moved.add(victim.id);
                                }
                                case 1 -> {
                                    mail.delete(box, victim.id);
                                    deleted.add(victim.id);
                                }
                                default -> delivered.add(mail.deliver(box, NOW.plusSeconds(churn.nextInt(600)), "PHISH new").id);
                            }
                        }
                    }
                    Object result;
                    try {
                        result = method.invoke(mail, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("fetchMime")) {
                        fetched.computeIfAbsent((String) args[2], k -> new AtomicInteger()).incrementAndGet();
                    }
                    return result;
                });
        processor = new ScanPageProcessor(scans, accounts, churning, new FakeInspector(), detections,
                new TenantProfiles(new FakeMicrosoft(), clock, Duration.ofMinutes(15)), pages, finisher, pool, 4, 4,
                clock, PageHook.NONE);
        java.util.Set<String> before = new java.util.HashSet<>();
        for (Mailbox box : mail.listMailboxes("t")) {
            if (box.mail().startsWith("shared")) {
                continue; // unreadable: skipped, not scanned
            }
            mail.messages(box.id()).stream().filter(m -> m.received.isBefore(NOW) && m.received.isAfter(NOW.minus(Duration.ofDays(30))))
                    .forEach(m -> before.add(m.id));
        }
        String id = startScan();
        drain(10_000);

        Scan scan = scan(id);
        assertThat(scan.status()).isEqualTo(ScanStatus.COMPLETED);
        assertThat(moved.size() + deleted.size() + delivered.size()).isGreaterThan(20);
        assertThat(fetched.values()).as("no message read twice").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        java.util.Set<String> stayed = new java.util.HashSet<>(before);
        stayed.removeAll(deleted);
        assertThat(fetched.keySet()).as("every message that stayed (moved or not) was read").containsAll(stayed)
                .as("mail delivered during the scan is the next scan's").doesNotContainAnyElementsOf(delivered);
        // Counted: each message read once; a message deleted between its listing and its fetch is not counted.
        assertThat(scan.counts().messagesScanned()).isEqualTo(fetched.size()).isBetween((long) stayed.size(),
                (long) before.size());
        assertThat(detections.forScan(ACCOUNT, id)).extracting(Detection::messageId).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(delivered);
    }

    @Test
    void aScheduledScanReadsWhatArrivedSinceThePreviousWindowEndedAndNothingBefore() {
        assertThat(starter.start(new ScanRequest(ScanKind.SCHEDULED, ACCOUNT, FakeMicrosoft.TENANT, NOW, "early")))
                .as("no previous scan: the first scan covers the 30 days").isInstanceOf(ScanStarter.Outcome.Ignored.class);
        String first = startScan();
        drain(10_000);
        Instant later = NOW.plus(Duration.ofDays(1));
        clock.advance(Duration.ofDays(1));
        int arrived = 0;
        for (Mailbox box : mail.listMailboxes("t")) {
            if (box.mail().startsWith("shared")) {
                continue;
            }
            // At the previous window's end exactly, in between, and after the new window (left to the next scan).
            mail.deliver(box.id(), NOW, "PHISH at the boundary");
            mail.deliver(box.id(), NOW.plus(Duration.ofHours(5)), "hello");
            mail.deliver(box.id(), later.plusSeconds(30), "hello after the window");
            arrived += 2;
        }
        ScanStarter.Outcome outcome = starter.start(new ScanRequest(ScanKind.SCHEDULED, ACCOUNT, FakeMicrosoft.TENANT,
                later, "daily-1"));
        assertThat(outcome).isEqualTo(new ScanStarter.Outcome.Started("daily-1"));
        drain(10_000);
        Scan daily = scan("daily-1");
        assertThat(daily.kind()).isEqualTo(ScanKind.SCHEDULED);
        assertThat(daily.windowStart()).isEqualTo(scan(first).windowEnd());
        // The messages after the first window: the two per mailbox, plus the three "after the scan started" ones.
        assertThat(daily.counts().messagesScanned()).isEqualTo(arrived + 3);
        assertThat(daily.counts().threatsFound()).isEqualTo(3 + 3);
        assertThat(notifications.ofKind(NotificationKind.THREAT_SCAN_REPORT))
                .anySatisfy(r -> assertThat(r.notificationId()).isEqualTo("scan-report-daily-1"));
    }

    @Test
    void aNewScanListsTheThreatsStillWaitingAndDoesNotCountOnesTheAdministratorReleased() {
        String first = startScan();
        drain(10_000);
        List<Detection> found = detections.forScan(ACCOUNT, first);
        Detection released = found.get(0);
        detections.replace(new Detection(released.accountId(), released.detectionId(), released.scanId(), released.source(),
                released.mailboxId(), released.mailbox(), released.messageId(), released.internetMessageId(),
                released.sender(), released.senderName(), released.subject(), released.receivedAt(), released.folderId(),
                released.level(), released.score(), released.categories(), released.reasons(), DetectionStatus.RELEASED,
                released.detectedAt(), released.trail()));

        clock.advance(Duration.ofMinutes(30));
        ScanStarter.Outcome outcome = starter.start(new ScanRequest(ScanKind.MANUAL, ACCOUNT, FakeMicrosoft.TENANT,
                clock.instant(), "manual-1"));
        assertThat(outcome).isEqualTo(new ScanStarter.Outcome.Started("manual-1"));
        drain(10_000);

        // The window now also holds the three messages that arrived after the first scan started.
        int threatsNow = threatsPlanted - 1 + 3;
        Scan again = scan("manual-1");
        assertThat(again.counts().threatsFound()).as("the released message is not a threat again").isEqualTo(threatsNow);
        assertThat(detections.forScan(ACCOUNT, "manual-1")).as("every threat counted can be opened and removed")
                .hasSize(threatsNow).noneMatch(d -> d.detectionId().equals(released.detectionId()));
        assertThat(detections.find(ACCOUNT, released.detectionId()).orElseThrow().scanId()).isEqualTo(first);
        assertThat(detections.size()).as("no message is recorded twice").isEqualTo(threatsPlanted + 3);
    }

    /**
     * Mailboxes that kept a visible Mailmoat Quarantine folder (made before it was created hidden) are
     * recorded as the scan meets their folder; one whose folder is gone, or hidden, no longer counts.
     */
    @Test
    void aScanRecordsWhichMailboxesHaveAQuarantineFolderTheirUsersCanSee() {
        InMemoryRemediations sightings = new InMemoryRemediations(detections);
        processor.withQuarantineFolders(sightings);
        Map<String, Mailbox> boxes = new HashMap<>();
        mail.listMailboxes(FakeMicrosoft.TENANT).forEach(box -> boxes.put(box.mail(), box));
        Mailbox adele = boxes.get("adele@contoso.example");
        Mailbox ben = boxes.get("ben@contoso.example");
        String visible = mail.addFolder(adele.id(), ScanPageProcessor.QUARANTINE_FOLDER).id();
        mail.ensureFolder(FakeMicrosoft.TENANT, ben.id(), ScanPageProcessor.QUARANTINE_FOLDER);
        startScan();
        drain(10_000);
        assertThat(sightings.visibleQuarantineFolders(ACCOUNT, 10)).singleElement().satisfies(folder -> {
            assertThat(folder.mailboxId()).isEqualTo(adele.id());
            assertThat(folder.mailbox()).isEqualTo("adele@contoso.example");
            assertThat(folder.seenAt()).isEqualTo(clock.instant());
        });
        assertThat(sightings.visibleQuarantineFolders("acct-2", 10)).isEmpty();

        // The administrator has the folder deleted; the next scan finds none there.
        mail.deleteFolder(adele.id(), visible);
        clock.advance(Duration.ofMinutes(30));
        starter.start(new ScanRequest(ScanKind.MANUAL, ACCOUNT, FakeMicrosoft.TENANT, clock.instant(), "manual-1"));
        drain(10_000);
        assertThat(scan("manual-1").status()).isEqualTo(ScanStatus.COMPLETED);
        assertThat(sightings.visibleQuarantineFolders(ACCOUNT, 10)).isEmpty();
    }

    @Test
    void aRedeliveredRequestStartsNoSecondScanAndASecondRequestJoinsTheRunningOne() {
        String first = startScan();
        int queued = pages.queue.size();
        assertThat(startScan()).isEqualTo(first);
        assertThat(pages.queue).hasSize(queued);

        // The console answered a manual request with its id: the request records which scan it became.
        assertThat(scans.recordRequest(ACCOUNT, "manual-1", NOW, NOW.minusSeconds(600))).isEmpty();
        ScanStarter.Outcome manual = starter.start(new ScanRequest(ScanKind.MANUAL, ACCOUNT, FakeMicrosoft.TENANT,
                NOW.plusSeconds(5), "manual-1"));
        assertThat(manual).isEqualTo(new ScanStarter.Outcome.Joined(first));
        assertThat(scans.recent(ACCOUNT, 10)).hasSize(1);
        assertThat(scans.lastRequest(ACCOUNT)).contains(new ScanRepository.RequestedScan("manual-1", NOW, true, first));
    }

    @Test
    void endingEarlyFreezesTheCountsDropsTheRestAndReportsOnce() {
        String id = startScan();
        drain(3);
        long scannedAtEnd = scan(id).counts().messagesScanned();
        assertThat(finisher.endEarly(ACCOUNT, id)).isEqualTo(ScanFinisher.EndOutcome.ENDED);
        drain(10_000);

        Scan scan = scan(id);
        assertThat(scan.status()).isEqualTo(ScanStatus.ENDED_EARLY);
        assertThat(scan.counts().messagesScanned()).isEqualTo(scannedAtEnd).isLessThan(inWindow);
        assertThat(finisher.endEarly(ACCOUNT, id)).isEqualTo(ScanFinisher.EndOutcome.ALREADY_FINISHED);
        assertThat(notifications.ofKind(NotificationKind.THREAT_SCAN_REPORT)).singleElement()
                .satisfies(r -> assertThat(r.params()).containsEntry("status", "ENDED_EARLY"));
        assertThat(scans.running(ACCOUNT)).isEmpty();
    }

    @Test
    void aReScanTakesOverTheWaitingThreatsWithItsOwnJudgementAndTheEarlierScanPointsToIt() {
        String first = startScan();
        drain(10_000);
        long firstThreats = scan(first).counts().threatsFound();
        assertThat(detections.forScan(ACCOUNT, first)).anyMatch(d -> d.level() == ThreatLevel.MALICIOUS);

        // The engine has changed its mind about the malware since: the re-scan calls it suspicious.
        FakeInspector engine = new FakeInspector();
        inspector = (mime, tenant) -> {
            Assessment judged = engine.inspect(mime, tenant);
            return judged.level() == ThreatLevel.MALICIOUS
                    ? new Assessment(ThreatLevel.SUSPICIOUS, 6, judged.categories(), judged.reasons()) : judged;
        };
        clock.advance(Duration.ofMinutes(30));
        starter.start(new ScanRequest(ScanKind.MANUAL, ACCOUNT, FakeMicrosoft.TENANT, clock.instant(), "manual-1"));
        drain(10_000);

        Scan again = scan("manual-1");
        List<Detection> listed = detections.forScan(ACCOUNT, "manual-1");
        Map<String, Long> listedByLevel = new TreeMap<>();
        listed.forEach(d -> listedByLevel.merge(d.level().name(), 1L, Long::sum));
        assertThat(listedByLevel).as("the scan's figures and its list agree").isEqualTo(again.counts().byLevel())
                .doesNotContainKey("MALICIOUS");

        // The first scan's report is not a dead end: it says where its threats are listed now.
        assertThat(detections.forScan(ACCOUNT, first)).isEmpty();
        assertThat(scans.foundAgainBy(ACCOUNT, first)).containsExactly("manual-1");
        RemediationRequests remediation = new RemediationRequests(accounts, detections, scans,
                new InMemoryRemediations(detections), new RecordingRemediationQueue(), clock);
        assertThat(remediation.request(ACCOUNT, RemediationAction.REMOVE, RemediationRequests.Selection.scan(first), null, true))
                .as("not 'already removed': they are waiting, with the later scan")
                .isEqualTo(new RemediationRequests.Result.FoundAgainLater("manual-1"));

        // The re-scan's report says which of its threats were reported before and are still waiting.
        assertThat(again.report().threatsReportedBefore()).isEqualTo(firstThreats);
        assertThat(again.counts().threatsFound()).isEqualTo(firstThreats + 3);
        NotificationRequest report = notifications.ofKind(NotificationKind.THREAT_SCAN_REPORT).stream()
                .filter(n -> n.notificationId().equals("scan-report-manual-1")).findFirst().orElseThrow();
        assertThat(report.params()).containsEntry("threatsReportedBefore", String.valueOf(firstThreats));
    }

    @Test
    void pagesInFlightWhenTheScanIsEndedStillCountAndTheReportWaitsForThemAndAgreesWithTheList() {
        String id = startScan();
        AtomicInteger pagesCommitted = new AtomicInteger();
        hook = (work, tenant, written) -> {
            if (pagesCommitted.getAndIncrement() == 0) {
                // The administrator presses End Scan while the very first page is being read.
                assertThat(finisher.endEarly(ACCOUNT, id)).isEqualTo(ScanFinisher.EndOutcome.ENDED);
                assertThat(notifications.ofKind(NotificationKind.THREAT_SCAN_REPORT))
                        .as("the report waits for the page in flight").isEmpty();
            }
        };
        drain(10_000);

        Scan ended = scan(id);
        List<Detection> listed = detections.forScan(ACCOUNT, id);
        assertThat(ended.status()).isEqualTo(ScanStatus.ENDED_EARLY);
        assertThat(pagesCommitted.get()).as("no page is read after the end").isEqualTo(1);
        assertThat(listed).as("the page in flight found threats").isNotEmpty();
        assertThat(ended.counts().threatsFound()).as("every detection it owns is counted").isEqualTo(listed.size());
        assertThat(ended.counts().messagesScanned()).isPositive();
        assertThat(ended.percent()).isLessThan(100);
        assertThat(notifications.ofKind(NotificationKind.THREAT_SCAN_REPORT)).singleElement().satisfies(r -> {
            assertThat(r.params()).containsEntry("status", "ENDED_EARLY");
            assertThat(r.params()).containsEntry("threatsFound", String.valueOf(listed.size()));
        });
        assertThat(scans.cursors(ACCOUNT, id)).as("no page pending: nothing queued any more")
                .allMatch(c -> c.state().finished() || c.enqueuedVersion() < c.version());
        assertThat(pages.queue).isEmpty();
    }

    /**
     * Like {@link #drain}, but as SQS with a redrive limit: a page that throws {@code attempts} times is
     * given up (its consumer's last word) instead of coming back.
     */
    private void drainGivingUpAfter(int attempts) {
        Map<ScanPageWork, Integer> failures = new HashMap<>();
        ScanPageWork work;
        while ((work = pages.poll()) != null) {
            try {
                if (processor.process(work) instanceof ScanPageProcessor.Outcome.RetryAfter) {
                    pages.queue.add(work);
                }
            } catch (RuntimeException crashed) {
                if (failures.merge(work, 1, Integer::sum) >= attempts) {
                    processor.giveUp(work, attempts);
                } else {
                    pages.queue.add(work);
                }
            }
        }
    }

    @Test
    void aPageThatFailsEveryTimeSkipsItsMailboxWithTheReasonAndTheScanStillFinishesAndReports() {
        String id = startScan();
        String broken = scans.cursors(ACCOUNT, id).stream().filter(c -> c.address().startsWith("ben@"))
                .findFirst().orElseThrow().mailboxId();
        hook = (work, tenant, written) -> {
            if (work.mailboxId().equals(broken) && work.version() == 2) {
                throw new IllegalStateException("a bug this page trips every time");
            }
        };
        drainGivingUpAfter(5);

        Scan scan = scan(id);
        assertThat(scan.status()).as("not left running forever").isEqualTo(ScanStatus.COMPLETED);
        assertThat(scan.mailboxesSkipped()).isEqualTo(2);
        assertThat(scans.cursor(ACCOUNT, id, broken)).get().satisfies(c -> {
            assertThat(c.state()).isEqualTo(CursorState.SKIPPED);
            assertThat(c.skipReason()).isEqualTo("Mailmoat stopped reading this mailbox after 10 messages: the same page"
                    + " failed 5 times. Scan again; if it happens again, contact support.");
        });
        assertThat(scan.counts().messagesScanned()).as("what was read before stays counted").isEqualTo(inWindow - 27);
        assertThat(notifications.ofKind(NotificationKind.THREAT_SCAN_REPORT)).singleElement()
                .satisfies(report -> assertThat(report.params()).containsEntry("status", "COMPLETED"));
    }

    @Test
    void anEndedScanWhosePageInFlightFailsEveryTimeStillSendsItsReport() {
        String id = startScan();
        hook = (work, tenant, written) -> {
            finisher.endEarly(ACCOUNT, id);
            throw new IllegalStateException("a bug this page trips every time");
        };
        drainGivingUpAfter(5);

        assertThat(scan(id).status()).isEqualTo(ScanStatus.ENDED_EARLY);
        assertThat(notifications.ofKind(NotificationKind.THREAT_SCAN_REPORT)).as("the report does not wait forever")
                .singleElement().satisfies(report -> assertThat(report.params()).containsEntry("status", "ENDED_EARLY"));
    }

    @Test
    void aScanOfATenantDisconnectedMeanwhileEndsWithoutAReportNobodyCouldUse() {
        String id = startScan();
        drain(3);
        Account linked = accounts.findById(ACCOUNT).orElseThrow();
        accounts.unlink(linked);

        assertThat(finisher.endEarly(ACCOUNT, id)).isEqualTo(ScanFinisher.EndOutcome.ENDED);
        drain(10_000);

        assertThat(scan(id).status().finished()).isTrue();
        assertThat(notifications.ofKind(NotificationKind.THREAT_SCAN_REPORT)).isEmpty();
        assertThat(notifications.ofKind(NotificationKind.THREAT_SCAN_COMPLETE_NOTICE)).isEmpty();
    }

    @Test
    void aCrashBetweenCommittingAPageAndQueueingTheNextIsRecoveredByTheRedelivery() {
        String id = startScan();
        ScanPageWork first = pages.poll();
        pages.failNextEnqueue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> processor.process(first))
                .hasMessageContaining("worker stopped");
        assertThat(scans.cursor(ACCOUNT, id, first.mailboxId()).orElseThrow().version()).isEqualTo(1);
        assertThat(pages.queue).noneMatch(w -> w.mailboxId().equals(first.mailboxId()));
        // SQS hands the same work item over again: the page is not read twice, but its successor is queued.
        assertThat(processor.process(first)).isInstanceOf(ScanPageProcessor.Outcome.Done.class);
        assertThat(pages.queue).anyMatch(w -> w.mailboxId().equals(first.mailboxId()) && w.version() == first.version() + 1);
        drain(10_000);
        assertThat(scan(id).counts().messagesScanned()).isEqualTo(inWindow);
    }

    @Test
    void aMessageDeletedBetweenListingAndFetchingIsNotCountedAndNothingStalls() {
        String id = startScan();
        Mailbox first = mail.listMailboxes("t").get(0);
        FakeMailboxes.Message gone = mail.messages(first.id()).get(0);
        mail.delete(first.id(), gone.id);
        drain(10_000);
        assertThat(scan(id).counts().messagesScanned()).isEqualTo(inWindow - 1);
        assertThat(detections.forScan(ACCOUNT, id)).extracting(Detection::messageId).doesNotContain(gone.id);
    }

    @Test
    void theFirstScanWritesTheSenderHistoryOfCleanMailAndALaterScanIsJudgedWithIt() {
        InMemoryLearning history = new InMemoryLearning();
        history.remember(ACCOUNT, List.of("old-partner.example"));
        Mailbox adele = mail.listMailboxes(FakeMicrosoft.TENANT).get(0);
        mail.deliverFrom(adele.id(), NOW.minus(Duration.ofDays(2)), "Mallory <x@bad-sender.example>", "MALWARE");
        mail.deliverFrom(adele.id(), NOW.minus(Duration.ofDays(2)), "Ben <ben@fabrikam.example>", "hello");
        mail.deliverFrom(adele.id(), NOW.minus(Duration.ofDays(2)), "Adele <adele@contoso.example>", "hello");
        // Adele's own sent mail: whom she writes to are correspondents; whom Ben wrote to are not.
        mail.deliverMime(adele.id(), NOW.minus(Duration.ofDays(2)), "From: Adele <" + adele.mail() + ">\r\n"
                + "To: \"Olivia Ruiz\" <olivia@wingtip.example>, lee@contoso.example\r\nCc: pat@Tailspin.example\r\n"
                + "Subject: Quote\r\n\r\nhello");
        mail.deliverMime(adele.id(), NOW.minus(Duration.ofDays(2)), "From: Ben <ben@fabrikam.example>\r\n"
                + "To: adele@contoso.example, someone@elsewhere.example\r\nSubject: hi\r\n\r\nhello");
        List<java.util.Set<String>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        MessageInspector recording = (mime, tenant) -> {
            seen.add(tenant.knownSenders());
            return new FakeInspector().inspect(mime, tenant);
        };
        processor = new ScanPageProcessor(scans, accounts, mail, recording, detections,
                new TenantProfiles(new FakeMicrosoft(), history, clock, Duration.ZERO), pages, finisher, pool, 5, 4, clock,
                PageHook.NONE);

        String first = startScan();
        drain(10_000);
        assertThat(scan(first).status()).isEqualTo(ScanStatus.COMPLETED);
        // judged without history (it is being written), then every sender of clean mail remembered, but not
        // the sender of the threat, nor the tenant's own domain; and the domains Adele wrote to
        assertThat(seen).isNotEmpty().allSatisfy(known -> assertThat(known).isEmpty());
        assertThat(history.knownDomains(ACCOUNT)).containsExactlyInAnyOrder("old-partner.example", "outside.example",
                "fabrikam.example", "wingtip.example", "tailspin.example");

        seen.clear();
        clock.advance(Duration.ofMinutes(5));
        ScanStarter.Outcome manual = starter.start(new ScanRequest(ScanKind.MANUAL, ACCOUNT, FakeMicrosoft.TENANT,
                clock.instant(), "manual-after-first"));
        assertThat(manual).isInstanceOf(ScanStarter.Outcome.Started.class);
        drain(10_000);
        assertThat(seen).isNotEmpty().allSatisfy(known -> assertThat(known).containsExactlyInAnyOrder(
                "old-partner.example", "outside.example", "fabrikam.example", "wingtip.example", "tailspin.example"));
    }
}
