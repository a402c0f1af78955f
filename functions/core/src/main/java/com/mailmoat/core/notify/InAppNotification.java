package com.mailmoat.core.notify;

import java.time.Instant;

/** A notice shown in the console's notification area; {@code read} once the administrator has seen it. */
public record InAppNotification(String notificationId, String accountId, NotificationKind kind, String title,
                                String message, Instant createdAt, boolean read) {

    /** A new, unread notice. */
    public InAppNotification(String notificationId, String accountId, NotificationKind kind, String title,
                             String message, Instant createdAt) {
        this(notificationId, accountId, kind, title, message, createdAt, false);
    }
}
