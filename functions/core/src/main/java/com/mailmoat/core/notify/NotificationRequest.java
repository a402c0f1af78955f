package com.mailmoat.core.notify;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One notification to deliver. {@code notificationId} is fixed when the request is created, so a
 * redelivered queue message is recognised and never sent twice.
 */
public record NotificationRequest(String notificationId, String accountId, NotificationKind kind,
                                  String recipient, Map<String, String> params, Instant requestedAt) {
    public NotificationRequest {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(kind, "kind");
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
