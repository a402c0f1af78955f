package com.mailmoat.testkit;

import com.mailmoat.core.notify.InAppNotification;
import com.mailmoat.core.notify.InAppNotificationStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** In-app notifications in memory; saving one id twice keeps one. */
public final class InMemoryInAppNotifications implements InAppNotificationStore {
    private final Map<String, InAppNotification> byId = new ConcurrentHashMap<>();

    @Override
    public void save(InAppNotification notification) {
        byId.put(notification.notificationId(), notification);
    }

    @Override
    public List<InAppNotification> recent(String accountId, int limit) {
        return byId.values().stream().filter(n -> n.accountId().equals(accountId))
                .sorted(Comparator.comparing(InAppNotification::createdAt).reversed())
                .limit(limit).toList();
    }
}
