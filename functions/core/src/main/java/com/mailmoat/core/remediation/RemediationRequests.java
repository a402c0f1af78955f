package com.mailmoat.core.remediation;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionEvent;
import com.mailmoat.core.detection.DetectionPage;
import com.mailmoat.core.detection.DetectionQuery;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.scan.ScanRepository;
import com.mailmoat.core.security.SecretTokens;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Starts remediation jobs: resolves the selection within the caller's account (hand-picked
 * detections, every threat of a scan, a sender's waiting messages, or everything in quarantine), keeps the messages the action applies to, creates the
 * job and queues one work item per message. The console calls it for an administrator; the
 * real-time path calls it with {@link RemediationJob#POLICY} as {@code requestedBy}.
 */
public final class RemediationRequests {
    /** The most detections one hand-picked request may name. */
    public static final int MAX_SELECTED = 1000;
    /** The most messages one "remove everything from this sender" takes (the newest, when more wait). */
    public static final int MAX_BY_SENDER = 10_000;
    /** The most messages one "release everything in quarantine" takes (the newest, when more wait). */
    public static final int MAX_IN_QUARANTINE = 10_000;
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountRepository accounts;
    private final DetectionRepository detections;
    private final ScanRepository scans;
    private final RemediationRepository jobs;
    private final RemediationQueue queue;
    private final Clock clock;
    private Function<String, Set<String>> declaredLegitimate = accountId -> Set.of();
    private com.mailmoat.core.activity.Activity activity = com.mailmoat.core.activity.Activity.NONE;

    public RemediationRequests(AccountRepository accounts, DetectionRepository detections, ScanRepository scans,
                               RemediationRepository jobs, RemediationQueue queue, Clock clock) {
        this.accounts = accounts;
        this.detections = detections;
        this.scans = scans;
        this.jobs = jobs;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * Where to find the detections the administrator has said are not threats ("Not a threat"), so
     * that removing a whole scan's threats leaves them (and released ones) where they are. Picking
     * such a detection by id still removes it: a later verdict wins.
     */
    public RemediationRequests withDeclaredLegitimate(Function<String, Set<String>> detectionIdsByAccount) {
        this.declaredLegitimate = Objects.requireNonNull(detectionIdsByAccount, "detectionIdsByAccount");
        return this;
    }

    /** Records each removal or release the administrator starts (how many, which selection) in the activity log. */
    public RemediationRequests withActivity(com.mailmoat.core.activity.Activity log) {
        this.activity = Objects.requireNonNull(log, "log");
        return this;
    }

    /**
     * Which detections a request is about: exactly one of the four is set. A sender (one address,
     * any case) selects every detection of that address still waiting for the administrator, across
     * every scan and real-time check; {@code inQuarantine} every detection whose message Mailmoat holds
     * in quarantine now (status {@link DetectionStatus#REMOVED}), for a release.
     */
    public record Selection(List<String> detectionIds, String scanId, String sender, boolean inQuarantine) {
        public Selection {
            int set = (detectionIds == null ? 0 : 1) + (scanId == null ? 0 : 1) + (sender == null ? 0 : 1)
                    + (inQuarantine ? 1 : 0);
            if (set != 1) {
                throw new IllegalArgumentException("Select either detection ids, a scan, a sender or everything in quarantine");
            }
            detectionIds = detectionIds == null ? null : List.copyOf(new LinkedHashSet<>(detectionIds));
        }

        public static Selection detections(List<String> ids) {
            return new Selection(ids, null, null, false);
        }

        public static Selection scan(String scanId) {
            return new Selection(null, scanId, null, false);
        }

        public static Selection sender(String address) {
            return new Selection(null, null, address, false);
        }

        /** Every message in quarantine now: released, at most {@link #MAX_IN_QUARANTINE} at a time. */
        public static Selection everythingInQuarantine() {
            return new Selection(null, null, null, true);
        }
    }

    /** What a request led to. */
    public sealed interface Result {
        /**
         * A job was created and its messages queued; {@code skipped} selected ones did not need the action.
         * The job says whether it released everything in quarantine, and whether more were waiting than it took.
         */
        record Created(RemediationJob job, int skipped) implements Result {
        }

        /**
         * A job of the same action over the same selection was already running: nothing new was
         * started, and this request follows that job (its one completion notice covers both).
         */
        record Joined(RemediationJob job) implements Result {
        }

        /** Named detections (or the scan) do not exist in this account: nothing was done. */
        record NotFound(List<String> missing) implements Result {
        }

        /** Every selected message is already in the state the action would bring: nothing was done. */
        record NothingToDo(int selected) implements Result {
        }

        /**
         * The scan's threats that were still waiting were found again by a later scan and are listed (and
         * removed) with it now; nothing of this scan is left to remove. Nothing was done.
         *
         * @param laterScanId the latest scan that took them over
         */
        record FoundAgainLater(String laterScanId) implements Result {
        }

        /** No Microsoft 365 tenant is connected: nothing can be moved. */
        record NotConnected() implements Result {
        }

        /**
         * The job was created but its messages could not be queued: it is completed at once with
         * every message recorded as failed (none waits for ever; one that was queued after all is
         * skipped by the worker), and nothing was moved. Asking again starts a new job.
         */
        record NotQueued(RemediationJob job) implements Result {
        }
    }

    /**
     * @param requestedBy {@link RemediationJob#POLICY}, or null for the account's administrator (their address)
     * @param notify      tell the account's administrator when the job completes
     */
    public Result request(String accountId, RemediationAction action, Selection selection, String requestedBy,
                          boolean notify) {
        Objects.requireNonNull(action, "action");
        Optional<Account> account = accounts.findById(accountId);
        if (account.isEmpty()) {
            return new Result.NotConnected();
        }
        List<Detection> selected = new ArrayList<>();
        boolean moreInQuarantine = false;
        if (selection.inQuarantine()) {
            if (action != RemediationAction.RELEASE) {
                throw new IllegalArgumentException("Everything in quarantine can only be released");
            }
            List<Detection> held = inQuarantine(accountId, MAX_IN_QUARANTINE + 1);
            moreInQuarantine = held.size() > MAX_IN_QUARANTINE;
            selected.addAll(moreInQuarantine ? held.subList(0, MAX_IN_QUARANTINE) : held);
        } else if (selection.sender() != null) {
            if (action != RemediationAction.REMOVE) {
                throw new IllegalArgumentException("A sender's messages can only be removed");
            }
            selected.addAll(waitingFrom(accountId, selection.sender()));
        } else if (selection.scanId() != null) {
            if (scans.find(accountId, selection.scanId()).isEmpty()) {
                return new Result.NotFound(List.of(selection.scanId()));
            }
            List<Detection> ofScan = detections.forScan(accountId, selection.scanId());
            if (action == RemediationAction.REMOVE) {
                // The admin's own verdicts stand: released or "not a threat" messages are not swept up again.
                Set<String> legitimate = declaredLegitimate.apply(accountId);
                ofScan = ofScan.stream().filter(d -> d.status() != DetectionStatus.RELEASED
                        && d.status() != DetectionStatus.NOT_A_THREAT
                        && !legitimate.contains(d.detectionId())).toList();
            }
            selected.addAll(ofScan);
        } else {
            if (selection.detectionIds().size() > MAX_SELECTED) {
                throw new IllegalArgumentException("At most " + MAX_SELECTED + " detections per request");
            }
            List<String> missing = new ArrayList<>();
            for (String id : selection.detectionIds()) {
                detections.find(accountId, id).ifPresentOrElse(selected::add, () -> missing.add(id));
            }
            if (!missing.isEmpty()) {
                return new Result.NotFound(missing);
            }
        }
        if (!account.get().isTenantLinked()) {
            return new Result.NotConnected();
        }
        List<Detection> applicable = selected.stream().filter(action::appliesTo).toList();
        if (applicable.isEmpty()) {
            if (selection.scanId() != null && action == RemediationAction.REMOVE) {
                List<String> later = scans.foundAgainBy(accountId, selection.scanId());
                if (!later.isEmpty()) {
                    return new Result.FoundAgainLater(later.get(later.size() - 1));
                }
            }
            return new Result.NothingToDo(selected.size());
        }
        Instant now = clock.instant();
        RemediationJob started = RemediationJob.started(accountId, newJobId(now), action, account.get().tenantId(),
                requestedBy == null ? com.mailmoat.core.activity.Acting.member().orElse(account.get().email()) : requestedBy, notify ? account.get().email() : null, selection.scanId(), applicable.size(), now);
        RemediationJob job = selection.inQuarantine() ? started.releasingAllInQuarantine(moreInQuarantine) : started;
        Optional<RemediationJob> running = createUnlessRunning(job, selectionKey(action, selection));
        if (running.isPresent()) {
            return new Result.Joined(running.get());
        }
        try {
            queue.enqueue(applicable.stream()
                    .map(d -> new RemediationWork(accountId, job.jobId(), d.detectionId())).toList());
        } catch (RuntimeException e) {
            endUnqueued(job, applicable);
            return new Result.NotQueued(job);
        }
        if (requestedBy == null) {
            // One entry a job, not one a message; Protect's own removals are the detections' history.
            activity.record(accountId, null, job.requestedBy(), action == RemediationAction.REMOVE
                    ? com.mailmoat.core.activity.ActivityKind.REMOVAL_STARTED
                    : com.mailmoat.core.activity.ActivityKind.RELEASE_STARTED, () -> (action == RemediationAction.REMOVE
                    ? "Started removing " : "Started releasing ")
                    + com.mailmoat.core.activity.Activity.count(applicable.size(), "message", "messages")
                    + (selection.inQuarantine() ? ": everything in quarantine"
                    : selection.sender() != null ? " from " + selection.sender()
                    : selection.scanId() != null ? " found by the Threat Scan of " + scans.find(accountId, selection.scanId())
                            .map(com.mailmoat.core.scan.Scan::startedAt).filter(Objects::nonNull)
                            .map(at -> at.toString().substring(0, 10)).orElse("an earlier day")
                    : " chosen on Detections"));
        }
        return new Result.Created(job, selected.size() - applicable.size());
    }

    /**
     * Creates the job unless a running job of the same action already handles the same selection
     * (a double click, a second tab, a retried request): then that job, which this request joins.
     * The claim is one conditional write, so two concurrent requests cannot both start a job; a
     * claim left by a job that has ended is taken over.
     */
    private Optional<RemediationJob> createUnlessRunning(RemediationJob job, String selectionKey) {
        String stale = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<String> holder = jobs.createClaiming(job, selectionKey, stale);
            if (holder.isEmpty()) {
                return Optional.empty();
            }
            Optional<RemediationJob> holding = jobs.find(job.accountId(), holder.get());
            if (holding.isPresent() && holding.get().status() == JobStatus.RUNNING) {
                return holding;
            }
            stale = holder.get();
        }
        throw new IllegalStateException("The selection's claim kept changing hands; try again");
    }

    /** The first {@code hexDigits} of the text's SHA-256 in hex: a short key whatever the text's size. */
    private static String hashPrefix(String text, int hexDigits) {
        return SecretTokens.hash(text).substring(0, hexDigits);
    }

    /**
     * Names what a request selected, for one action: the scan, or the set of detection ids (hashed,
     * to keep the key short whatever the selection's size). The order of the ids does not matter.
     */
    static String selectionKey(RemediationAction action, Selection selection) {
        if (selection.inQuarantine()) {
            return action.name() + "#quarantine";
        }
        if (selection.scanId() != null) {
            return action.name() + "#scan#" + selection.scanId();
        }
        if (selection.sender() != null) {
            return action.name() + "#sender#" + hashPrefix(selection.sender().strip().toLowerCase(java.util.Locale.ROOT), 32);
        }
        StringBuilder ids = new StringBuilder();
        selection.detectionIds().stream().sorted().forEach(id -> ids.append(id).append('\n'));
        return action.name() + "#ids#" + hashPrefix(ids.toString(), 32);
    }

    /**
     * The detections from this sender address (exactly, any case) still waiting for the administrator,
     * newest first, across every scan: what removing the sender's messages would move. Those the
     * administrator declared not threats are left out, as when a scan's threats are removed. At most
     * {@link #MAX_BY_SENDER}.
     */
    public List<Detection> waitingFrom(String accountId, String sender) {
        String address = sender.strip();
        Set<String> legitimate = declaredLegitimate.apply(accountId);
        List<Detection> waiting = new ArrayList<>();
        String cursor = null;
        do {
            // The search's sender filter is a substring match (a domain finds its addresses): narrowed to the address here.
            DetectionPage page = detections.search(accountId, new DetectionQuery(DetectionQuery.MAX_LIMIT, cursor, null,
                    null, DetectionStatus.DETECTED, null, address, null, null, null, null));
            for (Detection d : page.items()) {
                if (d.sender() != null && d.sender().equalsIgnoreCase(address) && !legitimate.contains(d.detectionId())) {
                    waiting.add(d);
                    if (waiting.size() == MAX_BY_SENDER) {
                        return waiting;
                    }
                }
            }
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return waiting;
    }

    /**
     * The detections whose message is in quarantine now ({@link Detection#inQuarantine()}), newest received first, each once: what releasing everything in
     * quarantine would move. At most {@code limit}.
     */
    public List<Detection> inQuarantine(String accountId, int limit) {
        java.util.Map<String, Detection> held = new java.util.LinkedHashMap<>();
        String cursor = null;
        do {
            DetectionPage page = detections.search(accountId, new DetectionQuery(DetectionQuery.MAX_LIMIT, cursor, null,
                    null, DetectionStatus.REMOVED, null, null, null, null, null, null));
            for (Detection d : page.items()) {
                if (d.inQuarantine()) {
                    held.putIfAbsent(d.detectionId(), d);
                    if (held.size() == limit) {
                        return List.copyOf(held.values());
                    }
                }
            }
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return List.copyOf(held.values());
    }

    /**
     * Records every message of a job that could not be queued as failed, and completes the job. The
     * detections are left as they are (this job never held them), as when the worker gives an item up.
     */
    private void endUnqueued(RemediationJob job, List<Detection> items) {
        String reason = "The work queue did not accept this message, so it was not moved. Try again.";
        Instant now = clock.instant();
        for (Detection d : items) {
            jobs.record(new ItemResult(job.accountId(), job.jobId(), d.detectionId(), ItemOutcome.FAILED, d.mailbox(),
                    d.subject(), reason, null, null, false, new DetectionEvent(job.action().name(),
                    ItemOutcome.FAILED.name(), job.requestedBy(), now, job.jobId(), null, reason), false));
        }
        jobs.complete(job.accountId(), job.jobId(), now);
        // The console said so at once: no completion email about a request it refused.
        jobs.markNotified(job.accountId(), job.jobId(), now);
    }

    /** Removal by policy (Protect), asked again for every redelivery: see {@link #requestOnce}. */
    public Result requestForPolicy(String accountId, List<String> detectionIds) {
        return requestOnce(accountId, detectionIds, RemediationJob.POLICY);
    }

    /**
     * One Remove job over the given detections, with an id derived from them, so asking again (a
     * redelivered queue message, a retry after a crash) finds the same job instead of starting
     * another. While that job runs, its items are queued again (a lost enqueue is made good; an item
     * already recorded is skipped by the worker); once it completed, nothing happens. Detections
     * that do not exist are left out; those already removed are counted as already gone by the
     * worker. No completion email: the caller is a policy or a reporter, not the console.
     *
     * @param requestedBy {@link RemediationJob#POLICY} or the person on whose behalf it is removed
     */
    public Result requestOnce(String accountId, List<String> detectionIds, String requestedBy) {
        Objects.requireNonNull(requestedBy, "requestedBy");
        List<Detection> selected = new ArrayList<>();
        for (String id : new java.util.TreeSet<>(detectionIds)) {
            detections.find(accountId, id).ifPresent(selected::add);
        }
        if (selected.isEmpty()) {
            return new Result.NotFound(List.copyOf(detectionIds));
        }
        String jobId = onceJobId(selected);
        Optional<RemediationJob> existing = jobs.find(accountId, jobId);
        if (existing.isPresent()) {
            if (existing.get().status() == JobStatus.COMPLETED) {
                return new Result.NothingToDo(selected.size());
            }
            queue.enqueue(selected.stream().map(d -> new RemediationWork(accountId, jobId, d.detectionId())).toList());
            return new Result.Created(existing.get(), 0);
        }
        Optional<Account> account = accounts.findById(accountId);
        if (account.isEmpty() || !account.get().isTenantLinked()) {
            return new Result.NotConnected();
        }
        if (selected.stream().noneMatch(RemediationAction.REMOVE::appliesTo)) {
            return new Result.NothingToDo(selected.size());
        }
        RemediationJob job = RemediationJob.started(accountId, jobId, RemediationAction.REMOVE, account.get().tenantId(),
                requestedBy, null, null, selected.size(), clock.instant());
        try {
            jobs.create(job);
        } catch (RuntimeException concurrentlyCreated) {
            if (jobs.find(accountId, jobId).isEmpty()) {
                throw concurrentlyCreated;
            }
        }
        queue.enqueue(selected.stream().map(d -> new RemediationWork(accountId, jobId, d.detectionId())).toList());
        return new Result.Created(job, 0);
    }

    /** Sorts with the time its messages were detected; the rest is a hash of the detection ids. */
    static String onceJobId(List<Detection> selected) {
        Instant first = selected.stream().map(Detection::detectedAt).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo).orElse(Instant.EPOCH);
        StringBuilder ids = new StringBuilder();
        selected.stream().map(Detection::detectionId).sorted().forEach(id -> ids.append(id).append('\n'));
        return ID_TIME.format(first) + "-p" + hashPrefix(ids.toString(), 16);
    }

    /** A job id that sorts by creation time: {@code 20261206T195000Z-1a2b3c4d5e6f}. */
    static String newJobId(Instant at) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return ID_TIME.format(at) + "-" + HexFormat.of().formatHex(random);
    }

}
