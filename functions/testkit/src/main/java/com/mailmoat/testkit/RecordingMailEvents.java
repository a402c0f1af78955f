package com.mailmoat.testkit;

import com.mailmoat.core.realtime.MailEvent;
import com.mailmoat.core.realtime.MailEventQueue;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what would be queued for the real-time check; can be made to fail. */
public final class RecordingMailEvents implements MailEventQueue {
    public final List<MailEvent> queued = new CopyOnWriteArrayList<>();
    public volatile boolean failing;

    @Override
    public void enqueue(List<MailEvent> events) {
        if (failing) {
            throw new IllegalStateException("queue unavailable");
        }
        queued.addAll(events);
    }
}
