package com.mailmoat.core.notify;

import java.util.List;

/** The console's notification area, per account, with each notice's read state. */
public interface InAppNotificationStore {

    /** Saves the notice, unread; saving the same notification id again changes nothing. */
    void save(InAppNotification notification);

    /** Newest first, at most {@code limit}. */
    List<InAppNotification> recent(String accountId, int limit);

    /** Marks one notice read; false when the account has no such notice. */
    boolean markRead(String accountId, String notificationId);

    /** Marks every notice of the account read. */
    void markAllRead(String accountId);

    /** How many of the account's notices are unread. */
    int unreadCount(String accountId);
}
