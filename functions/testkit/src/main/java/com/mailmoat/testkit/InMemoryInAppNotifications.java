package com.mailmoat.testkit;

import com.mailmoat.core.notify.InAppNotification;
import com.mailmoat.core.notify.InAppNotificationStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** In-app notifications in memory; saving one id twice keeps the first (and its read state). */
public final class InMemoryInAppNotifications implements InAppNotificationStore {
    private final Map<String, InAppNotification> byId = new ConcurrentHashMap<>();

    @Override
    public void save(InAppNotification notification) {
        byId.putIfAbsent(notification.accountId() + "\n" + notification.notificationId(), notification);
    }

    @Override
    public List<InAppNotification> recent(String accountId, int limit) {
        return byId.values().stream().filter(n -> n.accountId().equals(accountId))
                .sorted(Comparator.comparing(InAppNotification::createdAt).reversed())
                .limit(limit).toList();
    }

    @Override
    public boolean markRead(String accountId, String notificationId) {
        return byId.computeIfPresent(accountId + "\n" + notificationId, (key, n) -> read(n)) != null;
    }

    @Override
    public void markAllRead(String accountId) {
        byId.replaceAll((key, n) -> n.accountId().equals(accountId) ? read(n) : n);
    }

    @Override
    public int unreadCount(String accountId) {
        return (int) byId.values().stream().filter(n -> n.accountId().equals(accountId) && !n.read()).count();
    }

    public int size() {
        return byId.size();
    }

    private static InAppNotification read(InAppNotification n) {
        return new InAppNotification(n.notificationId(), n.accountId(), n.kind(), n.title(), n.message(), n.createdAt(),
                true);
    }
}
