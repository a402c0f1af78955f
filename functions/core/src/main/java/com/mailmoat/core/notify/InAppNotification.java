package com.mailmoat.core.notify;

import java.time.Instant;

/** A notice shown in the console's notification area. */
public record InAppNotification(String notificationId, String accountId, NotificationKind kind, String title,
                                String message, Instant createdAt) {
}
