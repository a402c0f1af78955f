package com.mailmoat.adapters.aws.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.adapters.aws.detection.DynamoDetectionRepository;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionEvent;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.Evidence;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.remediation.ItemOutcome;
import com.mailmoat.core.remediation.ItemResult;
import com.mailmoat.core.remediation.JobStatus;
import com.mailmoat.core.remediation.RemediationAction;
import com.mailmoat.core.remediation.RemediationFailure;
import com.mailmoat.core.remediation.RemediationJob;
import com.mailmoat.core.remediation.RemediationRepository.Lock;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Jobs, per-message outcomes, the detection lock and audit trail against DynamoDB Local. */
class DynamoRemediationRepositoryTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static final Instant NOW = Instant.parse("2026-11-23T17:30:00Z");
    private static final Duration LEASE = Duration.ofMinutes(20);
    private static String jobsTable;
    private static String detectionsTable;

    private DynamoRemediationRepository jobs;
    private DynamoDetectionRepository detections;
    private String account;
    private Detection detection;

    @BeforeAll
    static void tables() {
        jobsTable = LocalDynamoDb.tables().get("JobsTable");
        detectionsTable = LocalDynamoDb.tables().get("DetectionsTable");
    }

    @BeforeEach
    void aDetectionAndAJob() {
        jobs = new DynamoRemediationRepository(DYNAMO, jobsTable, detectionsTable);
        detections = new DynamoDetectionRepository(DYNAMO, detectionsTable);
        account = "acct-" + System.nanoTime();
        detection = new Detection(account, Detection.idFor("mbx-1", "msg-1"), "scan-1", DetectionSource.SCAN, "mbx-1",
                "adele@contoso.example", "msg-1", "<x@evil.example>", "ceo@evil.example", "CEO", "Wire <b>today</b>",
                NOW.minusSeconds(60), "inbox-1", ThreatLevel.MALICIOUS, 12.5, Set.of("BEC"),
                List.of(new Evidence("bec", "BEC_WIRE", "Asks for a wire", "wire", 5)), DetectionStatus.DETECTED, NOW);
        detections.putIfAbsent(detection);
        jobs.create(RemediationJob.started(account, "20261123T173000Z-aaaa", RemediationAction.REMOVE, "tenant-1",
                "admin@contoso.example", "admin@contoso.example", "scan-1", 2, NOW));
    }

    private ItemResult done(String jobId, String detectionId) {
        return new ItemResult(account, jobId, detectionId, ItemOutcome.DONE, "adele@contoso.example", "Wire", "",
                DetectionStatus.REMOVED, "quarantine-1", false,
                new DetectionEvent("REMOVE", "DONE", "admin@contoso.example", NOW, jobId, "quarantine-1", ""), true);
    }

    @Test
    void aJobRoundTripsAndListsNewestFirst() {
        jobs.create(RemediationJob.started(account, "20261123T180000Z-bbbb", RemediationAction.RELEASE, "tenant-1",
                "policy", null, null, 1, NOW.plusSeconds(1800)));
        assertThat(jobs.find(account, "20261123T173000Z-aaaa")).hasValueSatisfying(job -> {
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(job.total()).isEqualTo(2);
            assertThat(job.scanId()).isEqualTo("scan-1");
            assertThat(job.recipient()).isEqualTo("admin@contoso.example");
        });
        assertThat(jobs.recent(account, 10)).extracting(RemediationJob::jobId)
                .containsExactly("20261123T180000Z-bbbb", "20261123T173000Z-aaaa");
        assertThat(jobs.recent("nobody", 10)).isEmpty();
        assertThat(jobs.find("nobody", "20261123T173000Z-aaaa")).isEmpty();
    }

    @Test
    void aReleaseOfEverythingInQuarantineIsRememberedAsSuchThroughItsClaimAndCompletion() {
        RemediationJob all = RemediationJob.started(account, "20261123T181000Z-cccc", RemediationAction.RELEASE, "tenant-1",
                "admin@contoso.example", "admin@contoso.example", null, 1, NOW).releasingAllInQuarantine(true);
        assertThat(jobs.createClaiming(all, "RELEASE#quarantine", null)).isEmpty();
        assertThat(jobs.find(account, all.jobId())).hasValueSatisfying(job -> {
            assertThat(job.allInQuarantine()).isTrue();
            assertThat(job.moreInQuarantine()).isTrue();
        });
        assertThat(jobs.createClaiming(RemediationJob.started(account, "20261123T181000Z-dddd", RemediationAction.RELEASE,
                "tenant-1", "admin@contoso.example", null, null, 1, NOW).releasingAllInQuarantine(false),
                "RELEASE#quarantine", null)).as("the running one holds the selection").contains(all.jobId());
        jobs.complete(account, all.jobId(), NOW.plusSeconds(5));
        jobs.markNotified(account, all.jobId(), NOW.plusSeconds(6));
        assertThat(jobs.find(account, all.jobId())).hasValueSatisfying(job -> {
            assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(job.allInQuarantine()).isTrue();
        });
        assertThat(jobs.find(account, "20261123T173000Z-aaaa").orElseThrow().allInQuarantine())
                .as("other selections are not").isFalse();
    }

    @Test
    void theLatestLookAtEachMailboxsQuarantineFolderSaysWhichAreVisible() {
        jobs.sawQuarantineFolder(account, "mbx-1", "adele@contoso.example", true, NOW);
        jobs.sawQuarantineFolder(account, "mbx-2", "ben@contoso.example", false, NOW);
        jobs.sawQuarantineFolder(account, "mbx-3", "cara@contoso.example", true, NOW);
        assertThat(jobs.visibleQuarantineFolders(account, 10)).extracting(f -> f.mailbox())
                .containsExactlyInAnyOrder("adele@contoso.example", "cara@contoso.example");
        assertThat(jobs.visibleQuarantineFolders(account, 1)).hasSize(1);

        jobs.sawQuarantineFolder(account, "mbx-1", "adele@contoso.example", false, NOW.plusSeconds(60));
        assertThat(jobs.visibleQuarantineFolders(account, 10)).singleElement().satisfies(f -> {
            assertThat(f.mailboxId()).isEqualTo("mbx-3");
            assertThat(f.seenAt()).isEqualTo(NOW);
        });
        assertThat(jobs.visibleQuarantineFolders("nobody", 10)).isEmpty();
        assertThat(jobs.recent(account, 10)).as("no job is made of them").hasSize(1);
    }

    @Test
    void oneJobAtATimeHoldsADetectionUntilItRecordsOrTheLeaseEnds() {
        String id = detection.detectionId();
        assertThat(jobs.lock(account, id, "job-a", NOW, LEASE)).isInstanceOfSatisfying(Lock.Acquired.class, a -> {
            assertThat(a.detection().subject()).isEqualTo("Wire <b>today</b>");
            assertThat(a.moveAttempted()).isFalse();
        });
        assertThat(jobs.lock(account, id, "job-b", NOW.plusSeconds(60), LEASE)).isInstanceOf(Lock.Busy.class);
        jobs.markMoveAttempted(account, id, "job-a", NOW);
        assertThat(jobs.lock(account, id, "job-a", NOW.plusSeconds(60), LEASE))
                .isInstanceOfSatisfying(Lock.Acquired.class, a -> assertThat(a.moveAttempted()).isTrue());
        assertThatThrownBy(() -> jobs.markMoveAttempted(account, id, "job-b", NOW)).isInstanceOf(IllegalStateException.class);
        // A lapsed lease lets another job take it; the attempt marker stays so it looks before moving.
        assertThat(jobs.lock(account, id, "job-b", NOW.plus(LEASE).plusSeconds(120), LEASE))
                .isInstanceOfSatisfying(Lock.Acquired.class, a -> assertThat(a.moveAttempted()).isTrue());
        assertThat(jobs.lock(account, "no-such-detection", "job-a", NOW, LEASE)).isInstanceOf(Lock.Missing.class);
        assertThat(jobs.lock("other-account", id, "job-a", NOW, LEASE)).isInstanceOf(Lock.Missing.class);
    }

    @Test
    void anOutcomeIsRecordedOnceWithTheCounterAndTheDetectionsStatusPlaceAndTrail() {
        String jobId = "20261123T173000Z-aaaa";
        String id = detection.detectionId();
        jobs.lock(account, id, jobId, NOW, LEASE);
        jobs.markMoveAttempted(account, id, jobId, NOW);
        assertThat(jobs.isRecorded(account, jobId, id)).isFalse();
        assertThat(jobs.record(done(jobId, id))).isTrue();
        assertThat(jobs.isRecorded(account, jobId, id)).isTrue();

        Detection after = detections.find(account, id).orElseThrow();
        assertThat(after.status()).isEqualTo(DetectionStatus.REMOVED);
        assertThat(after.currentFolderId()).isEqualTo("quarantine-1");
        assertThat(after.folderId()).isEqualTo("inbox-1");
        assertThat(after.trail().history()).singleElement().satisfies(e -> {
            assertThat(e.by()).isEqualTo("admin@contoso.example");
            assertThat(e.at()).isEqualTo(NOW);
            assertThat(e.jobId()).isEqualTo(jobId);
        });
        assertThat(after.reasons()).hasSize(1);
        // The lock and the attempt marker are gone with the record.
        assertThat(jobs.lock(account, id, "job-z", NOW, LEASE))
                .isInstanceOfSatisfying(Lock.Acquired.class, a -> assertThat(a.moveAttempted()).isFalse());

        // A redelivery records nothing more (and lets go of a lock it took again).
        jobs.lock(account, id, jobId, NOW.plus(LEASE).plusSeconds(1), LEASE);
        assertThat(jobs.record(done(jobId, id))).isFalse();
        assertThat(detections.find(account, id).orElseThrow().trail().history()).hasSize(1);
        assertThat(jobs.find(account, jobId).orElseThrow().done()).isEqualTo(1);
        assertThat(jobs.lock(account, id, "job-y", NOW.plus(LEASE).plusSeconds(2), LEASE)).isInstanceOf(Lock.Acquired.class);
    }

    @Test
    void aJobThatLostItsLockRecordsNothing() {
        String id = detection.detectionId();
        jobs.lock(account, id, "job-a", NOW, LEASE);
        jobs.lock(account, id, "20261123T173000Z-aaaa", NOW.plus(LEASE).plusSeconds(1), LEASE);
        assertThatThrownBy(() -> jobs.record(done("job-a", id))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failuresAreListedCountsAddUpAndTheJobCompletesOnce() {
        String jobId = "20261123T173000Z-aaaa";
        jobs.lock(account, detection.detectionId(), jobId, NOW, LEASE);
        jobs.record(done(jobId, detection.detectionId()));
        assertThat(jobs.record(new ItemResult(account, jobId, "gone-detection", ItemOutcome.FAILED, "", "", 
                "The detection no longer exists.", null, null, false,
                new DetectionEvent("REMOVE", "FAILED", "admin@contoso.example", NOW, jobId, null, "x"), false))).isTrue();
        RemediationJob job = jobs.find(account, jobId).orElseThrow();
        assertThat(job.done()).isEqualTo(1);
        assertThat(job.failed()).isEqualTo(1);
        assertThat(job.allItemsFinished()).isTrue();
        assertThat(jobs.failures(account, jobId, 10)).containsExactly(
                new RemediationFailure("gone-detection", "", "", "The detection no longer exists."));

        assertThat(jobs.complete(account, jobId, NOW.plusSeconds(5))).isTrue();
        assertThat(jobs.complete(account, jobId, NOW.plusSeconds(6))).isFalse();
        jobs.markNotified(account, jobId, NOW.plusSeconds(7));
        jobs.markNotified(account, jobId, NOW.plusSeconds(8));
        RemediationJob completed = jobs.find(account, jobId).orElseThrow();
        assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(completed.finishedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(completed.notifiedAt()).isEqualTo(NOW.plusSeconds(7));
    }

    @Test
    void aSelectionIsClaimedByOneRunningJobUntilItCompletesAndAnAlreadyDoneItemIsCountedApart() {
        RemediationJob first = RemediationJob.started(account, "20261123T174000Z-c1", RemediationAction.REMOVE, "tenant-1",
                "admin@contoso.example", "admin@contoso.example", null, 1, NOW);
        RemediationJob second = RemediationJob.started(account, "20261123T174000Z-c2", RemediationAction.REMOVE, "tenant-1",
                "admin@contoso.example", "admin@contoso.example", null, 1, NOW);

        assertThat(jobs.createClaiming(first, "REMOVE#ids#abc", null)).isEmpty();
        assertThat(jobs.createClaiming(second, "REMOVE#ids#abc", null)).as("held by the running job").contains(first.jobId());
        assertThat(jobs.find(account, second.jobId())).as("nothing written for the loser").isEmpty();
        assertThat(jobs.recent(account, 10)).as("claims are not listed as jobs").extracting(RemediationJob::jobId)
                .containsExactlyInAnyOrder(first.jobId(), "20261123T173000Z-aaaa");

        jobs.lock(account, detection.detectionId(), first.jobId(), NOW, LEASE);
        jobs.record(new ItemResult(account, first.jobId(), detection.detectionId(), ItemOutcome.ALREADY_DONE,
                "adele@contoso.example", "Wire", "moved by another Mailmoat request", null, null, false,
                new DetectionEvent("REMOVE", "ALREADY_DONE", "admin@contoso.example", NOW, first.jobId(), null, ""), true));
        assertThat(jobs.find(account, first.jobId()).orElseThrow().alreadyDone()).isEqualTo(1);
        assertThat(jobs.find(account, first.jobId()).orElseThrow().alreadyGone()).isZero();
        assertThat(jobs.complete(account, first.jobId(), NOW.plusSeconds(5))).isTrue();

        assertThat(jobs.createClaiming(second, "REMOVE#ids#abc", null)).as("let go when the job completed").isEmpty();
        assertThat(jobs.find(account, second.jobId())).isPresent();
    }

    @Test
    void aClaimLeftByAnEndedJobIsTakenOverOnlyByNamingIt() {
        RemediationJob first = RemediationJob.started(account, "20261123T175000Z-d1", RemediationAction.RELEASE, "tenant-1",
                "admin@contoso.example", null, "scan-1", 1, NOW);
        RemediationJob second = RemediationJob.started(account, "20261123T175000Z-d2", RemediationAction.RELEASE, "tenant-1",
                "admin@contoso.example", null, "scan-1", 1, NOW);
        assertThat(jobs.createClaiming(first, "RELEASE#scan#scan-1", null)).isEmpty();

        assertThat(jobs.createClaiming(second, "RELEASE#scan#scan-1", "some-other-job")).contains(first.jobId());
        assertThat(jobs.createClaiming(second, "RELEASE#scan#scan-1", first.jobId())).isEmpty();
        assertThat(jobs.find(account, second.jobId())).isPresent();
    }

    @Test
    void eachMailboxsQuarantineFolderIsRemembered() {
        assertThat(jobs.quarantineFolder(account, "mbx-1")).isEmpty();
        jobs.rememberQuarantineFolder(account, "mbx-1", "folder-q");
        assertThat(jobs.quarantineFolder(account, "mbx-1")).contains("folder-q");
        assertThat(jobs.quarantineFolder(account, "mbx-2")).isEmpty();
        assertThat(jobs.recent(account, 10)).hasSize(1);
        jobs.forgetQuarantineFolder(account, "mbx-1");
        assertThat(jobs.quarantineFolder(account, "mbx-1")).isEmpty();
    }
}
