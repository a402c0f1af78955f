package com.mailmoat.core.realtime;

/** Queues subscription syncs (the subscription-sync queue). */
@FunctionalInterface
public interface SyncRequests {
    SyncRequests NONE = request -> {
    };

    void request(SyncRequest request);
}
