package com.mailmoat.testkit;

import com.mailmoat.core.realtime.SyncRequest;
import com.mailmoat.core.realtime.SyncRequests;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the subscription syncs asked for. */
public final class RecordingSyncRequests implements SyncRequests {
    public final List<SyncRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public void request(SyncRequest request) {
        requests.add(request);
    }
}
