package com.mailmoat.core.notify;

/** Hands notifications to the asynchronous notification worker (the notifications queue). */
public interface NotificationQueue {
    void enqueue(NotificationRequest request);
}
