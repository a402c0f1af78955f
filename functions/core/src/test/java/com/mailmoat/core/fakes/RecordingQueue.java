package com.mailmoat.core.fakes;

import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import java.util.ArrayList;
import java.util.List;

/** A notification queue that keeps what was enqueued. */
public final class RecordingQueue implements NotificationQueue {
    public final List<NotificationRequest> sent = new ArrayList<>();

    @Override
    public void enqueue(NotificationRequest request) {
        sent.add(request);
    }

    public NotificationRequest last() {
        return sent.get(sent.size() - 1);
    }
}
