package com.mailmoat.core.notify;

import java.util.List;

/** The console's notification area, per account. */
public interface InAppNotificationStore {

    /** Saves the notice; saving the same notification id again changes nothing. */
    void save(InAppNotification notification);

    /** Newest first, at most {@code limit}. */
    List<InAppNotification> recent(String accountId, int limit);
}
