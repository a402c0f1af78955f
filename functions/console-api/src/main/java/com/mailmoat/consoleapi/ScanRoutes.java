package com.mailmoat.consoleapi;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.scan.CursorState;
import com.mailmoat.core.scan.MailboxCursor;
import com.mailmoat.core.scan.Scan;
import com.mailmoat.core.scan.ScanFinisher;
import com.mailmoat.core.scan.ScanKind;
import com.mailmoat.core.scan.ScanReport;
import com.mailmoat.core.scan.ScanRepository;
import com.mailmoat.core.scan.ScanRequests;
import com.mailmoat.core.scan.ScanStarter;
import com.mailmoat.core.scan.ScanStatus;
import com.mailmoat.core.session.Session;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.SessionRoutes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Threat Scans: start one by hand, watch progress, end it early, read history and reports. */
public final class ScanRoutes implements SessionRoutes.Group {
    /** How far back {@code /api/scans/current} looks past quiet daily scans. */
    private static final int RECENT_FOR_CURRENT = 10;
    private static final int HISTORY = 20;
    /**
     * How long a request waits for the scan-start worker (normally seconds) before asking again queues
     * another: within it, asking again answers with the waiting request's id instead of a second scan.
     */
    private static final Duration REQUEST_WAITS = Duration.ofMinutes(10);

    private final ScanRepository scans;
    private final ScanFinisher finisher;
    private final ScanRequests requests;
    private final AccountRepository accounts;
    private final DetectionRepository detections;
    private final Clock clock;

    /** @param detections what a finished scan's threats have become (waiting, removed, released, not a threat) */
    public ScanRoutes(ScanRepository scans, ScanFinisher finisher, ScanRequests requests, AccountRepository accounts,
                      DetectionRepository detections, Clock clock) {
        this.scans = scans;
        this.finisher = finisher;
        this.requests = requests;
        this.accounts = accounts;
        this.detections = detections;
        this.clock = clock;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.json("POST /api/scans", 202, (request, session) -> start(session))
                .json("POST /api/scans/{id}/end", 200, this::end)
                .get("/api/scans/current", (request, session) -> current(session))
                .get("/api/scans", (request, session) -> Map.of("items",
                        scans.recent(session.accountId(), HISTORY).stream().map(this::historyRow).toList()))
                .get("/api/scans/{id}", this::one);
    }

    private Map<String, Object> start(Session session) {
        Account account = accounts.findById(session.accountId()).orElseThrow(ApiError::unauthorized);
        if (!account.isTenantLinked()) {
            throw new ApiError(409, "not_connected", "Connect Microsoft 365 before starting a Threat Scan.");
        }
        scans.running(session.accountId()).ifPresent(running -> {
            throw new ApiError(409, "scan_running", Map.of("message",
                    "A Threat Scan is already running. End it or wait for it to finish.", "scanId", running.scanId()));
        });
        Instant now = clock.instant();
        String scanId = ScanStarter.newScanId(now, UUID.randomUUID().toString());
        Optional<String> waiting = scans.recordRequest(account.accountId(), scanId, now, now.minus(REQUEST_WAITS));
        if (waiting.isPresent()) {
            return requested(waiting.get(), true);
        }
        try {
            requests.request(ScanKind.MANUAL, account.accountId(), account.tenantId(), scanId);
        } catch (RuntimeException e) {
            // Not queued: the next request must not wait for this one.
            scans.requestHandled(account.accountId(), scanId, null);
            throw e;
        }
        return requested(scanId, false);
    }

    /** A scan asked for by hand that the scan-start worker has not started yet. */
    private static Map<String, Object> requested(String scanId) {
        return Map.of("id", scanId, "status", "REQUESTED", "kind", ScanKind.MANUAL.name());
    }

    private static Map<String, Object> requested(String scanId, boolean joined) {
        Map<String, Object> body = new LinkedHashMap<>(requested(scanId));
        body.put("joined", joined);
        return body;
    }

    /** The account's request still waiting for the scan-start worker, if any. */
    private Optional<ScanRepository.RequestedScan> waitingRequest(String accountId) {
        Instant since = clock.instant().minus(REQUEST_WAITS);
        return scans.lastRequest(accountId).filter(r -> !r.handled() && r.requestedAt().isAfter(since));
    }

    private Map<String, Object> end(ApiRequest request, Session session) {
        String scanId = scanId(request);
        return switch (finisher.endEarly(session.accountId(), scanId)) {
            case NOT_FOUND -> throw ApiError.notFound("There is no such scan.");
            case ALREADY_FINISHED -> throw new ApiError(409, "scan_finished",
                    "This scan has already finished; a finished scan cannot be ended or restarted.");
            case ENDED -> detail(scans.find(session.accountId(), scanId).orElseThrow());
        };
    }

    /**
     * The scan Home is about: the running one, else the last that has something to say. A daily
     * scan that found nothing does not take the place of the Threat Scan whose threats the admin is
     * working through (it is in the history).
     */
    private Map<String, Object> current(Session session) {
        Optional<Scan> running = scans.running(session.accountId());
        if (running.isEmpty()) {
            Optional<ScanRepository.RequestedScan> waiting = waitingRequest(session.accountId());
            if (waiting.isPresent()) {
                return requested(waiting.get().scanId());
            }
        }
        Scan scan = running
                .or(() -> {
                    List<Scan> recent = scans.recent(session.accountId(), RECENT_FOR_CURRENT);
                    return recent.stream().filter(s -> !isQuietDailyScan(s)).findFirst().or(() -> recent.stream().findFirst());
                })
                .orElseThrow(() -> ApiError.notFound("No Threat Scan yet."));
        return detail(scan);
    }

    private static boolean isQuietDailyScan(Scan scan) {
        return scan.kind() == ScanKind.SCHEDULED && scan.counts().threatsFound() == 0;
    }

    private Map<String, Object> one(ApiRequest request, Session session) {
        String scanId = scanId(request);
        Optional<Scan> scan = scans.find(session.accountId(), scanId);
        if (scan.isPresent()) {
            return detail(scan.get());
        }
        // A scan asked for by hand has its id before it exists: waiting, or it joined one already starting.
        ScanRepository.RequestedScan asked = scans.lastRequest(session.accountId())
                .filter(r -> r.scanId().equals(scanId))
                .orElseThrow(() -> ApiError.notFound("There is no such scan."));
        if (!asked.handled()) {
            return requested(scanId);
        }
        return Optional.ofNullable(asked.startedAs()).flatMap(id -> scans.find(session.accountId(), id))
                .map(this::detail)
                .orElseThrow(() -> ApiError.notFound("This scan was not run."));
    }

    private static String scanId(ApiRequest request) {
        return request.idParameter("id", "scan");
    }

    private Map<String, Object> summary(Scan scan) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", scan.scanId());
        body.put("status", scan.status().name());
        body.put("kind", scan.kind().name());
        body.put("windowStart", String.valueOf(scan.windowStart()));
        body.put("windowEnd", String.valueOf(scan.windowEnd()));
        body.put("mailboxesTotal", scan.mailboxesTotal());
        body.put("mailboxesDone", scan.mailboxesDone());
        body.put("mailboxesSkipped", scan.mailboxesSkipped());
        body.put("messagesScanned", scan.counts().messagesScanned());
        body.put("messagesEstimated", scan.messagesExpected());
        body.put("threatsFound", scan.counts().threatsFound());
        body.put("byLevel", scan.counts().byLevel());
        body.put("byCategory", scan.counts().byCategory());
        body.put("percent", scan.percent());
        body.put("startedAt", String.valueOf(scan.startedAt()));
        body.put("finishedAt", scan.finishedAt() == null ? null : scan.finishedAt().toString());
        body.put("etaSeconds", scan.etaSeconds(clock.instant()).orElse(null));
        return body;
    }

    /**
     * A history row: the summary, and for a finished scan whose waiting threats a later scan took over, how many
     * it lists now and where the others went ({@code threatsFoundAgainBy}, {@code threatsFoundAgainByStartedAt}),
     * so "47 threats" beside a Detections link that lists 1 is explained.
     */
    private Map<String, Object> historyRow(Scan scan) {
        Map<String, Object> body = summary(scan);
        if (scan.status() == ScanStatus.RUNNING || scan.counts().threatsFound() == 0) {
            return body;
        }
        List<String> foundAgainBy = scans.foundAgainBy(scan.accountId(), scan.scanId());
        if (!foundAgainBy.isEmpty()) {
            String later = foundAgainBy.get(foundAgainBy.size() - 1);
            long listed = detections.statusCounts(scan.accountId(), scan.scanId()).values().stream()
                    .mapToLong(Long::longValue).sum();
            body.put("threatsListed", listed);
            body.put("threatsFoundAgainBy", later);
            body.put("threatsFoundAgainByStartedAt", scans.find(scan.accountId(), later)
                    .map(s -> String.valueOf(s.startedAt())).orElse(null));
        }
        return body;
    }

    private Map<String, Object> detail(Scan scan) {
        Map<String, Object> body = summary(scan);
        List<Map<String, Object>> skipped = scans.cursors(scan.accountId(), scan.scanId()).stream()
                .filter(c -> c.state() == CursorState.SKIPPED).map(ScanRoutes::skipped).toList();
        body.put("skippedMailboxes", skipped);
        List<String> foundAgainBy = scans.foundAgainBy(scan.accountId(), scan.scanId());
        // Where this scan's threats still waiting are listed now (the latest scan that found them again).
        body.put("threatsFoundAgainBy", foundAgainBy.isEmpty() ? null : foundAgainBy.get(foundAgainBy.size() - 1));
        if (scan.status() != ScanStatus.RUNNING) {
            // What became of the threats the scan lists now: Home offers Remove Threats only while some wait.
            // (Not while it runs: it is polled every 2 s then, and its list is still growing.)
            Map<DetectionStatus, Long> counts = detections.statusCounts(scan.accountId(), scan.scanId());
            Map<String, Long> byStatus = new LinkedHashMap<>();
            for (DetectionStatus status : DetectionStatus.values()) {
                byStatus.put(status.name(), counts.getOrDefault(status, 0L));
            }
            body.put("threatsByStatus", byStatus);
            body.put("threatsWaiting", byStatus.get(DetectionStatus.DETECTED.name()));
        }
        ScanReport report = scan.report();
        if (report != null) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("topMailboxes", report.topMailboxes());
            figures.put("topMaliciousSenders", report.topMaliciousSenders());
            figures.put("topMaliciousDomains", report.topMaliciousDomains());
            Map<String, Long> perDay = new LinkedHashMap<>();
            report.threatsPerDay().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> perDay.put(e.getKey().toString(), e.getValue()));
            figures.put("threatsPerDay", perDay);
            figures.put("threatsReportedBefore", report.threatsReportedBefore());
            body.put("report", figures);
        }
        return body;
    }

    private static Map<String, Object> skipped(MailboxCursor cursor) {
        return Map.of("mailbox", cursor.address(), "reason", cursor.skipReason() == null ? "" : cursor.skipReason());
    }
}
