package com.mailmoat.consoleapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.learning.Feedback;
import com.mailmoat.core.learning.FeedbackEntry;
import com.mailmoat.core.learning.LearningService;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.upgrade.RuleSyncRequests;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.SessionRoutes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the account's model learns from: "Not a threat" on a detection, "Report a missed threat" by
 * Internet Message-ID, and the Learning panel (how many verdicts the model holds, its last update,
 * the latest verdicts with who gave them and when). The account is the session's, always.
 */
public final class LearningRoutes implements SessionRoutes.Group {
    private final LearningService learning;
    private final RuleSyncRequests ruleSyncs;

    /** @param ruleSyncs Mailmoat's transport rules follow the verdicts: a sender declared wanted is not blocked */
    public LearningRoutes(LearningService learning, RuleSyncRequests ruleSyncs) {
        this.learning = learning;
        this.ruleSyncs = ruleSyncs;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.json("POST /api/detections/{id}/not-a-threat", 202, this::notAThreat)
                .json("POST /api/feedback/missed", 202, this::missed)
                .get("/api/learning", (request, session) -> overview(session));
    }

    private Map<String, Object> notAThreat(ApiRequest request, Session session) {
        String id = request.idParameter("id", "detection");
        Feedback feedback = learning.notAThreat(session.accountId(), id)
                .orElseThrow(() -> ApiError.notFound("There is no such detection."));
        ruleSyncs.request(session.accountId());
        return view(feedback);
    }

    private Map<String, Object> missed(ApiRequest request, Session session) {
        JsonNode body = request.json();
        JsonNode id = body.get("internetMessageId");
        JsonNode mailbox = body.get("mailbox");
        if (id == null || !id.isTextual()) {
            throw new InvalidInputException(List.of(new FieldError("internetMessageId", "is required")));
        }
        if (mailbox != null && !mailbox.isNull() && !mailbox.isTextual()) {
            throw new InvalidInputException(List.of(new FieldError("mailbox", "must be a mailbox address")));
        }
        return view(learning.reportMissed(session.accountId(), id.asText(),
                mailbox == null || mailbox.isNull() ? "" : mailbox.asText()));
    }

    private Map<String, Object> overview(Session session) {
        LearningService.Overview o = learning.overview(session.accountId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("learnedFrom", o.learnedFrom());
        body.put("legitimate", o.legitimate());
        body.put("malicious", o.malicious());
        body.put("updatedAt", o.updatedAt() == null ? null : o.updatedAt().toString());
        body.put("version", o.version());
        body.put("pending", o.pending());
        body.put("pendingMore", o.pendingMore());
        body.put("recent", o.recent().stream().map(LearningRoutes::view).toList());
        return body;
    }

    private static Map<String, Object> view(Feedback f) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", f.key());
        body.put("detectionId", f.detectionId().isEmpty() ? null : f.detectionId());
        body.put("internetMessageId", f.internetMessageId());
        body.put("subject", f.subject().isEmpty() ? null : f.subject());
        body.put("verdict", f.label().name());
        body.put("status", f.status().name());
        body.put("reason", f.reason().isEmpty() ? null : f.reason());
        body.put("history", f.history().stream().map(LearningRoutes::entry).toList());
        return body;
    }

    private static Map<String, Object> entry(FeedbackEntry e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", e.kind().name());
        body.put("by", e.by());
        body.put("at", e.at().toString());
        body.put("jobId", e.jobId().isEmpty() ? null : e.jobId());
        return body;
    }
}
