package com.mailmoat.consoleapi;

import com.mailmoat.core.recipients.AlertRecipient;
import com.mailmoat.core.recipients.AlertRecipients;
import com.mailmoat.core.session.Session;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.RetryableApiError;
import com.mailmoat.lambda.http.SessionRoutes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account's extra alert recipients (Account page, Emails): list, add (a confirmation email goes
 * to the address, nothing else until it confirms), re-send that email, remove. Only the session's
 * account is ever read or changed: another account's recipient is 404.
 */
public final class AlertRecipientRoutes implements SessionRoutes.Group {
    private static final String NOT_FOUND = "There is no such recipient on this account.";

    private final AlertRecipients recipients;

    public AlertRecipientRoutes(AlertRecipients recipients) {
        this.recipients = recipients;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.get("/api/account/email-recipients", (request, session) -> list(session))
                .json("POST /api/account/email-recipients", 201, this::add)
                .json("POST /api/account/email-recipients/{id}/resend", 202, this::resend)
                .route("DELETE /api/account/email-recipients/{id}", (request, session) -> {
                    if (!recipients.remove(session.accountId(), request.idParameter("id", "recipient"))) {
                        throw ApiError.notFound(NOT_FOUND);
                    }
                    return ApiResponses.noContent(List.of());
                });
    }

    private Map<String, Object> list(Session session) {
        return Map.of("recipients", recipients.list(session.accountId()).stream().map(AlertRecipientRoutes::json).toList(),
                "max", AlertRecipients.MAX_PER_ACCOUNT);
    }

    /** {@code {"email"}}: 201 with the pending recipient; 400 per field; 429 when too many confirmations went out. */
    private Map<String, Object> add(ApiRequest request, Session session) {
        String email = request.requireStrings("email").get(0);
        return sent(recipients.add(session.accountId(), email));
    }

    private Map<String, Object> resend(ApiRequest request, Session session) {
        return sent(recipients.resend(session.accountId(), request.idParameter("id", "recipient")));
    }

    private static Map<String, Object> sent(AlertRecipients.Outcome outcome) {
        if (outcome instanceof AlertRecipients.Outcome.Sent sent) {
            return json(sent.recipient());
        }
        if (outcome instanceof AlertRecipients.Outcome.Throttled throttled) {
            throw new RetryableApiError(429, "too_many_requests", "Mailmoat sends a confirmation email to an address at "
                    + "most once every " + AlertRecipients.RESEND_WINDOW.toMinutes() + " minutes, and at most "
                    + AlertRecipients.CONFIRMATIONS_PER_DAY + " a day for an account. Try again later.",
                    throttled.retryAfter().toSeconds());
        }
        throw ApiError.notFound(NOT_FOUND);
    }

    static Map<String, Object> json(AlertRecipient recipient) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", recipient.recipientId());
        body.put("email", recipient.email());
        body.put("state", recipient.state().name());
        body.put("addedAt", recipient.addedAt().toString());
        body.put("confirmedAt", recipient.confirmedAt() == null ? null : recipient.confirmedAt().toString());
        body.put("unsubscribedAt", recipient.unsubscribedAt() == null ? null : recipient.unsubscribedAt().toString());
        return body;
    }
}
