package com.mailmoat.testkit;

import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A notification queue that keeps what was enqueued. */
public final class RecordingNotificationQueue implements NotificationQueue {
    public final List<NotificationRequest> sent = new CopyOnWriteArrayList<>();

    @Override
    public void enqueue(NotificationRequest request) {
        sent.add(request);
    }

    public NotificationRequest last() {
        return sent.get(sent.size() - 1);
    }

    public List<NotificationRequest> ofKind(NotificationKind kind) {
        return sent.stream().filter(request -> request.kind() == kind).toList();
    }
}
