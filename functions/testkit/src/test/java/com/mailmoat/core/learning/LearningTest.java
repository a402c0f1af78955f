package com.mailmoat.core.learning;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.remediation.RemediationAction;
import com.mailmoat.core.remediation.RemediationNotices;
import com.mailmoat.core.remediation.RemediationQueue;
import com.mailmoat.core.remediation.RemediationRequests;
import com.mailmoat.core.remediation.RemediationWork;
import com.mailmoat.core.remediation.RemediationWorker;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.FakeMessageLookup;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryLearning;
import com.mailmoat.testkit.InMemoryRemediations;
import com.mailmoat.testkit.InMemoryScans;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingRemediationQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Administrators' verdicts: a Release in the remediation flow and "not a threat" are recorded with
 * who and when and queued; the learner reads the message again and saves the account's model over
 * the version it read; a later opposite verdict is learnt again; a message that is gone teaches
 * nothing. The trainer is faked at its port (the engine's learning is tested in adapters-detect).
 */
class LearningTest {
    private static final Instant NOW = Instant.parse("2026-12-04T09:00:00Z");
    private static final String ACCOUNT = "acct-1";
    /** Mailboxes are searched side by side, as in the function. */
    private static final java.util.concurrent.ExecutorService SEARCHERS = java.util.concurrent.Executors.newFixedThreadPool(4,
            runnable -> {
                Thread thread = new Thread(runnable, "learning-search");
                thread.setDaemon(true);
                return thread;
            });

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryDetections detections = new InMemoryDetections();
    private final InMemoryRemediations jobs = new InMemoryRemediations(detections);
    private final FakeMailboxes mail = new FakeMailboxes();
    private final InMemoryLearning learning = new InMemoryLearning();
    private final RecordingRemediationQueue queue = new RecordingRemediationQueue();
    private final LearningService service = new LearningService(learning, learning, learning, detections, accounts, clock);
    private final RemediationWorker worker = new RemediationWorker(jobs, accounts, mail,
            new RemediationNotices(jobs, new RecordingNotificationQueue(), clock, "https://console.mailmoat.example/"), clock)
            .withLearning(service);
    private final List<String> taught = new ArrayList<>();
    private final ModelTrainer trainer = (current, mime, tenant, key, kind) -> {
        taught.add(key + " " + kind + " " + tenant.accountId() + " " + new String(mime, StandardCharsets.UTF_8).contains("PAYROLL"));
        long n = current == null ? 1 : current.length + 1;
        return new ModelTrainer.Trained(new byte[(int) n], n, kind.label() == FeedbackLabel.LEGITIMATE ? 1 : 0,
                kind.label() == FeedbackLabel.MALICIOUS ? 1 : 0);
    };
    private final FakeMessageLookup lookup = new FakeMessageLookup(mail);
    private final Learner learner = new Learner(learning, learning, trainer, accounts, mail, lookup,
            new TenantProfiles(new FakeMicrosoft(), learning, clock, Duration.ofMinutes(15)), clock)
            .withRemoval(detections, new RemediationRequests(accounts, detections, new InMemoryScans(), jobs, queue, clock))
            .withSearchers(SEARCHERS);
    private Detection payroll;

    @BeforeEach
    void aConnectedAccountWithADetection() {
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, NOW));
        accounts.linkTenant(accounts.findById(ACCOUNT).orElseThrow().withTenant(FakeMicrosoft.TENANT, List.of("contoso.example")));
        Mailbox adele = mail.addMailbox("adele@contoso.example");
        FakeMailboxes.Message message = mail.deliverFrom(adele.id(), NOW.minusSeconds(60), "Payroll <payroll@hr.example>",
                "PAYROLL confirm your details");
        payroll = new Detection(ACCOUNT, Detection.idFor(adele.id(), message.id), "scan-1", DetectionSource.SCAN, adele.id(),
                adele.mail(), message.id, "<p1@hr.example>", "payroll@hr.example", "Payroll", "Confirm", message.received,
                mail.inboxOf(adele.id()), ThreatLevel.SUSPICIOUS, 5, Set.of("PHISHING"), List.of(), DetectionStatus.DETECTED, NOW);
        detections.putIfAbsent(payroll);
    }

    private void remediate(RemediationAction action) {
        RemediationRequests requests = new RemediationRequests(accounts, detections, new InMemoryScans(), jobs, queue, clock);
        RemediationRequests.Result result = requests.request(ACCOUNT, action,
                RemediationRequests.Selection.detections(List.of(payroll.detectionId())), null, true);
        assertThat(result).isInstanceOf(RemediationRequests.Result.Created.class);
        for (RemediationWork work : queue.drain()) {
            assertThat(worker.process(work)).isInstanceOf(RemediationWorker.Outcome.Done.class);
        }
        clock.advance(Duration.ofSeconds(30));
    }

    private void learnAll() {
        for (LearningWork work : learning.drain()) {
            assertThat(learner.process(work)).isInstanceOf(Learner.Outcome.Done.class);
        }
    }

    /** Audit: "Not a threat" on a removed message was accepted, learnt as wanted, and left it in quarantine. */
    @Test
    void notAThreatIsRefusedForAMessageInQuarantineWithWhatToDoInstead() {
        remediate(RemediationAction.REMOVE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.notAThreat(ACCOUNT, payroll.detectionId()))
                .isInstanceOfSatisfying(FeedbackRefusedException.class, e -> assertThat(e.code()).isEqualTo("in_quarantine"))
                .hasMessageContaining("Release it");
        assertThat(learning.find(ACCOUNT, payroll.detectionId())).as("nothing recorded").isEmpty();
        assertThat(detections.find(ACCOUNT, payroll.detectionId()).orElseThrow().status()).isEqualTo(DetectionStatus.REMOVED);
    }

    /** Releasing everything in quarantine (before offboarding, say) judges no message: the model learns nothing. */
    @Test
    void releasingEverythingInQuarantineTeachesNothing() {
        remediate(RemediationAction.REMOVE);
        RemediationRequests requests = new RemediationRequests(accounts, detections, new InMemoryScans(), jobs, queue, clock);
        assertThat(requests.request(ACCOUNT, RemediationAction.RELEASE,
                RemediationRequests.Selection.everythingInQuarantine(), null, true))
                .isInstanceOf(RemediationRequests.Result.Created.class);
        for (RemediationWork work : queue.drain()) {
            assertThat(worker.process(work)).isInstanceOf(RemediationWorker.Outcome.Done.class);
        }
        assertThat(detections.find(ACCOUNT, payroll.detectionId()).orElseThrow().status()).isEqualTo(DetectionStatus.RELEASED);
        assertThat(learning.find(ACCOUNT, payroll.detectionId())).as("no verdict recorded").isEmpty();
        assertThat(learning.drain()).isEmpty();

        // Released by hand, the same message is a verdict.
        remediate(RemediationAction.REMOVE);
        remediate(RemediationAction.RELEASE);
        assertThat(learning.find(ACCOUNT, payroll.detectionId())).isPresent();
    }

    @Test
    void aMissedThreatCannotBeReportedBeforeMicrosoft365IsConnected() {
        accounts.create(Account.signedUp("acct-2", "owner@fabrikam.example", "Fabrikam", Region.US, NOW));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.reportMissed("acct-2", "<m@evil.example>", ""))
                .isInstanceOfSatisfying(FeedbackRefusedException.class, e -> assertThat(e.code()).isEqualTo("not_connected"));
        assertThat(learning.drain()).isEmpty();
    }

    @Test
    void aVerdictWhoseQueueMessageWasLostIsQueuedAgainByTheSweepAndThenLearnt() {
        remediate(RemediationAction.REMOVE);
        remediate(RemediationAction.RELEASE);
        assertThat(learning.drain()).as("the queue loses the release's verdict").hasSize(1);
        StalledVerdicts sweep = new StalledVerdicts(learning, learning, clock);

        assertThat(sweep.requeue().queued()).as("a verdict given a minute ago is not stalled yet").isZero();
        clock.advance(StalledVerdicts.STALLED_AFTER);
        assertThat(sweep.requeue().queued()).isEqualTo(1);
        assertThat(learning.queued).containsExactly(new LearningWork(ACCOUNT, payroll.detectionId()));

        learnAll();
        assertThat(learning.find(ACCOUNT, payroll.detectionId()).orElseThrow().status()).isEqualTo(FeedbackStatus.LEARNED);
        assertThat(service.overview(ACCOUNT).pending()).isZero();
        clock.advance(Duration.ofHours(1));
        assertThat(sweep.requeue().queued()).as("a learnt verdict is not queued again").isZero();
        assertThat(learning.queued).isEmpty();
    }

    @Test
    void aVerdictALearnerKeepsTakingUpIsNotCopiedByTheSweepUntilItsMessageIsGone() {
        remediate(RemediationAction.REMOVE);
        remediate(RemediationAction.RELEASE);
        LearningWork live = learning.drain().get(0);
        StalledVerdicts sweep = new StalledVerdicts(learning, learning, clock);

        // Microsoft throttles the mailbox: the learner takes the verdict up again and again.
        mail.throttle = 1.0;
        clock.advance(Duration.ofMinutes(25));
        assertThat(learner.process(live)).isInstanceOf(Learner.Outcome.RetryAfter.class);
        clock.advance(Duration.ofMinutes(10));
        assertThat(sweep.requeue().queued()).as("35 minutes after it was given, but taken up 10 minutes ago").isZero();

        // Its queue message is lost after that last attempt: over half an hour later the sweep queues it again.
        clock.advance(StalledVerdicts.STALLED_AFTER.minus(Duration.ofMinutes(9)));
        assertThat(sweep.requeue().queued()).isEqualTo(1);
        mail.throttle = 0;
        learnAll();
        assertThat(learning.find(ACCOUNT, payroll.detectionId()).orElseThrow().status()).isEqualTo(FeedbackStatus.LEARNED);
    }

    @Test
    void aVerdictTheLearnerFailsOnEveryTimeIsGivenUpAfterThreeRequeuesAndLearntWhenGivenAgain() {
        service.notAThreat(ACCOUNT, payroll.detectionId());
        LearningWork work = learning.drain().get(0);
        // A fault in learning this one message: every attempt fails (and ends in the dead-letter queue).
        Learner failing = new Learner(learning, learning, (current, mime, tenant, key, kind) -> {
            throw new IllegalStateException("the model grew past its limit");
        }, accounts, mail, new FakeMessageLookup(mail), new TenantProfiles(new FakeMicrosoft(), learning, clock,
                Duration.ofMinutes(15)), clock);
        StalledVerdicts sweep = new StalledVerdicts(learning, learning, clock);

        for (int requeue = 1; requeue <= StalledVerdicts.MAX_REQUEUES; requeue++) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.process(work));
            clock.advance(Duration.ofHours(1));
            assertThat(sweep.requeue()).as("requeue %d", requeue).isEqualTo(new StalledVerdicts.Swept(1, 0));
            assertThat(learning.drain()).containsExactly(work);
            assertThat(service.overview(ACCOUNT).pending()).isEqualTo(1);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.process(work));
        clock.advance(Duration.ofHours(1));
        assertThat(sweep.requeue()).as("given up, not queued a fourth time").isEqualTo(new StalledVerdicts.Swept(0, 1));
        assertThat(learning.queued).isEmpty();
        Feedback givenUp = learning.find(ACCOUNT, payroll.detectionId()).orElseThrow();
        assertThat(givenUp.status()).isEqualTo(FeedbackStatus.FAILED);
        assertThat(givenUp.reason()).contains("could not learn").contains("Give the verdict again");
        assertThat(givenUp.subject()).isEqualTo("Confirm");
        assertThat(service.overview(ACCOUNT).pending()).as("no longer 'being learnt' in the console").isZero();
        clock.advance(Duration.ofHours(1));
        assertThat(sweep.requeue()).isEqualTo(new StalledVerdicts.Swept(0, 0));

        // The fault is fixed; the administrator says "not a threat" again: it is learnt anew.
        service.notAThreat(ACCOUNT, payroll.detectionId());
        assertThat(learning.find(ACCOUNT, payroll.detectionId()).orElseThrow().status()).isEqualTo(FeedbackStatus.PENDING);
        learnAll();
        Feedback learnt = learning.find(ACCOUNT, payroll.detectionId()).orElseThrow();
        assertThat(learnt.status()).isEqualTo(FeedbackStatus.LEARNED);
        assertThat(learnt.reason()).isEmpty();
        assertThat(taught).hasSize(1);
    }

    @Test
    void aReleaseIsRecordedWithWhoAndWhenAndTheModelLearnsIt() {
        remediate(RemediationAction.REMOVE);
        assertThat(learning.queued).as("removing Mailmoat's own detection teaches nothing").isEmpty();
        remediate(RemediationAction.RELEASE);

        Feedback recorded = learning.find(ACCOUNT, payroll.detectionId()).orElseThrow();
        assertThat(recorded.label()).isEqualTo(FeedbackLabel.LEGITIMATE);
        assertThat(recorded.status()).isEqualTo(FeedbackStatus.PENDING);
        assertThat(recorded.latest().kind()).isEqualTo(FeedbackKind.RELEASED);
        assertThat(recorded.latest().by()).isEqualTo("admin@contoso.example");
        assertThat(recorded.latest().jobId()).isNotBlank();
        assertThat(learning.queued).containsExactly(new LearningWork(ACCOUNT, payroll.detectionId()));

        learnAll();
        assertThat(taught).containsExactly(payroll.detectionId() + " RELEASED " + ACCOUNT + " true");
        StoredModel model = learning.load(ACCOUNT).orElseThrow();
        assertThat(model.version()).isEqualTo(1);
        assertThat(model.updatedAt()).isEqualTo(clock.instant());
        assertThat(learning.find(ACCOUNT, payroll.detectionId()).orElseThrow().status()).isEqualTo(FeedbackStatus.LEARNED);
        assertThat(learning.knownDomains(ACCOUNT)).as("wanted mail's sender is a correspondent, no first contact")
                .containsExactly("hr.example");
        LearningService.Overview overview = service.overview(ACCOUNT);
        assertThat(overview.learnedFrom()).isEqualTo(1);
        assertThat(overview.pending()).isZero();

        // The same verdict again ("not a threat") only extends the trail; the opposite one (removed again) is learnt.
        assertThat(service.notAThreat(ACCOUNT, payroll.detectionId())).isPresent();
        assertThat(learning.queued).isEmpty();
        remediate(RemediationAction.REMOVE);
        Feedback reversed = learning.find(ACCOUNT, payroll.detectionId()).orElseThrow();
        assertThat(reversed.label()).isEqualTo(FeedbackLabel.MALICIOUS);
        assertThat(reversed.history()).extracting(FeedbackEntry::kind)
                .containsExactly(FeedbackKind.RELEASED, FeedbackKind.NOT_A_THREAT, FeedbackKind.REMOVED);
        learnAll();
        assertThat(taught).last().isEqualTo(payroll.detectionId() + " REMOVED " + ACCOUNT + " true");
        assertThat(learning.load(ACCOUNT).orElseThrow().version()).isEqualTo(2);
    }

    /** Audit: a released executable ("Invoice_17290.pdf.exe") was learnt as wanted, and similar malware scored lower. */
    @Test
    void releasingMalwareIsRecordedButNeverTeachesTheModelThatMalwareIsWanted() {
        payroll = malware("Payment advice 17290", Set.of("MALWARE"), "ATT_EXECUTABLE", "Invoice_17290.pdf.exe");
        remediate(RemediationAction.REMOVE);
        remediate(RemediationAction.RELEASE);

        Feedback released = learning.find(ACCOUNT, payroll.detectionId()).orElseThrow();
        assertThat(released.label()).as("the administrator's verdict stands in the trail").isEqualTo(FeedbackLabel.LEGITIMATE);
        assertThat(released.latest().kind()).isEqualTo(FeedbackKind.RELEASED);
        assertThat(released.status()).isEqualTo(FeedbackStatus.EXCLUDED);
        assertThat(released.reason()).contains("carries malware").contains("never learns malware as wanted mail");
        assertThat(learning.queued).as("nothing for the learner").isEmpty();
        assertThat(service.overview(ACCOUNT).pending()).isZero();
        assertThat(service.legitimateDetections(ACCOUNT)).as("a later Remove Threats still leaves it where it was released to")
                .containsExactly(payroll.detectionId());
        // Even were it queued (an older queue message), the learner leaves the model alone.
        assertThat(learner.process(new LearningWork(ACCOUNT, payroll.detectionId())))
                .isEqualTo(new Learner.Outcome.Done("not learnt: wanted mail carrying malware"));
        assertThat(taught).isEmpty();
        assertThat(learning.load(ACCOUNT)).isEmpty();

        // Released again: still excluded. Removed after all: that verdict is learnt (it is malware).
        remediate(RemediationAction.REMOVE);
        Feedback removed = learning.find(ACCOUNT, payroll.detectionId()).orElseThrow();
        assertThat(removed.label()).isEqualTo(FeedbackLabel.MALICIOUS);
        assertThat(removed.status()).isEqualTo(FeedbackStatus.PENDING);
        learnAll();
        assertThat(taught).containsExactly(payroll.detectionId() + " REMOVED " + ACCOUNT + " false");
    }

    @Test
    void notAThreatOnMalwareIsNotLearntEitherAndAnArchivedExecutableCountsAsMalware() {
        // Its categories do not say MALWARE, but a reason names an executable inside an archive.
        payroll = malware("Scanned documents", Set.of("PHISHING"), "ATT_ARCHIVE_EXECUTABLE", "scan.zip contains scan.js");
        assertThat(payroll.carriesMalware()).isTrue();
        Feedback marked = service.notAThreat(ACCOUNT, payroll.detectionId()).orElseThrow();
        assertThat(marked.status()).isEqualTo(FeedbackStatus.EXCLUDED);
        assertThat(learning.queued).isEmpty();
        assertThat(detections.find(ACCOUNT, payroll.detectionId()).orElseThrow().status())
                .as("the detection is still marked as the administrator said").isEqualTo(DetectionStatus.NOT_A_THREAT);
        assertThat(service.overview(ACCOUNT).recent()).extracting(Feedback::status).containsExactly(FeedbackStatus.EXCLUDED);
    }

    @Test
    void aReasonThatAddedNoPointsDoesNotMakeMalware() {
        Detection phish = malware("Confirm", Set.of("PHISHING"), "ATT_EXECUTABLE", "setup.exe");
        Detection checked = new Detection(phish.accountId(), phish.detectionId(), phish.scanId(), phish.source(),
                phish.mailboxId(), phish.mailbox(), phish.messageId(), phish.internetMessageId(), phish.sender(),
                phish.senderName(), phish.subject(), phish.receivedAt(), phish.folderId(), phish.level(), phish.score(),
                phish.categories(), List.of(new com.mailmoat.core.detection.Evidence("attachment", "ATT_EXECUTABLE",
                        "An attachment is an executable or script", "setup.exe", 0)), phish.status(), phish.detectedAt());
        assertThat(checked.carriesMalware()).isFalse();
        assertThat(payroll.carriesMalware()).as("phishing without an executable").isFalse();
    }

    /** A malicious detection in a new message of its own, with one attachment reason. */
    private Detection malware(String subject, Set<String> categories, String rule, String evidence) {
        Mailbox ben = mail.addMailbox("ben." + rule.toLowerCase(java.util.Locale.ROOT) + "@contoso.example");
        FakeMailboxes.Message message = mail.deliverFrom(ben.id(), NOW.minusSeconds(60),
                "Billing <billing@mail-delivery-notice.example>", subject);
        Detection detection = new Detection(ACCOUNT, Detection.idFor(ben.id(), message.id), "scan-1", DetectionSource.SCAN,
                ben.id(), ben.mail(), message.id, "<m-" + rule + "@mail-delivery-notice.example>",
                "billing@mail-delivery-notice.example", "Billing", subject, message.received, mail.inboxOf(ben.id()),
                ThreatLevel.MALICIOUS, 15.5, categories, List.of(new com.mailmoat.core.detection.Evidence("attachment", rule,
                        "An attachment is an executable or script", evidence, 9)), DetectionStatus.DETECTED, NOW);
        detections.putIfAbsent(detection);
        return detection;
    }

    @Test
    void anotherLearnerSavingFirstIsRetriedOverItsVersion() {
        service.notAThreat(ACCOUNT, payroll.detectionId());
        learning.conflictsToSimulate = 2;
        learnAll();
        assertThat(learning.load(ACCOUNT).orElseThrow().version()).isEqualTo(3);
        assertThat(taught).hasSize(3);
    }

    @Test
    void aMessageThatIsGoneTeachesNothingAndUnknownDetectionsAreRefused() {
        assertThat(service.notAThreat(ACCOUNT, "0123456789abcdef0123456789abcdef")).isEmpty();
        assertThat(service.notAThreat("another-account", payroll.detectionId())).isEmpty();
        service.notAThreat(ACCOUNT, payroll.detectionId());
        mail.delete(payroll.mailboxId(), payroll.messageId());
        learnAll();
        assertThat(taught).isEmpty();
        assertThat(learning.load(ACCOUNT)).isEmpty();
        Feedback gone = learning.find(ACCOUNT, payroll.detectionId()).orElseThrow();
        assertThat(gone.status()).isEqualTo(FeedbackStatus.UNAVAILABLE);
        assertThat(gone.reason()).isEqualTo("The message is no longer in the mailbox.");
    }

    @Test
    void aMissedThreatNeedsAnInternetMessageIdAndIsFoundInTheMailboxes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.reportMissed(ACCOUNT, "not an id", ""))
                .isInstanceOf(com.mailmoat.core.validation.InvalidInputException.class);
        // The mailbox is an address or nothing: text that would be quoted into the learner's outcome is refused.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.reportMissed(ACCOUNT, "<m@evil.example>",
                        "x@y.example\n14:40:00.000 ERROR forged line"))
                .isInstanceOf(com.mailmoat.core.validation.InvalidInputException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.reportMissed(ACCOUNT, "<m@evil.example>",
                        "contoso.example"))
                .isInstanceOf(com.mailmoat.core.validation.InvalidInputException.class);
        Feedback reported = service.reportMissed(ACCOUNT, "missed-1@evil.example", "");
        assertThat(reported.internetMessageId()).isEqualTo("<missed-1@evil.example>");
        assertThat(reported.label()).isEqualTo(FeedbackLabel.MALICIOUS);
        learnAll(); // no mailbox has it
        Feedback notFound = learning.find(ACCOUNT, reported.key()).orElseThrow();
        assertThat(notFound.status()).isEqualTo(FeedbackStatus.UNAVAILABLE);
        assertThat(notFound.reason()).isEqualTo("No mailbox has a message with this Message-ID.");
        assertThat(service.overview(ACCOUNT).pending()).isZero();

        // Named with a mailbox: the reason says whether the mailbox or the message was not found.
        Feedback inAdele = service.reportMissed(ACCOUNT, "<missed-3@evil.example>", "Adele@contoso.example");
        Feedback inNobody = service.reportMissed(ACCOUNT, "<missed-4@evil.example>", "nobody@contoso.example");
        learnAll();
        assertThat(learning.find(ACCOUNT, inAdele.key()).orElseThrow().reason())
                .isEqualTo("The mailbox adele@contoso.example has no message with this Message-ID.");
        assertThat(learning.find(ACCOUNT, inNobody.key()).orElseThrow().reason())
                .isEqualTo("Your organisation has no mailbox nobody@contoso.example.");
    }

    @Test
    void aMissedThreatBeyondTheMailboxesSearchedAsksForTheRecipientAndIsFoundInTheirs() {
        for (int i = 0; i <= Learner.MAX_MAILBOXES_SEARCHED; i++) {
            mail.addMailbox(String.format("user%03d@contoso.example", i));
        }
        Mailbox last = mail.addMailbox("zz-last@contoso.example");
        mail.deliverMime(last.id(), NOW.minusSeconds(30), "Message-ID: <deep@evil.example>\r\nFrom: x@evil.example\r\n"
                + "Subject: Deep\r\n\r\nPAYROLL");

        Feedback anywhere = service.reportMissed(ACCOUNT, "<deep@evil.example>", "");
        learnAll();
        assertThat(learning.find(ACCOUNT, anywhere.key()).orElseThrow().reason()).as("not 'no mailbox has it'")
                .isEqualTo("None of the first 500 of your organisation's 503 mailboxes has a message with this "
                        + "Message-ID. Give the recipient's address to search their mailbox.");

        Feedback named = service.reportMissed(ACCOUNT, "<deep@evil.example>", "zz-last@contoso.example");
        int listings = mail.mailboxListings.get();
        learnAll();
        assertThat(learning.find(ACCOUNT, named.key()).orElseThrow().status()).isEqualTo(FeedbackStatus.LEARNED);
        assertThat(mail.mailboxListings.get() - listings).as("the mailboxes are listed once").isEqualTo(1);
        assertThat(detections.find(ACCOUNT, Detection.idFor(last.id(), mail.messages(last.id()).get(0).id)).orElseThrow()
                .mailbox()).isEqualTo("zz-last@contoso.example");
    }

    private record Reported(Mailbox mailbox, FakeMailboxes.Message message, Feedback feedback) {
        String key() {
            return feedback.key();
        }

        /** The detection the learner creates for it. */
        String detectionId() {
            return Detection.idFor(mailbox.id(), message.id);
        }
    }

    /** A message Mailmoat did not flag in Ben's mailbox, reported by the administrator as a missed threat. */
    private Reported reportedInBensMailbox(String internetMessageId) {
        Mailbox ben = mail.addMailbox("ben@contoso.example");
        FakeMailboxes.Message missed = mail.deliverMime(ben.id(), NOW.minusSeconds(30), "Message-ID: " + internetMessageId
                + "\r\nFrom: orders@stationery.example\r\nSubject: Invoice\r\n\r\nPAYROLL");
        return new Reported(ben, missed, service.reportMissed(ACCOUNT, internetMessageId, "ben@contoso.example"));
    }

    @Test
    void aReportedMissedThreatIsLearntAndRemovedToQuarantineOnTheReportersBehalf() {
        Reported report = reportedInBensMailbox("<missed-2@stationery.example>");
        learnAll();
        assertThat(taught).containsExactly(report.key() + " REPORTED " + ACCOUNT + " true");
        Feedback learnt = learning.find(ACCOUNT, report.key()).orElseThrow();
        assertThat(learnt.status()).isEqualTo(FeedbackStatus.LEARNED);
        assertThat(learnt.subject()).as("known once the message was found").isEqualTo("Invoice");
        assertThat(learnt.messageId()).isEqualTo(report.message().id);

        Detection detection = detections.find(ACCOUNT, report.detectionId()).orElseThrow();
        assertThat(detection.source()).isEqualTo(DetectionSource.REPORTED);
        assertThat(detection.mailbox()).isEqualTo("ben@contoso.example");
        List<RemediationWork> removal = queue.drain();
        assertThat(removal).extracting(RemediationWork::detectionId).containsExactly(detection.detectionId());
        assertThat(worker.process(removal.get(0))).isInstanceOf(RemediationWorker.Outcome.Done.class);
        assertThat(detections.find(ACCOUNT, detection.detectionId()).orElseThrow().status()).isEqualTo(DetectionStatus.REMOVED);
        assertThat(learning.queued).as("the removal teaches nothing twice").isEmpty();
    }

    @Test
    void theReportedMessagesCopiesInOtherMailboxesAreRemovedTooButNotTheSendersOwnNorOneAScanFlagged() {
        String mime = "Message-ID: <campaign@stationery.example>\r\nFrom: orders@stationery.example\r\n"
                + "Subject: Invoice\r\n\r\nPAYROLL";
        Mailbox carol = mail.addMailbox("carol@contoso.example");
        FakeMailboxes.Message carolsCopy = mail.deliverMime(carol.id(), NOW.minusSeconds(40), mime);
        Mailbox sender = mail.addMailbox("orders@stationery.example");
        FakeMailboxes.Message sendersCopy = mail.deliverMime(sender.id(), NOW.minusSeconds(50), mime);
        Mailbox dan = mail.addMailbox("dan@contoso.example");
        FakeMailboxes.Message dansCopy = mail.deliverMime(dan.id(), NOW.minusSeconds(45), mime);
        Detection flagged = new Detection(ACCOUNT, Detection.idFor(dan.id(), dansCopy.id), "scan-1", DetectionSource.SCAN,
                dan.id(), dan.mail(), dansCopy.id, "<campaign@stationery.example>", "orders@stationery.example", "Orders",
                "Invoice", dansCopy.received, mail.inboxOf(dan.id()), ThreatLevel.SUSPICIOUS, 5, Set.of("PHISHING"), List.of(),
                DetectionStatus.DETECTED, NOW);
        detections.putIfAbsent(flagged);

        Reported report = reportedInBensMailbox("<campaign@stationery.example>");
        int listings = mail.mailboxListings.get();
        learnAll();
        assertThat(mail.mailboxListings.get() - listings).as("the mailboxes are listed once").isEqualTo(1);

        String carolsDetection = Detection.idFor(carol.id(), carolsCopy.id);
        List<RemediationWork> removal = queue.drain();
        assertThat(removal).extracting(RemediationWork::detectionId)
                .containsExactlyInAnyOrder(report.detectionId(), carolsDetection);
        removal.forEach(work -> assertThat(worker.process(work)).isInstanceOf(RemediationWorker.Outcome.Done.class));
        assertThat(jobs.recent(ACCOUNT, 10)).as("one Remove job on the reporter's behalf").singleElement()
                .satisfies(job -> assertThat(job.total()).isEqualTo(2));
        Detection carols = detections.find(ACCOUNT, carolsDetection).orElseThrow();
        assertThat(carols.source()).isEqualTo(DetectionSource.REPORTED);
        assertThat(carols.mailbox()).isEqualTo("carol@contoso.example");
        assertThat(carols.status()).isEqualTo(DetectionStatus.REMOVED);
        assertThat(mail.folderOf(carol.id(), carolsCopy.id)).as("in quarantine").isNotEqualTo(mail.inboxOf(carol.id()));
        assertThat(mail.folderOf(sender.id(), sendersCopy.id)).as("the sender's own copy stays")
                .isEqualTo(mail.inboxOf(sender.id()));
        assertThat(detections.find(ACCOUNT, flagged.detectionId()).orElseThrow().status())
                .as("the scan's detection is the administrator's to decide on").isEqualTo(DetectionStatus.DETECTED);
    }

    @Test
    void aSearchMicrosoftThrottlesIsTriedAgainAfterTheWaitItAskedFor() {
        Reported report = reportedInBensMailbox("<throttled@stationery.example>");
        List<LearningWork> work = learning.drain();
        lookup.throttleNext.set(1);
        assertThat(learner.process(work.get(0))).isEqualTo(new Learner.Outcome.RetryAfter(Duration.ofSeconds(2),
                "Microsoft asked to wait"));
        assertThat(learning.find(ACCOUNT, report.key()).orElseThrow().status()).isEqualTo(FeedbackStatus.PENDING);
        assertThat(learner.process(work.get(0))).isInstanceOf(Learner.Outcome.Done.class);
        assertThat(queue.drain()).extracting(RemediationWork::detectionId).containsExactly(report.detectionId());
    }

    @Test
    void aLearnerThatCrashesBeforeTheRemovalIsQueuedRemovesTheReportedMessageOnItsRetryOnce() {
        Reported report = reportedInBensMailbox("<missed-3@stationery.example>");
        List<LearningWork> work = learning.drain();
        RemediationQueue crashingOnce = new RemediationQueue() {
            private boolean crashed;

            @Override
            public void enqueue(List<RemediationWork> items) {
                if (!crashed) {
                    crashed = true;
                    throw new IllegalStateException("the learner's process died here");
                }
                queue.enqueue(items);
            }
        };
        Learner crashing = new Learner(learning, learning, trainer, accounts, mail, new FakeMessageLookup(mail),
                new TenantProfiles(new FakeMicrosoft(), clock, Duration.ofMinutes(15)), clock)
                .withRemoval(detections, new RemediationRequests(accounts, detections, new InMemoryScans(), jobs, crashingOnce, clock));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> crashing.process(work.get(0)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(learning.find(ACCOUNT, report.key()).orElseThrow().status())
                .as("not marked learnt, so the queue delivers it again").isNotEqualTo(FeedbackStatus.LEARNED);
        assertThat(crashing.process(work.get(0))).isInstanceOf(Learner.Outcome.Done.class);
        assertThat(crashing.process(work.get(0))).as("a third delivery").isInstanceOf(Learner.Outcome.Done.class);

        String detectionId = report.detectionId();
        List<RemediationWork> removal = queue.drain();
        assertThat(removal).extracting(RemediationWork::detectionId).containsExactly(detectionId);
        assertThat(worker.process(removal.get(0))).isInstanceOf(RemediationWorker.Outcome.Done.class);
        assertThat(detections.find(ACCOUNT, detectionId).orElseThrow().status()).isEqualTo(DetectionStatus.REMOVED);
        assertThat(jobs.recent(ACCOUNT, 10)).as("one Remove job, on behalf of the administrator who reported it")
                .singleElement().satisfies(job -> assertThat(job.requestedBy()).isEqualTo("admin@contoso.example"));
        assertThat(learning.find(ACCOUNT, report.key()).orElseThrow().status()).isEqualTo(FeedbackStatus.LEARNED);
    }

    @Test
    void sayingNotAThreatTwiceRecordsItOnce() {
        service.notAThreat(ACCOUNT, payroll.detectionId());
        service.notAThreat(ACCOUNT, payroll.detectionId());
        assertThat(learning.find(ACCOUNT, payroll.detectionId()).orElseThrow().history()).as("one verdict in its history")
                .hasSize(1);
        assertThat(detections.find(ACCOUNT, payroll.detectionId()).orElseThrow().trail().history()).hasSize(1);
    }

    @Test
    void notAThreatMarksTheMessageWhichARemovalByHandStillTakes() {
        service.notAThreat(ACCOUNT, payroll.detectionId());
        Detection marked = detections.find(ACCOUNT, payroll.detectionId()).orElseThrow();
        assertThat(marked.status()).isEqualTo(DetectionStatus.NOT_A_THREAT);
        assertThat(marked.trail().history()).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("NOT_A_THREAT");
            assertThat(event.by()).isEqualTo("admin@contoso.example");
        });
        assertThat(mail.folderOf(marked.mailboxId(), marked.messageId())).as("left where it is").isEqualTo(marked.folderId());

        remediate(RemediationAction.REMOVE); // picked by hand: the later decision wins
        assertThat(detections.find(ACCOUNT, payroll.detectionId()).orElseThrow().status()).isEqualTo(DetectionStatus.REMOVED);
        assertThat(learning.find(ACCOUNT, payroll.detectionId()).orElseThrow().label()).isEqualTo(FeedbackLabel.MALICIOUS);
    }

    @Test
    void aNotAThreatStillSparesItsMessageAfterAThousandLaterVerdicts() {
        service.notAThreat(ACCOUNT, payroll.detectionId());
        for (int i = 0; i < 1_000; i++) {
            clock.advance(Duration.ofSeconds(1));
            service.reportMissed(ACCOUNT, "<missed-" + i + "@evil.example>", "");
        }
        LearningService.Overview overview = service.overview(ACCOUNT);
        assertThat(overview.recent()).as("the panel shows the newest").hasSize(20)
                .allSatisfy(f -> assertThat(f.detectionId()).isEmpty());
        assertThat(overview.pending()).isEqualTo(20);
        assertThat(overview.pendingMore()).as("older ones wait too: 'at least 20'").isTrue();
        assertThat(service.legitimateDetections(ACCOUNT)).as("removing the scan's threats leaves it alone")
                .containsExactly(payroll.detectionId());
    }

    @Test
    void aVerdictWhoseQueueingWasLostIsQueuedAgainWhenTheAdministratorRepeatsIt() {
        LearningService losing = new LearningService(learning, learning, work -> {
            throw new IllegalStateException("the queue did not answer");
        }, detections, accounts, clock);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> losing.notAThreat(ACCOUNT, payroll.detectionId()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(learning.find(ACCOUNT, payroll.detectionId()).orElseThrow().status()).isEqualTo(FeedbackStatus.PENDING);

        service.notAThreat(ACCOUNT, payroll.detectionId()); // the console shows the error; the admin clicks again
        learnAll();
        assertThat(taught).containsExactly(payroll.detectionId() + " NOT_A_THREAT " + ACCOUNT + " true");
        assertThat(learning.find(ACCOUNT, payroll.detectionId()).orElseThrow().status()).isEqualTo(FeedbackStatus.LEARNED);

        service.notAThreat(ACCOUNT, payroll.detectionId());
        assertThat(learning.drain()).as("learnt: the same verdict again changes nothing").isEmpty();
    }
}
