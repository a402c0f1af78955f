package com.mailmoat.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.remediation.JobStatus;
import com.mailmoat.core.remediation.RemediationAction;
import com.mailmoat.core.remediation.RemediationJob;
import com.mailmoat.core.remediation.RemediationNotices;
import com.mailmoat.core.remediation.RemediationWorker;
import com.mailmoat.core.scan.ScanPageProcessor;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryRemediations;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingQueueControl;
import com.mailmoat.testkit.SampleEvents;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The remediation sample through its handler: its message is moved once, however often SQS delivers it. */
class RemediationHandlerTest {
    private static final String ACCOUNT = "0d5c1f3e-2a4b-4c6d-8e9f-001122334455";
    private static final String JOB = "20261123T173000Z-5e6f7a8b9c0d";
    private static final String DETECTION = "9c4f1d2e3b4a59687766554433221100";
    private static final Instant NOW = Instant.parse("2026-11-23T17:30:05Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryDetections detections = new InMemoryDetections();
    private final InMemoryRemediations jobs = new InMemoryRemediations(detections);
    private final FakeMailboxes mail = new FakeMailboxes();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final RecordingQueueControl queues = new RecordingQueueControl();
    private final RemediationHandler handler = new RemediationHandler(new RemediationWorker(jobs, accounts, mail,
            new RemediationNotices(jobs, notifications, clock, "https://console.mailmoat.example/"), clock), queues);
    private Mailbox box;
    private FakeMailboxes.Message message;

    @BeforeEach
    void aJobOverOneDetectedMessage() {
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, NOW));
        accounts.linkTenant(accounts.findById(ACCOUNT).orElseThrow().withTenant(FakeMicrosoft.TENANT, List.of("contoso.example")));
        box = mail.addMailbox("adele@contoso.example");
        message = mail.deliver(box.id(), NOW.minusSeconds(3600), "PHISH");
        detections.putIfAbsent(new Detection(ACCOUNT, DETECTION, "20261123T170000Z-1a2b3c4d", DetectionSource.SCAN,
                box.id(), box.mail(), message.id, "<x@evil.example>", "ceo@evil.example", "CEO", "Wire today",
                message.received, mail.inboxOf(box.id()), ThreatLevel.MALICIOUS, 12, Set.of("BEC"), List.of(),
                DetectionStatus.DETECTED, NOW));
        jobs.create(RemediationJob.started(ACCOUNT, JOB, RemediationAction.REMOVE, FakeMicrosoft.TENANT,
                "admin@contoso.example", "admin@contoso.example", null, 1, NOW));
    }

    private static SQSEvent sample() {
        return SampleEvents.sqs("RemediationFunction").get(0).event();
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void theSampleQuarantinesItsMessageOnceAndCompletesTheJob() {
        assertThat(failed(handler.handleRequest(sample(), null))).isEmpty();
        assertThat(failed(handler.handleRequest(sample(), null))).isEmpty();
        String quarantine = mail.findFolder(FakeMicrosoft.TENANT, box.id(), ScanPageProcessor.QUARANTINE_FOLDER).orElseThrow().id();
        assertThat(mail.folderOf(box.id(), message.id)).isEqualTo(quarantine);
        assertThat(mail.moves()).containsEntry(message.id, 1).hasSize(1);
        RemediationJob job = jobs.find(ACCOUNT, JOB).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.done()).isEqualTo(1);
        assertThat(detections.find(ACCOUNT, DETECTION).orElseThrow().status()).isEqualTo(DetectionStatus.REMOVED);
        assertThat(notifications.ofKind(NotificationKind.REMEDIATION_COMPLETE)).hasSize(1);
    }

    @Test
    void aThrottledMoveWaitsOnTheQueueForMicrosoftsRetryAfter() {
        mail.failNextMoves(FakeMailboxes.MoveFault.THROTTLE);
        SQSEvent event = sample();
        assertThat(failed(handler.handleRequest(event, null))).containsExactly(event.getRecords().get(0).getMessageId());
        assertThat(queues.visibilityChanges).singleElement().satisfies(d -> assertThat(d.seconds()).isEqualTo(2));
        assertThat(jobs.find(ACCOUNT, JOB).orElseThrow().finishedItems()).isZero();
        assertThat(failed(handler.handleRequest(sample(), null))).isEmpty();
        assertThat(mail.moves()).containsEntry(message.id, 1);
    }

    @Test
    void aMoveCommittedButAnswered504IsNotSentAgain() {
        mail.failNextMoves(FakeMailboxes.MoveFault.COMMIT_THEN_504);
        assertThat(failed(handler.handleRequest(sample(), null))).isEmpty();
        assertThat(mail.moves()).containsEntry(message.id, 1);
        assertThat(jobs.find(ACCOUNT, JOB).orElseThrow().done()).isEqualTo(1);
    }

    @Test
    void anUnreadableMessageEndsInTheDeadLetterQueue() {
        SQSEvent event = sample();
        event.getRecords().get(0).setBody("{\"jobId\":\"x\"}");
        assertThat(failed(handler.handleRequest(event, null))).isEmpty();
        assertThat(queues.deadLettered).containsExactly(event.getRecords().get(0).getMessageId());
    }

    @Test
    void anItemThatFailsOnItsLastReceiveIsRecordedAsFailedSoTheJobCompletes() {
        jobs.create(RemediationJob.started(ACCOUNT, "20261123T173000Z-ffffffffffff", RemediationAction.REMOVE,
                FakeMicrosoft.TENANT, "admin@contoso.example", "admin@contoso.example", null, 1, NOW));
        SQSEvent event = sample();
        SQSEvent.SQSMessage record = event.getRecords().get(0);
        record.setBody(record.getBody().replace(JOB, "20261123T173000Z-ffffffffffff"));
        mail.brokenWith = new IllegalStateException("a bug");
        record.getAttributes().put("ApproximateReceiveCount", "2");
        assertThat(failed(handler.handleRequest(event, null))).containsExactly(record.getMessageId());
        record.getAttributes().put("ApproximateReceiveCount", String.valueOf(queues.maxReceiveCount(record.getEventSourceArn())));
        assertThat(failed(handler.handleRequest(event, null))).isEmpty();
        RemediationJob job = jobs.find(ACCOUNT, "20261123T173000Z-ffffffffffff").orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.failed()).isEqualTo(1);
        assertThat(jobs.failures(ACCOUNT, job.jobId(), 10)).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("could not complete"));
    }
}
