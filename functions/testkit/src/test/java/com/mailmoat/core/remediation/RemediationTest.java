package com.mailmoat.core.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionEvent;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.microsoft.MailFolder;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.scan.Scan;
import com.mailmoat.core.scan.ScanKind;
import com.mailmoat.core.scan.ScanPageProcessor;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.FakeMailboxes.MoveFault;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryRemediations;
import com.mailmoat.testkit.InMemoryScans;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingRemediationQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Remove Threats and Release, exactly once per message, with Microsoft and storage faked at the ports. */
class RemediationTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String ACCOUNT = "acct-1";
    private static final String OTHER = "acct-2";
    private static final String SCAN = "20261201T110000Z-1a2b3c4d";

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryScans scans = new InMemoryScans();
    private final InMemoryDetections detections = new InMemoryDetections();
    private final InMemoryRemediations jobs = new InMemoryRemediations(detections);
    private final FakeMailboxes mail = new FakeMailboxes();
    private final RecordingRemediationQueue queue = new RecordingRemediationQueue();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final RemediationRequests requests = new RemediationRequests(accounts, detections, scans, jobs, queue, clock);
    /** Accounts whose transport rules were asked to follow a change. */
    private final List<String> ruleSyncs = new ArrayList<>();
    private final RemediationWorker worker = new RemediationWorker(jobs, accounts, mail,
            new RemediationNotices(jobs, notifications, clock, "https://console.mailmoat.example/")
                    .withRuleSyncs(ruleSyncs::add), clock);
    private final List<Detection> threats = new ArrayList<>();
    private Mailbox adele;
    private Mailbox ben;

    @BeforeEach
    void twoMailboxesWithThreatsFoundByAScan() {
        link(ACCOUNT, "admin@contoso.example", FakeMicrosoft.TENANT);
        adele = mail.addMailbox("adele@contoso.example");
        ben = mail.addMailbox("ben@contoso.example");
        scans.create(Scan.started(ACCOUNT, SCAN, FakeMicrosoft.TENANT, ScanKind.FIRST, NOW.minus(Duration.ofDays(30)), NOW,
                NOW, 2));
        MailFolder archive = mail.addFolder(adele.id(), "Archive");
        threats.add(threat(ACCOUNT, adele, mail.deliver(adele.id(), NOW.minusSeconds(500), "PHISH 1"), null));
        threats.add(threat(ACCOUNT, adele, mail.deliver(adele.id(), NOW.minusSeconds(400), "PHISH 2"), null));
        FakeMailboxes.Message archived = mail.deliver(adele.id(), NOW.minusSeconds(300), "PHISH in the archive");
        mail.userMove(adele.id(), archived.id, archive.id());
        threats.add(threat(ACCOUNT, adele, archived, archive.id()));
        threats.add(threat(ACCOUNT, ben, mail.deliver(ben.id(), NOW.minusSeconds(200), "MALWARE"), null));
        mail.deliver(ben.id(), NOW.minusSeconds(100), "hello: not a threat");
    }

    private void link(String accountId, String email, String tenantId) {
        accounts.create(Account.signedUp(accountId, email, "Contoso", Region.US, NOW));
        accounts.linkTenant(accounts.findById(accountId).orElseThrow().withTenant(tenantId, List.of("contoso.example")));
    }

    private Detection threat(String accountId, Mailbox box, FakeMailboxes.Message message, String folderId) {
        Detection d = new Detection(accountId, Detection.idFor(box.id(), message.id), SCAN, DetectionSource.SCAN, box.id(),
                box.mail(), message.id, "<" + message.id + "@evil.example>", "ceo@evil.example", "CEO",
                "Urgent <b>wire</b> " + message.id, message.received, folderId != null ? folderId : mail.inboxOf(box.id()),
                ThreatLevel.MALICIOUS, 12, Set.of("PHISHING"), List.of(), DetectionStatus.DETECTED, NOW);
        detections.putIfAbsent(d);
        return d;
    }

    private RemediationJob start(RemediationAction action, RemediationRequests.Selection selection) {
        RemediationRequests.Result result = requests.request(ACCOUNT, action, selection, null, true);
        assertThat(result).isInstanceOf(RemediationRequests.Result.Created.class);
        return ((RemediationRequests.Result.Created) result).job();
    }

    /** Delivers every queued item (and what comes back for a retry) until the queue is empty, as SQS would. */
    private int drain() {
        int deliveries = 0;
        List<RemediationWork> pending = queue.drain();
        while (!pending.isEmpty()) {
            List<RemediationWork> retry = new ArrayList<>();
            for (RemediationWork work : pending) {
                deliveries++;
                if (worker.process(work) instanceof RemediationWorker.Outcome.RetryAfter) {
                    retry.add(work);
                }
            }
            clock.advance(Duration.ofSeconds(10));
            pending = retry;
            assertThat(deliveries).as("no endless retry").isLessThan(500);
        }
        return deliveries;
    }

    private Detection stored(Detection d) {
        return detections.find(d.accountId(), d.detectionId()).orElseThrow();
    }

    private RemediationJob job(String jobId) {
        return jobs.find(ACCOUNT, jobId).orElseThrow();
    }

    private String quarantineOf(Mailbox box) {
        return mail.findFolder(FakeMicrosoft.TENANT, box.id(), ScanPageProcessor.QUARANTINE_FOLDER).orElseThrow().id();
    }

    @Test
    void removingAScansThreatsQuarantinesEachOnceRecordsWhereAndWhoAndTellsTheAdminOnce() {
        RemediationJob job = start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        assertThat(job.total()).isEqualTo(4);
        assertThat(queue.sent).hasSize(4);
        drain();

        RemediationJob finished = job(job.jobId());
        assertThat(finished.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(finished.done()).isEqualTo(4);
        assertThat(finished.alreadyGone() + finished.failed()).isZero();
        assertThat(mail.foldersCreated.get()).as("one quarantine folder per mailbox").isEqualTo(2);
        for (Detection threat : threats) {
            Mailbox box = threat.mailboxId().equals(adele.id()) ? adele : ben;
            assertThat(mail.folderOf(box.id(), threat.messageId())).isEqualTo(quarantineOf(box));
            Detection after = stored(threat);
            assertThat(after.status()).isEqualTo(DetectionStatus.REMOVED);
            assertThat(after.currentFolderId()).isEqualTo(quarantineOf(box));
            assertThat(after.folderId()).as("where it came from is kept").isEqualTo(threat.folderId());
            assertThat(after.trail().history()).singleElement().satisfies(e -> {
                assertThat(e.action()).isEqualTo("REMOVE");
                assertThat(e.outcome()).isEqualTo("DONE");
                assertThat(e.by()).isEqualTo("admin@contoso.example");
                assertThat(e.at()).isNotNull();
                assertThat(e.jobId()).isEqualTo(job.jobId());
            });
        }
        assertThat(mail.moves().values()).containsOnly(1);
        assertThat(mail.moves()).hasSize(4);
        assertThat(notifications.ofKind(NotificationKind.REMEDIATION_COMPLETE)).singleElement().satisfies(n -> {
            assertThat(n.notificationId()).isEqualTo("remediation-" + job.jobId());
            assertThat(n.recipient()).isEqualTo("admin@contoso.example");
            assertThat(n.params()).containsEntry("done", "4").containsEntry("total", "4").containsEntry("failed", "0");
        });
        assertThat(jobs.quarantineFolder(ACCOUNT, adele.id())).contains(quarantineOf(adele));
    }

    @Test
    void everyItemDeliveredTwiceMovesNothingTwiceAndCountsExactly() {
        RemediationJob job = start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        List<RemediationWork> items = new ArrayList<>(queue.sent);
        drain();
        for (RemediationWork work : items) {
            assertThat(worker.process(work)).isInstanceOf(RemediationWorker.Outcome.Done.class);
        }
        RemediationJob finished = job(job.jobId());
        assertThat(finished.done()).isEqualTo(4);
        assertThat(finished.finishedItems()).isEqualTo(4);
        assertThat(mail.moves().values()).containsOnly(1);
        assertThat(notifications.ofKind(NotificationKind.REMEDIATION_COMPLETE)).hasSize(1);
        threats.forEach(t -> assertThat(stored(t).trail().history()).hasSize(1));
    }

    @Test
    void repeatingTheSameRequestFindsNothingLeftToDo() {
        start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        drain();
        assertThat(requests.request(ACCOUNT, RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN), null, true))
                .isEqualTo(new RemediationRequests.Result.NothingToDo(4));
        assertThat(requests.request(ACCOUNT, RemediationAction.REMOVE,
                RemediationRequests.Selection.detections(List.of(threats.get(0).detectionId())), null, true))
                .isInstanceOf(RemediationRequests.Result.NothingToDo.class);
        assertThat(queue.drain()).isEmpty();
        assertThat(mail.moves().values()).containsOnly(1);
    }

    @Test
    void theSameRemovalAskedTwiceWhileItRunsJoinsTheRunningJobAndTellsTheAdminOnce() {
        String picked = threats.get(0).detectionId();
        RemediationJob first = start(RemediationAction.REMOVE, RemediationRequests.Selection.detections(List.of(picked)));

        RemediationRequests.Result again = requests.request(ACCOUNT, RemediationAction.REMOVE,
                RemediationRequests.Selection.detections(List.of(picked)), null, true);

        assertThat(again).as("a double submit follows the running job").isInstanceOf(RemediationRequests.Result.Joined.class);
        assertThat(((RemediationRequests.Result.Joined) again).job().jobId()).isEqualTo(first.jobId());
        assertThat(queue.sent).as("nothing queued twice").hasSize(1);
        drain();
        RemediationJob finished = job(first.jobId());
        assertThat(finished.done()).isEqualTo(1);
        assertThat(finished.alreadyGone()).isZero();
        assertThat(jobs.recent(ACCOUNT, 10)).as("one job, not two").hasSize(1);
        assertThat(notifications.sent).as("one email").hasSize(1);
        assertThat(mail.moves().values()).containsOnly(1);
    }

    @Test
    void aScanRemovalAskedTwiceAtOnceFromTwoThreadsStartsOneJob() throws Exception {
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.Callable<RemediationRequests.Result> ask = () -> {
            together.await();
            return requests.request(ACCOUNT, RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN), null, true);
        };
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = two.submit(ask);
            var b = two.submit(ask);
            List<RemediationRequests.Result> results = List.of(a.get(), b.get());
            assertThat(results).filteredOn(r -> r instanceof RemediationRequests.Result.Created).hasSize(1);
            assertThat(results).filteredOn(r -> r instanceof RemediationRequests.Result.Joined).hasSize(1);
        } finally {
            two.shutdownNow();
        }
        assertThat(jobs.recent(ACCOUNT, 10)).hasSize(1);
        assertThat(queue.sent).hasSize(4);
    }

    @Test
    void onceTheJobHasEndedTheSameSelectionCanStartAJobAgain() {
        String picked = threats.get(0).detectionId();
        RemediationJob removal = start(RemediationAction.REMOVE, RemediationRequests.Selection.detections(List.of(picked)));
        drain();
        RemediationJob release = start(RemediationAction.RELEASE, RemediationRequests.Selection.detections(List.of(picked)));
        drain();

        RemediationJob removedAgain = start(RemediationAction.REMOVE, RemediationRequests.Selection.detections(List.of(picked)));

        assertThat(removedAgain.jobId()).isNotEqualTo(removal.jobId()).isNotEqualTo(release.jobId());
        drain();
        assertThat(job(removedAgain.jobId()).done()).isEqualTo(1);
        assertThat(stored(threats.get(0)).status()).isEqualTo(DetectionStatus.REMOVED);
    }

    @Test
    void overlappingJobsMoveEachMessageOnceAndTheSecondSaysMailmoatMovedItNotTheUser() {
        RemediationJob scanWide = start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        RemediationJob picked = start(RemediationAction.REMOVE,
                RemediationRequests.Selection.detections(List.of(threats.get(0).detectionId())));
        drain();

        assertThat(mail.moves().values()).containsOnly(1);
        RemediationJob a = job(scanWide.jobId());
        RemediationJob b = job(picked.jobId());
        assertThat(a.done() + b.done()).isEqualTo(4);
        assertThat(a.alreadyDone() + b.alreadyDone()).as("moved by the other Mailmoat job").isEqualTo(1);
        assertThat(a.alreadyGone() + b.alreadyGone()).as("nobody's message was deleted by its user").isZero();
        assertThat(a.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(b.status()).isEqualTo(JobStatus.COMPLETED);

        RemediationJob second = a.alreadyDone() == 1 ? a : b;
        NotificationRequest notice = notifications.sent.stream()
                .filter(n -> n.notificationId().equals("remediation-" + second.jobId())).findFirst().orElseThrow();
        String email = com.mailmoat.core.notify.EmailTemplates.render(notice).text();
        assertThat(email).contains("Already in quarantine (moved by another Mailmoat request) | 1")
                .contains("Already gone (deleted or moved by the user) | 0");
        assertThat(stored(threats.get(0)).trail().history()).filteredOn(e -> e.jobId().equals(second.jobId()))
                .singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(ItemOutcome.ALREADY_DONE.name());
                    assertThat(e.reason()).contains("another Mailmoat request");
                });
    }

    @Test
    void aMoveMicrosoftCommittedButAnswered504IsCheckedNotResent() {
        RemediationJob job = start(RemediationAction.REMOVE, RemediationRequests.Selection.detections(
                List.of(threats.get(0).detectionId(), threats.get(1).detectionId())));
        mail.failNextMoves(MoveFault.COMMIT_THEN_504, MoveFault.COMMIT_THEN_504);
        drain();
        RemediationJob finished = job(job.jobId());
        assertThat(finished.done()).isEqualTo(2);
        assertThat(finished.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(mail.moves().values()).containsOnly(1);
        assertThat(mail.locates.get()).isEqualTo(2);
    }

    @Test
    void throttlingAndOutagesWaitOnTheQueueAndThenMoveOnce() {
        RemediationJob job = start(RemediationAction.REMOVE, RemediationRequests.Selection.detections(
                List.of(threats.get(0).detectionId(), threats.get(3).detectionId())));
        mail.failNextMoves(MoveFault.THROTTLE, MoveFault.UNAVAILABLE);
        List<RemediationWork> items = queue.drain();
        RemediationWorker.Outcome throttled = worker.process(items.get(0));
        assertThat(throttled).isInstanceOfSatisfying(RemediationWorker.Outcome.RetryAfter.class,
                r -> assertThat(r.delay()).isEqualTo(Duration.ofSeconds(2)));
        assertThat(worker.process(items.get(1))).isInstanceOf(RemediationWorker.Outcome.RetryAfter.class);
        assertThat(job(job.jobId()).finishedItems()).isZero();
        // The retries: the 503'd move may have happened, so it is located first; neither is moved twice.
        items.forEach(worker::process);
        assertThat(job(job.jobId()).done()).isEqualTo(2);
        assertThat(mail.moves().values()).containsOnly(1);
    }

    @Test
    void aCommittedMoveWhoseCheckIsThrottledIsCheckedAgainNotResent() {
        RemediationJob job = start(RemediationAction.REMOVE, RemediationRequests.Selection.detections(
                List.of(threats.get(3).detectionId())));
        mail.failNextMoves(MoveFault.COMMIT_THEN_504);
        mail.throttleNextLocates(1);
        RemediationWork item = queue.drain().get(0);
        assertThat(worker.process(item)).isInstanceOf(RemediationWorker.Outcome.RetryAfter.class);
        // Even after the lock lapsed and another job could have come, the attempt marker makes the next look first.
        jobs.expireLock(ACCOUNT, threats.get(3).detectionId());
        assertThat(worker.process(item)).isInstanceOf(RemediationWorker.Outcome.Done.class);
        assertThat(job(job.jobId()).done()).isEqualTo(1);
        assertThat(mail.moves()).containsExactlyEntriesOf(Map.of(threats.get(3).messageId(), 1));
    }

    @Test
    void aMessageTheUserDeletedMeanwhileIsAlreadyGoneNotAFailure() {
        mail.delete(adele.id(), threats.get(1).messageId());
        RemediationJob job = start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        drain();
        RemediationJob finished = job(job.jobId());
        assertThat(finished.done()).isEqualTo(3);
        assertThat(finished.alreadyGone()).isEqualTo(1);
        assertThat(finished.failed()).isZero();
        Detection gone = stored(threats.get(1));
        assertThat(gone.status()).isEqualTo(DetectionStatus.DETECTED);
        assertThat(gone.trail().messageGone()).isTrue();
        assertThat(gone.currentFolderId()).isNull();
        assertThat(gone.trail().history()).singleElement().extracting(DetectionEvent::outcome).isEqualTo("ALREADY_GONE");
        // A gone message is not selected again.
        assertThat(requests.request(ACCOUNT, RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN), null, true))
                .isInstanceOf(RemediationRequests.Result.NothingToDo.class);
    }

    @Test
    void aMessageTheUserMovedElsewhereInTheMailboxIsStillQuarantined() {
        MailFolder junk = mail.addFolder(ben.id(), "Junk Email");
        mail.userMove(ben.id(), threats.get(3).messageId(), junk.id());
        RemediationJob job = start(RemediationAction.REMOVE, RemediationRequests.Selection.detections(
                List.of(threats.get(3).detectionId())));
        drain();
        assertThat(job(job.jobId()).done()).isEqualTo(1);
        assertThat(mail.folderOf(ben.id(), threats.get(3).messageId())).isEqualTo(quarantineOf(ben));
    }

    @Test
    void permanentFailuresAreListedWithTheirReasonsAndCountedApart() {
        mail.makeUnreadable(ben.id());
        RemediationJob job = start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        mail.failNextMoves(MoveFault.ACCESS_DENIED);
        drain();
        RemediationJob finished = job(job.jobId());
        assertThat(finished.done()).isEqualTo(2);
        assertThat(finished.failed()).isEqualTo(2);
        assertThat(finished.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.failures(ACCOUNT, job.jobId(), 10)).extracting(RemediationFailure::reason)
                .anySatisfy(reason -> assertThat(reason).contains("no Exchange Online mailbox"))
                .anySatisfy(reason -> assertThat(reason).contains("Mail.ReadWrite"));
        assertThat(jobs.failures(ACCOUNT, job.jobId(), 10)).allSatisfy(f -> {
            assertThat(f.mailbox()).isNotBlank();
            assertThat(f.subject()).startsWith("Urgent <b>wire</b>");
        });
        NotificationRequest notice = notifications.ofKind(NotificationKind.REMEDIATION_COMPLETE).get(0);
        assertThat(notice.params().get("failures").split("\n")).hasSize(2);
    }

    @Test
    void releaseMovesAMessageBackWhereItCameFromAndTheInboxWhenThatIsUnknown() {
        start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        drain();
        Detection archived = threats.get(2);
        RemediationJob release = start(RemediationAction.RELEASE,
                RemediationRequests.Selection.detections(List.of(archived.detectionId())));
        drain();
        assertThat(job(release.jobId()).done()).isEqualTo(1);
        assertThat(mail.folderOf(adele.id(), archived.messageId())).isEqualTo(archived.folderId());
        Detection after = stored(archived);
        assertThat(after.status()).isEqualTo(DetectionStatus.RELEASED);
        assertThat(after.currentFolderId()).isEqualTo(archived.folderId());
        assertThat(after.trail().history()).extracting(DetectionEvent::action).containsExactly("REMOVE", "RELEASE");
        assertThat(notifications.ofKind(NotificationKind.REMEDIATION_COMPLETE)).hasSize(2)
                .last().satisfies(n -> assertThat(n.params()).containsEntry("action", "RELEASE"));
        // The removal left the rules alone; the completed release asks them to stop blocking its sender.
        assertThat(ruleSyncs).containsExactly(ACCOUNT);

        // A released message can be removed again, and then released to its original folder again.
        start(RemediationAction.REMOVE, RemediationRequests.Selection.detections(List.of(archived.detectionId())));
        drain();
        assertThat(stored(archived).status()).isEqualTo(DetectionStatus.REMOVED);

        // Its origin deleted by the user: back to the Inbox.
        mail.deleteFolder(adele.id(), archived.folderId());
        Detection first = threats.get(0);
        mail.userMove(adele.id(), first.messageId(), quarantineOf(adele));
        RemediationJob toInbox = start(RemediationAction.RELEASE, RemediationRequests.Selection.detections(
                List.of(first.detectionId())));
        drain();
        assertThat(job(toInbox.jobId()).done()).isEqualTo(1);
        assertThat(mail.folderOf(adele.id(), first.messageId())).isEqualTo(mail.inboxOf(adele.id()));
    }

    @Test
    void removingAScansThreatsAgainLeavesReleasedAndNotAThreatMessagesWhereTheAdminPutThem() {
        Detection declared = threats.get(1);
        requests.withDeclaredLegitimate(account -> account.equals(ACCOUNT) ? java.util.Set.of(declared.detectionId()) : java.util.Set.of());
        RemediationJob first = start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        drain();
        assertThat(job(first.jobId()).total()).as("all but the one declared wanted").isEqualTo(threats.size() - 1);
        assertThat(mail.folderOf(adele.id(), declared.messageId())).isEqualTo(declared.folderId());

        Detection released = threats.get(2);
        start(RemediationAction.RELEASE, RemediationRequests.Selection.detections(List.of(released.detectionId())));
        drain();
        assertThat(requests.request(ACCOUNT, RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN), null, true))
                .as("Remove Threats again: the release stands").isInstanceOf(RemediationRequests.Result.NothingToDo.class);
        assertThat(stored(released).status()).isEqualTo(DetectionStatus.RELEASED);

        // Picked by id, the admin's newer decision wins.
        RemediationJob byId = start(RemediationAction.REMOVE, RemediationRequests.Selection.detections(List.of(declared.detectionId())));
        drain();
        assertThat(job(byId.jobId()).done()).isEqualTo(1);
        assertThat(stored(declared).status()).isEqualTo(DetectionStatus.REMOVED);
    }

    private Detection from(String accountId, Mailbox box, String sender, String scanId, DetectionStatus status) {
        FakeMailboxes.Message message = mail.deliver(box.id(), NOW.minusSeconds(50), "from " + sender);
        Detection d = new Detection(accountId, Detection.idFor(box.id(), message.id), scanId,
                scanId == null ? DetectionSource.REAL_TIME : DetectionSource.SCAN, box.id(), box.mail(), message.id,
                "<" + message.id + "@x>", sender, "", "Pay now", message.received, mail.inboxOf(box.id()),
                ThreatLevel.MALICIOUS, 12, Set.of("BEC"), List.of(), status, NOW);
        detections.putIfAbsent(d);
        return d;
    }

    @Test
    void removingASendersMessagesTakesEveryOneStillWaitingFromThatAddressAcrossScansInOneJob() {
        Detection realTime = from(ACCOUNT, ben, "CEO@Evil.Example", null, DetectionStatus.DETECTED);
        Detection lookalike = from(ACCOUNT, ben, "jimceo@evil.example", SCAN, DetectionStatus.DETECTED);
        Detection notAThreat = from(ACCOUNT, adele, "ceo@evil.example", SCAN, DetectionStatus.NOT_A_THREAT);
        Detection declared = from(ACCOUNT, adele, "ceo@evil.example", SCAN, DetectionStatus.DETECTED);
        requests.withDeclaredLegitimate(account -> Set.of(declared.detectionId()));

        List<Detection> waiting = requests.waitingFrom(ACCOUNT, "ceo@evil.example");
        assertThat(waiting).extracting(Detection::detectionId).as("the scan's four and the real-time one, nothing else")
                .containsExactlyInAnyOrderElementsOf(List.of(threats.get(0).detectionId(), threats.get(1).detectionId(),
                        threats.get(2).detectionId(), threats.get(3).detectionId(), realTime.detectionId()));

        RemediationJob job = start(RemediationAction.REMOVE, RemediationRequests.Selection.sender(" ceo@EVIL.example "));
        assertThat(job.total()).as("the number the confirmation showed").isEqualTo(waiting.size());
        assertThat(requests.request(ACCOUNT, RemediationAction.REMOVE, RemediationRequests.Selection.sender("CEO@evil.example"),
                null, true)).as("asked again while it runs, in another case: the same job")
                .isInstanceOfSatisfying(RemediationRequests.Result.Joined.class,
                        joined -> assertThat(joined.job().jobId()).isEqualTo(job.jobId()));
        drain();
        assertThat(job(job.jobId()).done()).isEqualTo(5);
        assertThat(stored(realTime).status()).isEqualTo(DetectionStatus.REMOVED);
        assertThat(threats).allSatisfy(t -> assertThat(stored(t).status()).isEqualTo(DetectionStatus.REMOVED));
        assertThat(mail.folderOf(ben.id(), lookalike.messageId())).as("another address that merely contains it stays")
                .isEqualTo(mail.inboxOf(ben.id()));
        assertThat(stored(notAThreat).status()).isEqualTo(DetectionStatus.NOT_A_THREAT);
        assertThat(stored(declared).status()).isEqualTo(DetectionStatus.DETECTED);

        assertThat(requests.request(ACCOUNT, RemediationAction.REMOVE, RemediationRequests.Selection.sender("ceo@evil.example"),
                null, true)).as("nothing of theirs is left waiting").isInstanceOf(RemediationRequests.Result.NothingToDo.class);
    }

    @Test
    void aSendersMessagesInAnotherAccountAreNeverSelected() {
        link(OTHER, "admin@fabrikam.example", "tenant-2");
        Mailbox zoe = mail.addMailbox("zoe@fabrikam.example");
        Detection theirs = from(OTHER, zoe, "ceo@evil.example", null, DetectionStatus.DETECTED);
        assertThat(requests.waitingFrom(ACCOUNT, "ceo@evil.example")).extracting(Detection::detectionId)
                .doesNotContain(theirs.detectionId()).hasSize(threats.size());
    }

    /**
     * "Release them all" (offboarding asks first while messages are in quarantine): every message this
     * account holds in quarantine, and only those, goes back where it came from, once each, in one job.
     */
    @Test
    void releasingEverythingInQuarantineBringsBackEachQuarantinedMessageOfThisAccountOnce() {
        link(OTHER, "admin@fabrikam.example", "tenant-2");
        Mailbox zoe = mail.addMailbox("zoe@fabrikam.example");
        Detection theirs = from(OTHER, zoe, "ceo@evil.example", null, DetectionStatus.REMOVED);
        start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        drain();
        Detection waiting = from(ACCOUNT, ben, "ceo@evil.example", SCAN, DetectionStatus.DETECTED);
        // Released by hand before: no longer in quarantine.
        Detection releasedBefore = threats.get(3);
        start(RemediationAction.RELEASE, RemediationRequests.Selection.detections(List.of(releasedBefore.detectionId())));
        drain();
        // Deleted by its user from quarantine: a release finds it gone, and it no longer counts as held.
        Detection deleted = threats.get(2);
        mail.delete(adele.id(), deleted.messageId());
        start(RemediationAction.RELEASE, RemediationRequests.Selection.detections(List.of(deleted.detectionId())));
        drain();
        assertThat(stored(deleted).status()).as("the status stays; the trail says it is gone").isEqualTo(DetectionStatus.REMOVED);
        assertThat(detections.countInQuarantine(ACCOUNT, 1000)).as("what offboarding counts").isEqualTo(2);

        List<String> held = List.of(threats.get(0).detectionId(), threats.get(1).detectionId());
        assertThat(requests.inQuarantine(ACCOUNT, 100)).extracting(Detection::detectionId)
                .containsExactlyInAnyOrderElementsOf(held);
        RemediationJob job = start(RemediationAction.RELEASE, RemediationRequests.Selection.everythingInQuarantine());
        assertThat(job.allInQuarantine()).isTrue();
        assertThat(job.moreInQuarantine()).isFalse();
        assertThat(job.total()).isEqualTo(2);
        assertThat(queue.sent).filteredOn(work -> work.jobId().equals(job.jobId())).extracting(RemediationWork::detectionId)
                .as("each held message queued once, nothing else").containsExactlyInAnyOrderElementsOf(held);
        int queuedBefore = queue.sent.size();
        assertThat(requests.request(ACCOUNT, RemediationAction.RELEASE, RemediationRequests.Selection.everythingInQuarantine(),
                null, true)).as("asked again while it runs (a second tab, a double click): the same job")
                .isInstanceOfSatisfying(RemediationRequests.Result.Joined.class,
                        joined -> assertThat(joined.job().jobId()).isEqualTo(job.jobId()));
        assertThat(queue.sent).as("nothing queued twice").hasSize(queuedBefore);
        drain();

        RemediationJob finished = job(job.jobId());
        assertThat(finished.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(finished.done()).isEqualTo(2);
        for (Detection threat : List.of(threats.get(0), threats.get(1))) {
            assertThat(stored(threat).status()).isEqualTo(DetectionStatus.RELEASED);
            assertThat(mail.folderOf(adele.id(), threat.messageId())).as("back where it came from").isEqualTo(threat.folderId());
            assertThat(mail.moves().get(threat.messageId())).as("removed once, released once").isEqualTo(2);
        }
        assertThat(stored(waiting).status()).as("a message still waiting for a decision is not touched")
                .isEqualTo(DetectionStatus.DETECTED);
        assertThat(mail.folderOf(ben.id(), releasedBefore.messageId())).isEqualTo(releasedBefore.folderId());
        assertThat(mail.moves().get(releasedBefore.messageId())).as("released before: not moved again").isEqualTo(2);
        assertThat(detections.find(OTHER, theirs.detectionId()).orElseThrow().status())
                .as("another account's quarantine is not ours to empty").isEqualTo(DetectionStatus.REMOVED);
        assertThat(notifications.ofKind(NotificationKind.REMEDIATION_COMPLETE)).filteredOn(n -> n.notificationId()
                .equals("remediation-" + job.jobId())).singleElement().satisfies(n -> assertThat(n.params())
                .containsEntry("inQuarantine", "true").containsEntry("moreInQuarantine", "false").containsEntry("done", "2"));

        assertThat(detections.countInQuarantine(ACCOUNT, 1000)).as("offboarding may go on").isZero();
        assertThat(requests.request(ACCOUNT, RemediationAction.RELEASE, RemediationRequests.Selection.everythingInQuarantine(),
                null, true)).isEqualTo(new RemediationRequests.Result.NothingToDo(0));
    }

    @Test
    void everythingInQuarantineCanOnlyBeReleased() {
        start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        drain();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> requests.request(ACCOUNT, RemediationAction.REMOVE,
                RemediationRequests.Selection.everythingInQuarantine(), null, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(queue.drain()).isEmpty();
        assertThat(jobs.recent(ACCOUNT, 10)).as("only the removal").hasSize(1);
    }

    @Test
    void releasingEverythingInQuarantineTakesTheNewestTenThousandAndSaysMoreWait() {
        int held = RemediationRequests.MAX_IN_QUARANTINE + 1;
        for (int i = 0; i < held; i++) {
            String messageId = "held-" + i;
            detections.putIfAbsent(new Detection(ACCOUNT, Detection.idFor(ben.id(), messageId), SCAN, DetectionSource.SCAN,
                    ben.id(), ben.mail(), messageId, "<" + messageId + "@x>", "ceo@evil.example", "", "Pay now",
                    NOW.minusSeconds(held - i), mail.inboxOf(ben.id()), ThreatLevel.MALICIOUS, 12, Set.of("BEC"),
                    List.of(), DetectionStatus.REMOVED, NOW));
        }
        RemediationJob job = start(RemediationAction.RELEASE, RemediationRequests.Selection.everythingInQuarantine());
        assertThat(job.total()).isEqualTo(RemediationRequests.MAX_IN_QUARANTINE);
        assertThat(job.moreInQuarantine()).isTrue();
        assertThat(queue.sent).hasSize(RemediationRequests.MAX_IN_QUARANTINE)
                .extracting(RemediationWork::detectionId).as("the oldest waits for the next release")
                .doesNotContain(Detection.idFor(ben.id(), "held-0"));
        assertThat(job(job.jobId()).moreInQuarantine()).as("kept with the job").isTrue();
    }

    @Test
    void releaseIntoAFolderThatNoLongerExistsFallsBackToTheInbox() {
        start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        drain();
        Detection archived = threats.get(2);
        // The user deletes the Archive folder (its messages are elsewhere by now: in quarantine).
        mail.deleteFolder(adele.id(), archived.folderId());
        RemediationJob release = start(RemediationAction.RELEASE,
                RemediationRequests.Selection.detections(List.of(archived.detectionId())));
        drain();
        assertThat(job(release.jobId()).done()).isEqualTo(1);
        assertThat(mail.folderOf(adele.id(), archived.messageId())).isEqualTo(mail.inboxOf(adele.id()));
    }

    @Test
    void aQuarantineFolderTheUserDeletedIsCreatedAgain() {
        start(RemediationAction.REMOVE, RemediationRequests.Selection.detections(List.of(threats.get(0).detectionId())));
        drain();
        String first = quarantineOf(adele);
        mail.userMove(adele.id(), threats.get(0).messageId(), mail.inboxOf(adele.id()));
        mail.deleteFolder(adele.id(), first);
        RemediationJob again = start(RemediationAction.REMOVE,
                RemediationRequests.Selection.detections(List.of(threats.get(1).detectionId())));
        drain();
        assertThat(job(again.jobId()).done()).isEqualTo(1);
        assertThat(quarantineOf(adele)).isNotEqualTo(first);
        assertThat(mail.folderOf(adele.id(), threats.get(1).messageId())).isEqualTo(quarantineOf(adele));
    }

    /**
     * A mailbox that kept a visible quarantine folder from before goes on using it (Graph cannot hide it,
     * and refuses a second one of that name); which mailboxes do is recorded for the administrator, and
     * one whose old folder was deleted gets a hidden one and no longer counts.
     */
    @Test
    void aVisibleQuarantineFolderFromBeforeIsUsedAndRecordedUntilAHiddenOneReplacesIt() {
        String old = mail.addFolder(adele.id(), ScanPageProcessor.QUARANTINE_FOLDER).id();
        start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        drain();
        assertThat(mail.folderOf(adele.id(), threats.get(0).messageId())).as("the visible folder is used").isEqualTo(old);
        assertThat(mail.foldersCreated.get()).as("only ben's is created, hidden").isEqualTo(1);
        assertThat(jobs.visibleQuarantineFolders(ACCOUNT, 10)).singleElement().satisfies(folder -> {
            assertThat(folder.mailboxId()).isEqualTo(adele.id());
            assertThat(folder.mailbox()).isEqualTo("adele@contoso.example");
        });

        // Everything released, the folder deleted: the next removal makes a hidden one.
        start(RemediationAction.RELEASE, RemediationRequests.Selection.everythingInQuarantine());
        drain();
        mail.deleteFolder(adele.id(), old);
        FakeMailboxes.Message next = mail.deliver(adele.id(), NOW.minusSeconds(30), "PHISH again");
        Detection again = threat(ACCOUNT, adele, next, null);
        start(RemediationAction.REMOVE, RemediationRequests.Selection.detections(List.of(again.detectionId())));
        drain();
        assertThat(mail.folderOf(adele.id(), next.id)).isEqualTo(quarantineOf(adele)).isNotEqualTo(old);
        assertThat(jobs.visibleQuarantineFolders(ACCOUNT, 10)).isEmpty();
    }

    @Test
    void anotherAccountsDetectionsAreUnknownAndNothingOfTheirsIsTouched() {
        link(OTHER, "admin@fabrikam.example", "tenant-2");
        Mailbox theirs = mail.addMailbox("zoe@fabrikam.example");
        Detection their = threat(OTHER, theirs, mail.deliver(theirs.id(), NOW.minusSeconds(50), "PHISH"), null);
        RemediationRequests.Result result = requests.request(ACCOUNT, RemediationAction.REMOVE,
                RemediationRequests.Selection.detections(List.of(threats.get(0).detectionId(), their.detectionId())), null, true);
        assertThat(result).isEqualTo(new RemediationRequests.Result.NotFound(List.of(their.detectionId())));
        assertThat(queue.sent).isEmpty();
        assertThat(jobs.recent(ACCOUNT, 10)).isEmpty();
        assertThat(requests.request(ACCOUNT, RemediationAction.REMOVE, RemediationRequests.Selection.scan("no-such-scan"),
                null, true)).isInstanceOf(RemediationRequests.Result.NotFound.class);
        assertThat(mail.moves()).isEmpty();
        assertThat(stored(their).status()).isEqualTo(DetectionStatus.DETECTED);
    }

    @Test
    void aWorkItemNamingAnotherAccountsDetectionFindsNothing() {
        link(OTHER, "admin@fabrikam.example", "tenant-2");
        Mailbox theirs = mail.addMailbox("zoe@fabrikam.example");
        Detection their = threat(OTHER, theirs, mail.deliver(theirs.id(), NOW.minusSeconds(50), "PHISH"), null);
        RemediationJob job = start(RemediationAction.REMOVE, RemediationRequests.Selection.detections(
                List.of(threats.get(0).detectionId())));
        // A forged item: our job, their detection id. Looked up within our account only.
        worker.process(new RemediationWork(ACCOUNT, job.jobId(), their.detectionId()));
        assertThat(mail.moves()).isEmpty();
        assertThat(stored(their).trail().history()).isEmpty();
    }

    @Test
    void withoutAConnectedTenantNothingIsQueued() {
        accounts.create(Account.signedUp("acct-3", "new@contoso.example", "New", Region.US, NOW));
        Mailbox box = mail.addMailbox("new@contoso.example");
        Detection stranded = threat("acct-3", box, mail.deliver(box.id(), NOW.minusSeconds(5), "PHISH"), null);
        // Unknown ids are unknown whatever the account's state...
        assertThat(requests.request("acct-3", RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN), null, true))
                .isInstanceOf(RemediationRequests.Result.NotFound.class);
        // ...and its own detections cannot be moved without a connected tenant.
        assertThat(requests.request("acct-3", RemediationAction.REMOVE,
                RemediationRequests.Selection.detections(List.of(stranded.detectionId())), null, true))
                .isInstanceOf(RemediationRequests.Result.NotConnected.class);
        assertThat(queue.sent).isEmpty();
    }

    @Test
    void policyRemovalsAreRecordedAsSuchAndNotifyNobody() {
        RemediationRequests.Result result = requests.request(ACCOUNT, RemediationAction.REMOVE,
                RemediationRequests.Selection.detections(List.of(threats.get(3).detectionId())), RemediationJob.POLICY, false);
        RemediationJob job = ((RemediationRequests.Result.Created) result).job();
        drain();
        assertThat(job(job.jobId()).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(stored(threats.get(3)).trail().history()).singleElement().extracting(DetectionEvent::by).isEqualTo("policy");
        assertThat(notifications.ofKind(NotificationKind.REMEDIATION_COMPLETE)).isEmpty();
    }

    @Test
    void protectModesRemovalsAreOneJobPerSetOfMessagesHoweverOftenTheyAreAskedFor() {
        PolicyRemediation protect = new PolicyRemediation(requests);
        List<String> ids = List.of(threats.get(3).detectionId(), threats.get(0).detectionId());
        protect.remove(ACCOUNT, ids);
        protect.remove(ACCOUNT, List.of(ids.get(1), ids.get(0))); // a redelivered scan page, in another order
        assertThat(jobs.recent(ACCOUNT, 10)).singleElement().satisfies(job -> {
            assertThat(job.requestedBy()).isEqualTo(RemediationJob.POLICY);
            assertThat(job.recipient()).isNull();
            assertThat(job.total()).isEqualTo(2);
            assertThat(job.jobId()).startsWith("20261201T120000Z-p");
        });
        drain();
        RemediationJob job = jobs.recent(ACCOUNT, 1).get(0);
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.done()).isEqualTo(2);
        assertThat(mail.moves().values()).containsOnly(1);
        protect.remove(ACCOUNT, ids);
        assertThat(queue.drain()).isEmpty();
        assertThat(jobs.recent(ACCOUNT, 10)).hasSize(1);
        assertThat(stored(threats.get(0)).trail().history()).singleElement().extracting(DetectionEvent::by)
                .isEqualTo("policy");
        assertThat(notifications.ofKind(NotificationKind.REMEDIATION_COMPLETE)).isEmpty();
        protect.remove(ACCOUNT, List.of());
        protect.remove(ACCOUNT, List.of("no-such-detection"));
        assertThat(jobs.recent(ACCOUNT, 10)).hasSize(1);
    }

    @Test
    void aRequestWhoseMessagesCannotBeQueuedEndsAtOnceAsFailedMovesNothingAndCanBeAskedAgain() {
        // SQS refuses the third batch: the first items may be queued, the rest not.
        RemediationQueue refusing = items -> {
            queue.enqueue(items.subList(0, 2));
            throw new IllegalStateException("the queue did not answer");
        };
        RemediationRequests.Result result = new RemediationRequests(accounts, detections, scans, jobs, refusing, clock)
                .request(ACCOUNT, RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN), null, true);

        assertThat(result).isInstanceOf(RemediationRequests.Result.NotQueued.class);
        RemediationJob ended = job(((RemediationRequests.Result.NotQueued) result).job().jobId());
        assertThat(ended.status()).as("not left running for ever").isEqualTo(JobStatus.COMPLETED);
        assertThat(ended.failed()).isEqualTo(4);
        assertThat(jobs.failures(ACCOUNT, ended.jobId(), 10)).extracting(RemediationFailure::reason)
                .allSatisfy(reason -> assertThat(reason).contains("not moved"));
        drain(); // the two that were queued after all
        assertThat(threats).allSatisfy(d -> assertThat(stored(d).status()).isEqualTo(DetectionStatus.DETECTED));
        assertThat(mail.findFolder(FakeMicrosoft.TENANT, adele.id(), ScanPageProcessor.QUARANTINE_FOLDER))
                .as("nothing moved").isEmpty();
        assertThat(notifications.sent).as("no completion email for a request the console refused").isEmpty();

        RemediationJob again = start(RemediationAction.REMOVE, RemediationRequests.Selection.scan(SCAN));
        drain();
        assertThat(job(again.jobId()).done()).isEqualTo(4);
        assertThat(threats).allSatisfy(d -> assertThat(stored(d).status()).isEqualTo(DetectionStatus.REMOVED));
    }
}
