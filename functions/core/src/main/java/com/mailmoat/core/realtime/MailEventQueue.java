package com.mailmoat.core.realtime;

import java.util.List;

/** Hands accepted notifications to the real-time check (the mail-events queue). */
@FunctionalInterface
public interface MailEventQueue {
    /** Queues every event; throws when any could not be queued (the webhook then answers 5xx and Graph retries). */
    void enqueue(List<MailEvent> events);
}
