package com.mailmoat.consoleapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionCsv;
import com.mailmoat.core.detection.DetectionPage;
import com.mailmoat.core.detection.DetectionQuery;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.SessionRoutes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The account's detections: search, filter and page them, export what a search matches as CSV, and read one with every reason. */
public final class DetectionRoutes implements SessionRoutes.Group {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_FILTER_LENGTH = 200;

    private final DetectionRepository detections;

    public DetectionRoutes(DetectionRepository detections) {
        this.detections = detections;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.get("/api/detections", this::search)
                .route("GET /api/detections/export", this::export)
                .get("/api/detections/{id}", this::one);
    }

    private Map<String, Object> search(ApiRequest request, Session session) {
        DetectionQuery query = query(request);
        DetectionPage page = detections.search(session.accountId(), query);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(DetectionRoutes::summary).toList());
        body.put("nextCursor", page.nextCursor().orElse(null));
        body.put("total", cheapTotal(session.accountId(), query));
        return body;
    }

    /**
     * How many detections the whole list holds, when that is known without reading them all: one scan's
     * threats, by status or not (the scan's own counts, as Home and the report give them). Null otherwise,
     * and the console says "more than".
     */
    private Long cheapTotal(String accountId, DetectionQuery query) {
        boolean oneScanOnly = query.scanId() != null && query.level() == null && query.category() == null
                && query.mailbox() == null && query.sender() == null && query.text() == null && query.from() == null
                && query.to() == null && query.source() == null;
        if (!oneScanOnly) {
            return null;
        }
        Map<DetectionStatus, Long> counts = detections.statusCounts(accountId, query.scanId());
        return query.status() == null ? counts.values().stream().mapToLong(Long::longValue).sum()
                : counts.getOrDefault(query.status(), 0L);
    }

    /** The list's filters (and page) from the query string; every bad one reported at once. */
    private static DetectionQuery query(ApiRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Integer limit = parse(request, "limit", Integer::parseInt, "must be a number from 1 to " + DetectionQuery.MAX_LIMIT, errors);
        if (limit != null && (limit < 1 || limit > DetectionQuery.MAX_LIMIT)) {
            errors.add(new FieldError("limit", "must be a number from 1 to " + DetectionQuery.MAX_LIMIT));
        }
        ThreatLevel level = parse(request, "level", v -> ThreatLevel.valueOf(v.toUpperCase(Locale.ROOT)),
                "must be SUSPICIOUS or MALICIOUS", errors);
        DetectionStatus status = parse(request, "status", v -> DetectionStatus.valueOf(v.toUpperCase(Locale.ROOT)),
                "must be DETECTED, REMOVED, RELEASED or NOT_A_THREAT", errors);
        DetectionSource source = parse(request, "source", v -> DetectionSource.valueOf(v.toUpperCase(Locale.ROOT)),
                "must be SCAN, REAL_TIME or REPORTED", errors);
        Instant from = parse(request, "from", DetectionRoutes::instant, "must be a date (2026-11-01) or a time (2026-11-01T09:30:00Z)", errors);
        Instant to = parse(request, "to", DetectionRoutes::endInstant, "must be a date (2026-11-01) or a time (2026-11-01T09:30:00Z)", errors);
        if (from != null && to != null && to.isBefore(from)) {
            // A reversed range matches nothing; it is a typing slip worth saying so (DynamoDB refuses it outright).
            errors.add(new FieldError("to", "must be on or after from"));
        }
        for (String name : List.of("category", "mailbox", "sender", "q", "scanId", "cursor")) {
            request.queryParameter(name).filter(v -> v.length() > MAX_FILTER_LENGTH)
                    .ifPresent(v -> errors.add(new FieldError(name, "is longer than " + MAX_FILTER_LENGTH + " characters")));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new DetectionQuery(limit == null ? DEFAULT_LIMIT : limit, blankToNull(request, "cursor"), level,
                blankToNull(request, "category"), status, blankToNull(request, "mailbox"), blankToNull(request, "sender"),
                blankToNull(request, "q"), from, to, blankToNull(request, "scanId"), source);
    }

    /** Every detection the list's filters match (not just one page), as a CSV attachment; limit and cursor are ignored. */
    private APIGatewayV2HTTPResponse export(ApiRequest request, Session session) {
        DetectionCsv.Export export = DetectionCsv.export(detections, session.accountId(), query(request));
        return ApiResponses.csvAttachment("mailmoat-detections.csv", export.csv(),
                Map.of("X-Mailmoat-Rows", Integer.toString(export.rows())));
    }

    private Map<String, Object> one(ApiRequest request, Session session) {
        String id = request.idParameter("id", "detection");
        Detection detection = detections.find(session.accountId(), id)
                .orElseThrow(() -> ApiError.notFound("There is no such detection."));
        Map<String, Object> body = summary(detection);
        // Where the message is now (quarantine after a removal); where it was detected (a release's destination).
        body.put("folderId", detection.currentFolderId());
        body.put("originalFolderId", detection.folderId());
        body.put("messageGone", detection.trail().messageGone());
        body.put("detectedAt", String.valueOf(detection.detectedAt()));
        body.put("history", detection.trail().history().stream().map(e -> {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("action", e.action());
            event.put("outcome", e.outcome());
            event.put("by", e.by());
            event.put("at", e.at().toString());
            event.put("jobId", e.jobId());
            event.put("folderId", e.folderId());
            event.put("reason", e.reason());
            return event;
        }).toList());
        body.put("reasons", detection.reasons().stream().map(r -> {
            Map<String, Object> reason = new LinkedHashMap<>();
            reason.put("analyzer", r.analyzer());
            reason.put("rule", r.rule());
            reason.put("message", r.message());
            reason.put("evidence", r.evidence());
            reason.put("weight", r.weight());
            return reason;
        }).toList());
        return body;
    }

    static Map<String, Object> summary(Detection d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", d.detectionId());
        body.put("internetMessageId", d.internetMessageId());
        body.put("mailbox", d.mailbox());
        body.put("sender", d.sender());
        body.put("senderName", d.senderName());
        body.put("subject", d.subject());
        body.put("receivedAt", String.valueOf(d.receivedAt()));
        body.put("level", d.level().name());
        body.put("score", d.score());
        body.put("categories", d.categories().stream().sorted().toList());
        body.put("status", d.status().name());
        body.put("source", d.source().name());
        body.put("scanId", d.scanId());
        return body;
    }

    private static <T> T parse(ApiRequest request, String name, Function<String, T> parser, String message,
                               List<FieldError> errors) {
        String value = request.queryParameter(name).filter(v -> !v.isBlank()).orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value.strip());
        } catch (RuntimeException e) {
            errors.add(new FieldError(name, message));
            return null;
        }
    }

    private static String blankToNull(ApiRequest request, String name) {
        return request.queryParameter(name).map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /** A date as "to" includes that whole day. */
    private static Instant endInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return LocalDate.parse(value).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
        }
    }
}
