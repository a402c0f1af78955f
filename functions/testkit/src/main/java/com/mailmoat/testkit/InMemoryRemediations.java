package com.mailmoat.testkit;

import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionEvent;
import com.mailmoat.core.detection.DetectionTrail;
import com.mailmoat.core.remediation.ItemOutcome;
import com.mailmoat.core.remediation.ItemResult;
import com.mailmoat.core.remediation.JobStatus;
import com.mailmoat.core.remediation.RemediationFailure;
import com.mailmoat.core.remediation.RemediationJob;
import com.mailmoat.core.remediation.RemediationRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remediation jobs in memory, with the same rules as the DynamoDB store: one job at a time holds a
 * detection, an outcome is recorded once per job and detection together with the job's counter
 * and the detection's change (kept in the given {@link InMemoryDetections}); a job's claim on its
 * selection lasts until it completes.
 */
public final class InMemoryRemediations implements RemediationRepository {
    private record Held(String jobId, Instant until, boolean attempted) {
    }

    private record Sighting(String mailbox, boolean visible, Instant at) {
    }

    private final InMemoryDetections detections;
    private final Map<String, RemediationJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, ItemResult> items = new ConcurrentHashMap<>();
    private final Map<String, Held> locks = new ConcurrentHashMap<>();
    private final Map<String, String> folders = new ConcurrentHashMap<>();
    /** Per account and mailbox: the quarantine folder as last seen (null value never stored). */
    private final Map<String, Map<String, Sighting>> sightings = new ConcurrentHashMap<>();
    /** Selection claims: account + selection key to the job holding it, and each job's key. */
    private final Map<String, String> claims = new ConcurrentHashMap<>();
    private final Map<String, String> claimOf = new ConcurrentHashMap<>();

    public InMemoryRemediations(InMemoryDetections detections) {
        this.detections = detections;
    }

    @Override
    public synchronized void create(RemediationJob job) {
        if (jobs.putIfAbsent(key(job.accountId(), job.jobId()), job) != null) {
            throw new IllegalStateException("Job " + job.jobId() + " exists");
        }
    }

    @Override
    public synchronized Optional<String> createClaiming(RemediationJob job, String selectionKey, String staleHolder) {
        String claimKey = key(job.accountId(), selectionKey);
        String holder = claims.get(claimKey);
        if (holder != null && !holder.equals(staleHolder)) {
            return Optional.of(holder);
        }
        create(job);
        claims.put(claimKey, job.jobId());
        claimOf.put(key(job.accountId(), job.jobId()), selectionKey);
        return Optional.empty();
    }

    @Override
    public Optional<RemediationJob> find(String accountId, String jobId) {
        return Optional.ofNullable(jobs.get(key(accountId, jobId)));
    }

    @Override
    public List<RemediationJob> recent(String accountId, int limit) {
        return jobs.values().stream().filter(j -> j.accountId().equals(accountId))
                .sorted(Comparator.comparing(RemediationJob::jobId).reversed()).limit(limit).toList();
    }

    @Override
    public List<RemediationFailure> failures(String accountId, String jobId, int limit) {
        String prefix = key(accountId, jobId) + "\n";
        return items.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue).filter(r -> r.outcome() == ItemOutcome.FAILED)
                .sorted(Comparator.comparing(ItemResult::detectionId))
                .limit(limit)
                .map(r -> new RemediationFailure(r.detectionId(), r.mailbox(), r.subject(), r.reason())).toList();
    }

    @Override
    public boolean isRecorded(String accountId, String jobId, String detectionId) {
        return items.containsKey(key(accountId, jobId) + "\n" + detectionId);
    }

    @Override
    public synchronized Lock lock(String accountId, String detectionId, String jobId, Instant now, Duration lease) {
        Optional<Detection> detection = detections.find(accountId, detectionId);
        if (detection.isEmpty()) {
            return new Lock.Missing();
        }
        String key = key(accountId, detectionId);
        Held held = locks.get(key);
        if (held != null && held.jobId() != null && !held.jobId().equals(jobId) && held.until().isAfter(now)) {
            return new Lock.Busy();
        }
        boolean attempted = held != null && held.attempted();
        locks.put(key, new Held(jobId, now.plus(lease), attempted));
        return new Lock.Acquired(detection.get(), attempted);
    }

    @Override
    public synchronized void markMoveAttempted(String accountId, String detectionId, String jobId, Instant at) {
        String key = key(accountId, detectionId);
        Held held = locks.get(key);
        if (held == null || !jobId.equals(held.jobId())) {
            throw new IllegalStateException("Job " + jobId + " no longer holds detection " + detectionId);
        }
        locks.put(key, new Held(held.jobId(), held.until(), true));
    }

    @Override
    public synchronized boolean record(ItemResult result) {
        String itemKey = key(result.accountId(), result.jobId()) + "\n" + result.detectionId();
        if (items.containsKey(itemKey)) {
            Held held = locks.get(key(result.accountId(), result.detectionId()));
            if (held != null && result.jobId().equals(held.jobId())) {
                locks.put(key(result.accountId(), result.detectionId()), new Held(null, Instant.MIN, held.attempted()));
            }
            return false;
        }
        RemediationJob job = jobs.get(key(result.accountId(), result.jobId()));
        if (job == null) {
            throw new IllegalStateException("Job " + result.jobId() + " does not exist");
        }
        if (result.detectionExists()) {
            String detectionKey = key(result.accountId(), result.detectionId());
            Held held = locks.get(detectionKey);
            if (held == null || !result.jobId().equals(held.jobId())) {
                throw new IllegalStateException("Job " + result.jobId() + " no longer holds detection " + result.detectionId());
            }
            Detection d = detections.find(result.accountId(), result.detectionId()).orElseThrow();
            List<DetectionEvent> history = new ArrayList<>(d.trail().history());
            history.add(result.event());
            DetectionTrail trail = new DetectionTrail(result.folderId() != null ? result.folderId() : d.trail().currentFolderId(),
                    d.trail().messageGone() || result.messageGone(), history);
            detections.replace(d.withStatus(result.newStatus() != null ? result.newStatus() : d.status(), trail));
            locks.remove(detectionKey);
        }
        items.put(itemKey, result);
        jobs.put(key(job.accountId(), job.jobId()), new RemediationJob(job.accountId(), job.jobId(), job.action(),
                job.status(), job.tenantId(), job.requestedBy(), job.recipient(), job.scanId(), job.total(),
                job.done() + (result.outcome() == ItemOutcome.DONE ? 1 : 0),
                job.alreadyGone() + (result.outcome() == ItemOutcome.ALREADY_GONE ? 1 : 0),
                job.failed() + (result.outcome() == ItemOutcome.FAILED ? 1 : 0),
                job.alreadyDone() + (result.outcome() == ItemOutcome.ALREADY_DONE ? 1 : 0),
                job.createdAt(), job.finishedAt(), job.notifiedAt(), job.allInQuarantine(), job.moreInQuarantine()));
        return true;
    }

    @Override
    public synchronized boolean complete(String accountId, String jobId, Instant at) {
        RemediationJob job = jobs.get(key(accountId, jobId));
        if (job == null || job.status() != JobStatus.RUNNING) {
            return false;
        }
        jobs.put(key(accountId, jobId), new RemediationJob(job.accountId(), job.jobId(), job.action(),
                JobStatus.COMPLETED, job.tenantId(), job.requestedBy(), job.recipient(), job.scanId(), job.total(),
                job.done(), job.alreadyGone(), job.failed(), job.alreadyDone(), job.createdAt(), at, job.notifiedAt(),
                job.allInQuarantine(), job.moreInQuarantine()));
        String claimed = claimOf.remove(key(accountId, jobId));
        if (claimed != null) {
            claims.remove(key(accountId, claimed), jobId);
        }
        return true;
    }

    @Override
    public synchronized void markNotified(String accountId, String jobId, Instant at) {
        RemediationJob job = jobs.get(key(accountId, jobId));
        if (job != null && job.notifiedAt() == null) {
            jobs.put(key(accountId, jobId), new RemediationJob(job.accountId(), job.jobId(), job.action(), job.status(),
                    job.tenantId(), job.requestedBy(), job.recipient(), job.scanId(), job.total(), job.done(),
                    job.alreadyGone(), job.failed(), job.alreadyDone(), job.createdAt(), job.finishedAt(), at,
                    job.allInQuarantine(), job.moreInQuarantine()));
        }
    }

    @Override
    public Optional<String> quarantineFolder(String accountId, String mailboxId) {
        return Optional.ofNullable(folders.get(key(accountId, mailboxId)));
    }

    @Override
    public void rememberQuarantineFolder(String accountId, String mailboxId, String folderId) {
        folders.put(key(accountId, mailboxId), folderId);
    }

    @Override
    public void forgetQuarantineFolder(String accountId, String mailboxId) {
        folders.remove(key(accountId, mailboxId));
    }

    @Override
    public void sawQuarantineFolder(String accountId, String mailboxId, String mailbox, boolean visible, Instant at) {
        sightings.computeIfAbsent(accountId, a -> new ConcurrentHashMap<>()).put(mailboxId, new Sighting(mailbox, visible, at));
    }

    @Override
    public List<VisibleFolder> visibleQuarantineFolders(String accountId, int limit) {
        return sightings.getOrDefault(accountId, Map.of()).entrySet().stream().filter(e -> e.getValue().visible())
                .sorted(Map.Entry.comparingByKey()).limit(limit)
                .map(e -> new VisibleFolder(e.getKey(), e.getValue().mailbox(), e.getValue().at())).toList();
    }

    /** Lets a lock lapse as if its lease had run out (a crashed worker). */
    public void expireLock(String accountId, String detectionId) {
        locks.computeIfPresent(key(accountId, detectionId), (k, l) -> new Held(l.jobId(), Instant.MIN, l.attempted()));
    }

    private static String key(String a, String b) {
        return a + "\n" + b;
    }
}
