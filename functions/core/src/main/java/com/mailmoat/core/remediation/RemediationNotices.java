package com.mailmoat.core.remediation;

import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.upgrade.RuleSyncRequests;
import com.mailmoat.core.notify.NotificationRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Completes jobs and tells the administrator, once: the notice's id is derived from the job, so
 * however many workers (or redeliveries) queue it, one email and one in-app notice result; and a
 * notice lost to a crash between completing and queueing goes out with the next item that looks.
 */
public final class RemediationNotices {
    /** Failures listed in the email; the console lists them all. */
    static final int FAILURES_IN_EMAIL = 20;

    private final RemediationRepository jobs;
    private final NotificationQueue notifications;
    private final Clock clock;
    private final String consoleUrl;
    private final RuleSyncRequests ruleSyncs;

    public RemediationNotices(RemediationRepository jobs, NotificationQueue notifications, Clock clock, String consoleUrl) {
        this(jobs, notifications, clock, consoleUrl, RuleSyncRequests.NONE);
    }

    private RemediationNotices(RemediationRepository jobs, NotificationQueue notifications, Clock clock, String consoleUrl,
                               RuleSyncRequests ruleSyncs) {
        this.jobs = jobs;
        this.notifications = notifications;
        this.clock = clock;
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
        this.ruleSyncs = java.util.Objects.requireNonNull(ruleSyncs, "ruleSyncs");
    }

    /**
     * The same notices, asking Mailmoat's transport rules to follow a completed release (its senders
     * were declared wanted, so they are no longer blocked).
     */
    public RemediationNotices withRuleSyncs(RuleSyncRequests requests) {
        return new RemediationNotices(jobs, notifications, clock, consoleUrl, requests);
    }

    /** Completes the job when every message has an outcome, and makes sure a completed job's notice went out. */
    public void finishIfComplete(String accountId, String jobId) {
        Optional<RemediationJob> found = jobs.find(accountId, jobId);
        if (found.isEmpty()) {
            return;
        }
        RemediationJob job = found.get();
        if (job.status() == JobStatus.RUNNING && job.allItemsFinished()) {
            jobs.complete(accountId, jobId, clock.instant());
            job = jobs.find(accountId, jobId).orElseThrow();
        }
        if (job.status() == JobStatus.COMPLETED && job.notifiedAt() == null) {
            if (job.action() == RemediationAction.RELEASE && job.done() > 0) {
                ruleSyncs.request(accountId);
            }
            if (job.recipient() != null && !job.recipient().isBlank()) {
                notifications.enqueue(new NotificationRequest("remediation-" + job.jobId(), accountId,
                        NotificationKind.REMEDIATION_COMPLETE, job.recipient(), params(job), clock.instant()));
            }
            jobs.markNotified(accountId, jobId, clock.instant());
        }
    }

    /** The completion notice's parameters (flat strings; failures one per line, fields tab-separated). */
    Map<String, String> params(RemediationJob job) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("jobId", job.jobId());
        params.put("action", job.action().name());
        params.put("total", String.valueOf(job.total()));
        params.put("done", String.valueOf(job.done()));
        params.put("alreadyGone", String.valueOf(job.alreadyGone()));
        params.put("failed", String.valueOf(job.failed()));
        params.put("alreadyDone", String.valueOf(job.alreadyDone()));
        params.put("requestedBy", job.requestedBy());
        if (job.allInQuarantine()) {
            params.put("inQuarantine", "true");
            params.put("moreInQuarantine", String.valueOf(job.moreInQuarantine()));
            params.put("maxInQuarantine", String.valueOf(RemediationRequests.MAX_IN_QUARANTINE));
        }
        List<RemediationFailure> failures = job.failed() == 0 ? List.of()
                : jobs.failures(job.accountId(), job.jobId(), FAILURES_IN_EMAIL);
        params.put("failures", failures.stream()
                .map(f -> oneLine(f.mailbox()) + "\t" + oneLine(f.subject()) + "\t" + oneLine(f.reason()))
                .collect(Collectors.joining("\n")));
        params.put("link", consoleUrl + "#/?remediation=" + job.jobId());
        return params;
    }


    /** Tabs and line breaks would split the encoding: they become spaces. */
    private static String oneLine(String value) {
        return value == null ? "" : value.replaceAll("[\\t\\r\\n\\u2028\\u2029]+", " ");
    }
}
