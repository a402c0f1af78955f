package com.mailmoat.core.scan;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.detection.Assessment;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.MessageInspector;
import com.mailmoat.core.detection.MimeHeaders;
import com.mailmoat.core.detection.TenantProfile;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.microsoft.MailFolder;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MessageSummary;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.core.microsoft.MimeResult;
import com.mailmoat.core.microsoft.ReceivedPage;
import com.mailmoat.core.policy.EffectivePolicy;
import com.mailmoat.core.policy.PolicyAction;
import com.mailmoat.core.policy.PolicyRemovals;
import com.mailmoat.core.policy.ScanPolicies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * Reads one page of one mailbox for a scan: lists the next messages by received time, fetches
 * their MIME concurrently (a few at a time, within Microsoft's per-mailbox limit), judges each
 * with the detection engine, records a detection for every message that is not CLEAN, then moves
 * the cursor and the scan's counters in one conditional write and queues the next page.
 *
 * <p>Exactness: a page commits only from the cursor version it read, so a redelivered page changes
 * nothing twice; detections are keyed by message, so re-judging never records one twice; messages
 * judged before a throttled one are kept (the cursor remembers them), so a page makes progress even
 * when many calls are throttled, and the rest waits on the queue for Microsoft's Retry-After: the
 * page's work item itself is kept (its visibility is the wait, which also works on a FIFO queue) and
 * queues its successor when it returns.
 */
public final class ScanPageProcessor {
    /**
     * The display name of the folder remediation moves threats to, created hidden in each mailbox
     * (older tenants may have a visible one, which is kept); a scan never reads it.
     */
    public static final String QUARANTINE_FOLDER = "Mailmoat Quarantine";
    /** Graph's largest page of messages. */
    private static final int GRAPH_MAX_TOP = 1000;
    /** How long a message whose fetch failed for another reason waits before its retry, unless configured. */
    public static final Duration FAILURE_RETRY = Duration.ofSeconds(5);
    /** Recipients of one sent message taken into the sender history (a mass mailing teaches no more). */
    private static final int MAX_RECIPIENTS_REMEMBERED = 20;

    /** What became of a work item. */
    public sealed interface Outcome {
        /** Handled (or found handled before): the work item is done. */
        record Done(String note) implements Outcome {
        }

        /** Nothing could be read now (e.g. the listing was throttled): retry the same item after the delay. */
        record RetryAfter(Duration delay) implements Outcome {
        }
    }

    private final ScanRepository scans;
    private final AccountRepository accounts;
    private final MailboxGateway mailboxes;
    private final MessageInspector inspector;
    private final DetectionRepository detections;
    private final TenantProfiles profiles;
    private final ScanPageQueue pages;
    private final ScanFinisher finisher;
    private final ExecutorService fetchers;
    private final int pageSize;
    private final int concurrency;
    private final Clock clock;
    private final PageHook hook;
    private final ScanPolicies policies;
    private final PolicyRemovals removals;
    private int mimeBatch = 1;
    private Duration failureRetry = FAILURE_RETRY;
    private com.mailmoat.core.remediation.QuarantineFolderSightings quarantineFolders =
            com.mailmoat.core.remediation.QuarantineFolderSightings.NONE;

    /**
     * @param fetchers    threads that fetch and judge messages (shared by concurrent pages)
     * @param pageSize    messages per page
     * @param concurrency MIME fetches in flight per page (Microsoft allows 4 per mailbox)
     */
    public ScanPageProcessor(ScanRepository scans, AccountRepository accounts, MailboxGateway mailboxes,
                             MessageInspector inspector, DetectionRepository detections, TenantProfiles profiles,
                             ScanPageQueue pages, ScanFinisher finisher, ExecutorService fetchers, int pageSize,
                             int concurrency, Clock clock, PageHook hook) {
        this(scans, accounts, mailboxes, inspector, detections, profiles, pages, finisher, fetchers, pageSize, concurrency,
                clock, hook, null, PolicyRemovals.NONE);
    }

    /**
     * @param policies what applies per recipient and sender (null: the Default Policy in the account's
     *                 mode for everyone, no sender lists)
     * @param removals where Protect sends malicious mail
     */
    public ScanPageProcessor(ScanRepository scans, AccountRepository accounts, MailboxGateway mailboxes,
                             MessageInspector inspector, DetectionRepository detections, TenantProfiles profiles,
                             ScanPageQueue pages, ScanFinisher finisher, ExecutorService fetchers, int pageSize,
                             int concurrency, Clock clock, PageHook hook, ScanPolicies policies, PolicyRemovals removals) {
        this.policies = policies;
        this.removals = removals;
        this.scans = scans;
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.inspector = inspector;
        this.detections = detections;
        this.profiles = profiles;
        this.pages = pages;
        this.finisher = finisher;
        this.fetchers = fetchers;
        this.pageSize = pageSize;
        this.concurrency = concurrency;
        this.clock = clock;
        this.hook = hook;
    }

    /**
     * Fetches MIME {@code size} messages at a time in one Graph {@code $batch} (2..20; Graph runs a
     * batch's requests four at a time, within the mailbox's concurrency limit) instead of one
     * request per message, {@code concurrency} at a time (1, the default). Judging overlaps the
     * next batch's fetch. Set once, while wiring.
     */
    public ScanPageProcessor withMimeBatch(int size) {
        if (size < 1 || size > MailboxGateway.MAX_BATCH) {
            throw new IllegalArgumentException("MIME batch must be 1.." + MailboxGateway.MAX_BATCH + ", was " + size);
        }
        this.mimeBatch = size;
        return this;
    }

    /**
     * How long a page or message waits before its retry when it failed without a {@code Retry-After}
     * (Microsoft's 5xx or 504, an unreachable Graph, a storage error); {@link #FAILURE_RETRY} unless configured.
     */
    public ScanPageProcessor withFailureRetry(Duration wait) {
        if (wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("failure retry must be positive, was " + wait);
        }
        this.failureRetry = wait;
        return this;
    }

    /**
     * Where to record, for each mailbox read, whether its quarantine folder is one its users can see (a
     * scan looks the folder up anyway, to skip it), so the administrator learns which mailboxes keep one.
     */
    public ScanPageProcessor withQuarantineFolders(com.mailmoat.core.remediation.QuarantineFolderSightings sightings) {
        this.quarantineFolders = java.util.Objects.requireNonNull(sightings, "sightings");
        return this;
    }

    public Outcome process(ScanPageWork work) {
        Optional<Scan> foundScan = scans.find(work.accountId(), work.scanId());
        Optional<MailboxCursor> foundCursor = scans.cursor(work.accountId(), work.scanId(), work.mailboxId());
        if (foundScan.isEmpty() || foundCursor.isEmpty()) {
            return new Outcome.Done("no such scan or mailbox");
        }
        Scan scan = foundScan.get();
        MailboxCursor cursor = foundCursor.get();
        if (scan.status().finished()) {
            if (cursor.version() == work.version() && !cursor.state().finished()) {
                // Ended early: this page is dropped. Moving the cursor on says no page of this mailbox is
                // pending any more, which the report of an ended scan waits for (ScanFinisher).
                scans.commitPage(new ScanRepository.PageCommit(work.version(), withVersion(cursor, cursor.version() + 1),
                        ScanCounts.NONE, false, -1));
            }
            finisher.finishIfComplete(work.accountId(), work.scanId());
            return new Outcome.Done("scan " + scan.status());
        }
        if (cursor.version() != work.version() || cursor.state().finished()) {
            recoverAfterCommit(cursor);
            return new Outcome.Done("page committed before");
        }
        Optional<Account> account = accounts.findById(work.accountId());
        if (account.isEmpty() || !scan.tenantId().equals(account.get().tenantId())) {
            commit(work, cursor, skipped(cursor, "The tenant is no longer connected to this account."), ScanCounts.NONE, -1);
            return new Outcome.Done("tenant disconnected");
        }
        String tenantId = scan.tenantId();
        ReceivedPage page;
        MailboxCursor reading = cursor;
        try {
            if (cursor.version() == 0) {
                Optional<MailFolder> quarantine = mailboxes.findFolder(tenantId, cursor.mailboxId(), QUARANTINE_FOLDER);
                quarantineFolders.sawQuarantineFolder(work.accountId(), cursor.mailboxId(), cursor.address(),
                        quarantine.map(MailFolder::visible).orElse(false), clock.instant());
                reading = withExcludedFolder(cursor, quarantine.map(MailFolder::id).orElse(""));
            }
            int top = Math.min(GRAPH_MAX_TOP, pageSize + cursor.seen().size());
            page = mailboxes.listReceived(tenantId, cursor.mailboxId(), cursor.position(), scan.windowEnd(), top,
                    cursor.needsEstimate());
        } catch (MicrosoftThrottledException e) {
            return new Outcome.RetryAfter(e.retryAfter());
        } catch (MicrosoftUnavailableException e) {
            return new Outcome.RetryAfter(failureRetry);
        } catch (MicrosoftNotFoundException | MicrosoftAccessDeniedException e) {
            commit(work, cursor, skipped(cursor, unreadable(e)), ScanCounts.NONE, 0);
            return new Outcome.Done("mailbox skipped: " + e.errorCode());
        }
        return readPage(work, scan, account.get(), reading, page, cursor);
    }

    /**
     * The page failed on every delivery and its queue gives it up: the mailbox is skipped with the reason,
     * so the scan still finishes and its report names the mailbox not (fully) read, instead of the scan
     * waiting for the page forever. What was read of the mailbox before stays counted.
     */
    public Outcome giveUp(ScanPageWork work, int attempts) {
        Optional<MailboxCursor> found = scans.cursor(work.accountId(), work.scanId(), work.mailboxId());
        if (found.isEmpty()) {
            return new Outcome.Done("no such scan or mailbox");
        }
        MailboxCursor cursor = found.get();
        if (cursor.version() != work.version() || cursor.state().finished()) {
            return new Outcome.Done("page committed before");
        }
        String reason = (cursor.messagesScanned() == 0 ? "Mailmoat could not read this mailbox"
                : "Mailmoat stopped reading this mailbox after " + cursor.messagesScanned() + " messages")
                + ": the same page failed " + attempts + " times. Scan again; if it happens again, contact support.";
        commit(work, cursor, skipped(cursor, reason), ScanCounts.NONE, -1);
        return new Outcome.Done("mailbox skipped after " + attempts + " failed attempts");
    }

    private Outcome readPage(ScanPageWork work, Scan scan, Account account, MailboxCursor cursor, ReceivedPage page,
                             MailboxCursor stored) {
        List<MessageSummary> fresh = new ArrayList<>();
        for (MessageSummary message : page.messages()) {
            if (!cursor.seen().containsKey(message.id())) {
                fresh.add(message);
            }
        }
        boolean truncated = fresh.size() > pageSize;
        List<MessageSummary> batch = truncated ? fresh.subList(0, pageSize) : fresh;
        TenantProfile profile;
        TenantProfile withHistory;
        ScanPolicies.ForMailbox policy = null;
        try {
            withHistory = batch.isEmpty() ? null : profiles.of(account, scan.startedAt() == null ? Instant.MIN : scan.startedAt());
            profile = withHistory;
            if (profile != null && scan.kind() == ScanKind.FIRST) {
                // The first Threat Scan writes the sender history as it goes: judged against it, a
                // message's verdict would depend on which mailboxes' pages happened to run first.
                profile = profile.withKnownSenders(java.util.Set.of());
            }
            if (profile != null && policies != null) {
                policy = policies.forMailbox(account, cursor.address());
                profile = profile.withSenderLists(policy.permittedValues(), policy.blockedValues(),
                        java.util.Set.copyOf(policy.spoofingExceptions()));
            }
        } catch (MicrosoftThrottledException e) {
            return new Outcome.RetryAfter(e.retryAfter());
        } catch (MicrosoftUnavailableException e) {
            return new Outcome.RetryAfter(failureRetry);
        }
        List<Result> results = judgeAll(scan, cursor, batch, profile, policy);
        // Before the commit, like the removals: a crash after it would lose these senders.
        profiles.rememberSenders(withHistory, results.stream().filter(r -> r.kind == Kind.JUDGED)
                .map(r -> new TenantProfiles.Judged(r.message.fromAddress(), r.assessment, r.sentTo)).toList());
        List<String> toRemove = results.stream().filter(r -> r.quarantine)
                .map(r -> Detection.idFor(cursor.mailboxId(), r.message.id())).toList();
        if (!toRemove.isEmpty()) {
            // Before the commit: a crash after it would otherwise lose the removal; asking twice is harmless.
            removals.remove(account.accountId(), toRemove);
        }

        Map<String, Instant> seen = new HashMap<>(cursor.seen());
        List<Result> judged = new ArrayList<>();
        Instant firstUnread = null;
        Duration wait = Duration.ZERO;
        for (Result result : results) {
            if (result.kind == Kind.RETRY) {
                Instant received = result.message.receivedDateTime();
                firstUnread = firstUnread == null || received.isBefore(firstUnread) ? received : firstUnread;
                wait = result.retryAfter.compareTo(wait) > 0 ? result.retryAfter : wait;
            } else {
                seen.put(result.message.id(), result.message.receivedDateTime());
                judged.add(result);
            }
        }
        int written = (int) results.stream().filter(r -> r.newDetection).count();
        hook.beforeCommit(work, scan.tenantId(), written);

        Instant position = cursor.position();
        boolean finished = false;
        if (firstUnread != null) {
            position = firstUnread;
        } else if (!batch.isEmpty()) {
            position = batch.get(batch.size() - 1).receivedDateTime();
            finished = !truncated && !page.more();
        } else {
            // Nothing new: the range is read, unless Graph holds more than a page of messages we already saw.
            finished = !page.more() || page.messages().size() >= GRAPH_MAX_TOP;
        }
        Instant keepFrom = position;
        seen.entrySet().removeIf(e -> e.getValue().isBefore(keepFrom));
        ScanCounts counts = counts(judged);
        MailboxCursor next = new MailboxCursor(cursor.accountId(), cursor.scanId(), cursor.mailboxId(), cursor.address(),
                cursor.displayName(), finished ? CursorState.DONE : CursorState.READING, position,
                finished ? Map.of() : seen, cursor.version() + 1, cursor.enqueuedVersion(),
                cursor.messagesScanned() + counts.messagesScanned(),
                page.total().orElse(cursor.messagesEstimated()), null, cursor.excludedFolderId());
        if (!commit(work, stored, next, counts, page.total().orElse(-1L))) {
            return new Outcome.Done("page committed by another delivery");
        }
        if (!finished && scans.find(work.accountId(), work.scanId()).map(s -> s.status().finished()).orElse(true)) {
            // Ended early while this page was read: its figures count, no next page is read, and this may
            // be the last page the scan's report waited for.
            finisher.finishIfComplete(work.accountId(), work.scanId());
            return new Outcome.Done("page counted after the scan ended: " + counts.threatsFound() + " threats");
        }
        if (firstUnread != null) {
            // The rest waits for Microsoft's longest Retry-After on the queue: this work item comes back
            // then, finds its page committed and queues the next one (recoverAfterCommit), which lists
            // and fetches the throttled messages again. A FIFO queue has no per-message delay, so the
            // wait is this item's visibility, which also holds its slot meanwhile.
            return new Outcome.RetryAfter(wait.isZero() ? failureRetry : wait);
        }
        if (!finished) {
            queueNext(next, Duration.ZERO);
        }
        return new Outcome.Done("page read: " + counts.messagesScanned() + " messages, " + counts.threatsFound()
                + " threats" + (firstUnread != null ? ", rest retried in " + wait.toMillis() + " ms" : ""));
    }

    /** Judges the messages a few at a time; every message gets a result, none throws. */
    private List<Result> judgeAll(Scan scan, MailboxCursor cursor, List<MessageSummary> batch, TenantProfile profile,
                                  ScanPolicies.ForMailbox policy) {
        return mimeBatch > 1 ? judgeBatched(scan, cursor, batch, profile, policy)
                : judgeEach(scan, cursor, batch, profile, policy);
    }

    /**
     * Fetches the MIME of up to {@link #mimeBatch} messages per Graph {@code $batch}, one batch in flight
     * per mailbox (Graph runs its requests four at a time: the mailbox's limit), and judges each batch's
     * messages on the worker threads while the next batch is fetched. A message throttled on its own
     * stops the fetching: it and every later message wait for the longest Retry-After on the queue and
     * are listed and batched again then (Graph does not retry inside a batch, nor does the SDK).
     */
    private List<Result> judgeBatched(Scan scan, MailboxCursor cursor, List<MessageSummary> batch,
                                      TenantProfile profile, ScanPolicies.ForMailbox policy) {
        List<CompletableFuture<Result>> futures = new ArrayList<>(batch.size());
        List<Integer> toFetch = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            MessageSummary message = batch.get(i);
            if (!cursor.excludedFolderId().isEmpty() && cursor.excludedFolderId().equals(message.parentFolderId())) {
                futures.add(CompletableFuture.completedFuture(Result.left(message)));
            } else {
                futures.add(null);
                toFetch.add(i);
            }
        }
        Duration throttled = null;
        for (int from = 0; from < toFetch.size(); from += mimeBatch) {
            List<Integer> chunk = toFetch.subList(from, Math.min(toFetch.size(), from + mimeBatch));
            if (throttled != null) {
                for (int i : chunk) {
                    futures.set(i, CompletableFuture.completedFuture(Result.retry(batch.get(i), throttled)));
                }
                continue;
            }
            List<String> ids = chunk.stream().map(i -> batch.get(i).id()).toList();
            Map<String, MimeResult> mimes;
            try {
                mimes = mailboxes.fetchMimes(scan.tenantId(), cursor.mailboxId(), ids);
            } catch (MicrosoftThrottledException e) {
                throttled = e.retryAfter();
                mimes = Map.of();
            } catch (MicrosoftException e) {
                mimes = Map.of();
            }
            Duration longest = null;
            for (int i : chunk) {
                MessageSummary message = batch.get(i);
                MimeResult answer = mimes.get(message.id());
                if (answer instanceof MimeResult.Fetched fetched) {
                    futures.set(i, evaluateAsync(scan, cursor, message, fetched.mime(), profile, policy));
                } else if (answer instanceof MimeResult.Failed failed
                        && failed.failure() instanceof MicrosoftThrottledException own) {
                    longest = longest == null || own.retryAfter().compareTo(longest) > 0 ? own.retryAfter() : longest;
                    futures.set(i, CompletableFuture.completedFuture(Result.retry(message, own.retryAfter())));
                } else if (answer instanceof MimeResult.Failed failed
                        && failed.failure() instanceof MicrosoftNotFoundException) {
                    futures.set(i, CompletableFuture.completedFuture(Result.left(message)));
                } else {
                    futures.set(i, CompletableFuture.completedFuture(
                            Result.retry(message, throttled != null ? throttled : failureRetry)));
                }
            }
            if (longest != null) {
                throttled = longest;
            }
        }
        List<Result> results = new ArrayList<>(batch.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).join());
            } catch (RuntimeException e) {
                results.add(Result.retry(batch.get(i), failureRetry));
            }
        }
        return results;
    }

    private CompletableFuture<Result> evaluateAsync(Scan scan, MailboxCursor cursor, MessageSummary message, byte[] mime,
                                                    TenantProfile profile, ScanPolicies.ForMailbox policy) {
        try {
            return CompletableFuture.supplyAsync(() -> evaluate(scan, cursor, message, mime, profile, policy), fetchers);
        } catch (RuntimeException rejected) {
            return CompletableFuture.completedFuture(Result.retry(message, failureRetry));
        }
    }

    private List<Result> judgeEach(Scan scan, MailboxCursor cursor, List<MessageSummary> batch, TenantProfile profile,
                                   ScanPolicies.ForMailbox policy) {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<Result>> futures = new ArrayList<>();
        for (MessageSummary message : batch) {
            slots.acquireUninterruptibly();
            try {
                futures.add(CompletableFuture.supplyAsync(() -> judge(scan, cursor, message, profile, policy), fetchers)
                        .whenComplete((result, failure) -> slots.release()));
            } catch (RuntimeException rejected) {
                slots.release();
                futures.add(CompletableFuture.completedFuture(Result.retry(message, failureRetry)));
            }
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).join());
            } catch (RuntimeException e) {
                results.add(Result.retry(batch.get(i), failureRetry));
            }
        }
        return results;
    }

    private Result judge(Scan scan, MailboxCursor cursor, MessageSummary message, TenantProfile profile,
                         ScanPolicies.ForMailbox policy) {
        if (!cursor.excludedFolderId().isEmpty() && cursor.excludedFolderId().equals(message.parentFolderId())) {
            return Result.left(message);
        }
        byte[] mime;
        try {
            mime = mailboxes.fetchMime(scan.tenantId(), cursor.mailboxId(), message.id());
        } catch (MicrosoftThrottledException e) {
            return Result.retry(message, e.retryAfter());
        } catch (MicrosoftNotFoundException e) {
            // Deleted (or moved out of the mailbox) since the listing: there is nothing left to judge.
            return Result.left(message);
        } catch (MicrosoftException e) {
            return Result.retry(message, failureRetry);
        }
        return evaluate(scan, cursor, message, mime, profile, policy);
    }

    private Result evaluate(Scan scan, MailboxCursor cursor, MessageSummary message, byte[] mime, TenantProfile profile,
                            ScanPolicies.ForMailbox policy) {
        EffectivePolicy effective = policy == null ? null : policy.resolve(MimeHeaders.returnPath(mime), message.fromAddress());
        if (effective != null && !effective.scans()) {
            // Disabled by policy for this sender and recipient: not judged.
            return Result.left(message);
        }
        Assessment assessment = effective == null ? inspector.inspect(mime, profile)
                : inspector.inspect(mime, profile, effective.engines());
        PolicyAction action = effective == null ? PolicyAction.RECORD : effective.actionFor(assessment.level());
        boolean recorded = false;
        boolean settled = false;
        if (assessment.flagged() && action != PolicyAction.NONE) {
            try {
                Detection detection = detection(scan, cursor, message, assessment);
                recorded = detections.putIfAbsent(detection);
                if (!recorded) {
                    settled = !earlierDetectionJoins(scan, detection);
                }
            } catch (RuntimeException e) {
                // Storage failed: judge the message again later rather than count it without its detection.
                return Result.retry(message, failureRetry);
            }
        }
        Result judged = settled ? Result.settled(message, assessment) : Result.judged(message, assessment, recorded);
        judged.quarantine = !settled && assessment.flagged() && action == PolicyAction.QUARANTINE;
        if (!message.fromAddress().isEmpty() && message.fromAddress().equalsIgnoreCase(cursor.address())) {
            // The mailbox's owner sent it (Sent Items): whom they write to are their correspondents.
            judged.sentTo = MimeHeaders.addresses(mime, MAX_RECIPIENTS_REMEMBERED, "to", "cc");
        }
        return judged;
    }

    /**
     * The message was detected before. Detected by this scan (a page read again), or by an earlier one
     * or in real time and still waiting for the administrator, it is one of this scan's threats: the
     * detection moves to this scan with this scan's judgement, so the report's figures and its
     * Detections agree, and the earlier scan remembers which scan lists its threats now. Removed,
     * released or otherwise settled by the administrator, it is not a threat again (false).
     */
    private boolean earlierDetectionJoins(Scan scan, Detection rejudged) {
        Optional<Detection> earlier = detections.find(scan.accountId(), rejudged.detectionId());
        if (earlier.isEmpty() || scan.scanId().equals(earlier.get().scanId())) {
            return true;
        }
        if (earlier.get().status() != DetectionStatus.DETECTED) {
            return false;
        }
        String earlierScanId = earlier.get().scanId();
        if (earlierScanId != null) {
            // Before the move: a crash between the two leaves a redelivery that sees the detection here.
            scans.recordFoundAgain(scan.accountId(), earlierScanId, scan.scanId());
        }
        return detections.moveToScan(rejudged);
    }

    private Detection detection(Scan scan, MailboxCursor cursor, MessageSummary message, Assessment assessment) {
        return new Detection(scan.accountId(), Detection.idFor(cursor.mailboxId(), message.id()), scan.scanId(),
                DetectionSource.SCAN, cursor.mailboxId(), cursor.address(), message.id(), message.internetMessageId(),
                message.fromAddress(), message.fromName(), message.subject(), message.receivedDateTime(),
                message.parentFolderId(), assessment.level(), assessment.score(), assessment.categories(),
                assessment.reasons(), DetectionStatus.DETECTED, clock.instant());
    }

    private static ScanCounts counts(List<Result> judged) {
        long scanned = 0;
        long threats = 0;
        Map<String, Long> byLevel = new TreeMap<>();
        Map<String, Long> byCategory = new TreeMap<>();
        for (Result result : judged) {
            if (result.kind != Kind.JUDGED) {
                continue;
            }
            scanned++;
            if (result.assessment.flagged() && !result.settled) {
                threats++;
                byLevel.merge(result.assessment.level().name(), 1L, Long::sum);
                result.assessment.categories().forEach(c -> byCategory.merge(c, 1L, Long::sum));
            }
        }
        return new ScanCounts(scanned, threats, byLevel, byCategory);
    }

    private boolean commit(ScanPageWork work, MailboxCursor stored, MailboxCursor next, ScanCounts counts,
                           long estimate) {
        boolean committed = scans.commitPage(new ScanRepository.PageCommit(work.version(), next, counts,
                next.state().finished(), estimate));
        if (committed && next.state().finished()) {
            finisher.finishIfComplete(work.accountId(), work.scanId());
        }
        return committed;
    }

    private MailboxCursor skipped(MailboxCursor cursor, String reason) {
        return new MailboxCursor(cursor.accountId(), cursor.scanId(), cursor.mailboxId(), cursor.address(),
                cursor.displayName(), CursorState.SKIPPED, cursor.position(), Map.of(), cursor.version() + 1,
                cursor.enqueuedVersion(), cursor.messagesScanned(), cursor.messagesEstimated(), reason,
                cursor.excludedFolderId());
    }

    private static MailboxCursor withVersion(MailboxCursor cursor, long version) {
        return new MailboxCursor(cursor.accountId(), cursor.scanId(), cursor.mailboxId(), cursor.address(),
                cursor.displayName(), cursor.state(), cursor.position(), cursor.seen(), version,
                cursor.enqueuedVersion(), cursor.messagesScanned(), cursor.messagesEstimated(), cursor.skipReason(),
                cursor.excludedFolderId());
    }

    private static MailboxCursor withExcludedFolder(MailboxCursor cursor, String folderId) {
        return new MailboxCursor(cursor.accountId(), cursor.scanId(), cursor.mailboxId(), cursor.address(),
                cursor.displayName(), cursor.state(), cursor.position(), cursor.seen(), cursor.version(),
                cursor.enqueuedVersion(), cursor.messagesScanned(), cursor.messagesEstimated(), cursor.skipReason(),
                folderId);
    }

    private static String unreadable(MicrosoftException e) {
        return switch (e.errorCode()) {
            case "MailboxNotEnabledForRESTAPI" -> "The user has no Exchange Online mailbox (no licence, or a shared or on-premises mailbox).";
            case "ErrorInvalidUser", "ResourceNotFound", "Request_ResourceNotFound" -> "The user no longer exists.";
            case "ErrorAccessDenied", "Authorization_RequestDenied" -> "Microsoft denied access to this mailbox.";
            default -> e instanceof MicrosoftAccessDeniedException ? "Microsoft denied access to this mailbox."
                    : "The mailbox could not be found.";
        };
    }

    /**
     * A redelivered work item whose page was committed: make sure the next page is on the queue (the
     * worker may have stopped between committing and queueing) and that a finished scan finishes.
     */
    private void recoverAfterCommit(MailboxCursor cursor) {
        if (!cursor.state().finished() && cursor.enqueuedVersion() < cursor.version()) {
            queueNext(cursor, Duration.ZERO);
        }
        if (cursor.state().finished()) {
            finisher.finishIfComplete(cursor.accountId(), cursor.scanId());
        }
    }

    private void queueNext(MailboxCursor cursor, Duration delay) {
        ScanPageWork next = new ScanPageWork(cursor.accountId(), cursor.scanId(), cursor.mailboxId(), cursor.version());
        if (delay.isZero()) {
            pages.enqueue(List.of(next));
        } else {
            pages.enqueueDelayed(next, delay);
        }
        scans.markEnqueued(cursor.accountId(), cursor.scanId(), cursor.mailboxId(), cursor.version());
    }

    private enum Kind { JUDGED, LEFT, RETRY }

    /** What happened to one message of the page. */
    private static final class Result {
        final Kind kind;
        final MessageSummary message;
        final Assessment assessment;
        final Duration retryAfter;
        final boolean newDetection;
        /** Flagged, but the administrator already dealt with its detection: not counted as a threat again. */
        boolean settled;
        boolean quarantine;
        List<String> sentTo = List.of();

        private Result(Kind kind, MessageSummary message, Assessment assessment, Duration retryAfter,
                       boolean newDetection) {
            this.kind = kind;
            this.message = message;
            this.assessment = assessment;
            this.retryAfter = retryAfter;
            this.newDetection = newDetection;
        }

        static Result judged(MessageSummary message, Assessment assessment, boolean newDetection) {
            return new Result(Kind.JUDGED, message, assessment, Duration.ZERO, newDetection);
        }

        static Result settled(MessageSummary message, Assessment assessment) {
            Result result = judged(message, assessment, false);
            result.settled = true;
            return result;
        }

        static Result left(MessageSummary message) {
            return new Result(Kind.LEFT, message, null, Duration.ZERO, false);
        }

        static Result retry(MessageSummary message, Duration after) {
            return new Result(Kind.RETRY, message, null, after, false);
        }
    }
}
