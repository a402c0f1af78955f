package com.mailmoat.consoleapi;

import com.mailmoat.core.realtime.RealTimeEvent;
import com.mailmoat.core.realtime.RealTimeSummaries;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.SessionRoutes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Home page's real-time widgets: {@code GET /api/realtime/summary[?events=N]} answers whether new
 * mail is checked as it arrives, how many mailboxes are subscribed and how many subscriptions are healthy
 * or need attention (lapsed, or less than an hour left), today's figures (UTC: messages
 * checked, threats found, threats blocked, notifications refused), the last events, newest first, and
 * {@code subscriptionProblem} ({@code {message, since}}, or null) while Microsoft refuses a subscription.
 */
public final class RealTimeRoutes implements SessionRoutes.Group {
    static final int DEFAULT_EVENTS = 10;

    private final RealTimeSummaries summaries;

    public RealTimeRoutes(RealTimeSummaries summaries) {
        this.summaries = summaries;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.get("/api/realtime/summary", this::summary);
    }

    private Map<String, Object> summary(ApiRequest request, Session session) {
        int events = DEFAULT_EVENTS;
        String asked = request.queryParameter("events").orElse("");
        if (!asked.isBlank()) {
            try {
                events = Integer.parseInt(asked.strip());
            } catch (NumberFormatException e) {
                events = -1;
            }
            if (events < 0 || events > RealTimeSummaries.MAX_EVENTS) {
                throw new InvalidInputException(List.of(new FieldError("events",
                        "must be a number from 0 to " + RealTimeSummaries.MAX_EVENTS)));
            }
        }
        RealTimeSummaries.Summary summary = summaries.of(session.accountId(), events);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", summary.mode().name());
        body.put("active", summary.active());
        body.put("protectedMailboxes", summary.protectedMailboxes());
        body.put("nextSubscriptionExpiry", summary.nextExpiry() == null ? null : summary.nextExpiry().toString());
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("healthy", summary.healthySubscriptions());
        health.put("needingAttention", summary.subscriptionsNeedingAttention());
        body.put("subscriptions", health);
        Map<String, Object> today = new LinkedHashMap<>();
        today.put("date", summary.today().date().toString());
        today.put("checked", summary.today().checked());
        today.put("threats", summary.today().threats());
        today.put("blocked", summary.today().blocked());
        today.put("rejectedNotifications", summary.today().rejected());
        body.put("today", today);
        body.put("lastEvents", summary.lastEvents().stream().map(RealTimeRoutes::event).toList());
        // A subscription Microsoft refused to create or renew (the administrator was emailed once), until a sync succeeds.
        body.put("subscriptionProblem", summary.problem() == null ? null
                : Map.of("message", summary.problem().message(), "since", summary.problem().since().toString()));
        return body;
    }

    private static Map<String, Object> event(RealTimeEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", event.at().toString());
        body.put("mailbox", event.mailbox());
        body.put("level", event.level().name());
        body.put("action", event.action().name());
        body.put("detectionId", event.detectionId());
        body.put("sender", event.sender());
        body.put("subject", event.subject());
        body.put("latencyMillis", event.latencyMillis());
        return body;
    }
}
