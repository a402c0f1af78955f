package com.mailmoat.testkit;

import com.mailmoat.core.remediation.RemediationQueue;
import com.mailmoat.core.remediation.RemediationWork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A remediation queue that keeps what was queued; {@link #drain()} hands it over once. */
public final class RecordingRemediationQueue implements RemediationQueue {
    public final List<RemediationWork> sent = new CopyOnWriteArrayList<>();
    private final List<RemediationWork> pending = new CopyOnWriteArrayList<>();

    @Override
    public void enqueue(List<RemediationWork> items) {
        sent.addAll(items);
        pending.addAll(items);
    }

    /** The items queued since the last drain. */
    public synchronized List<RemediationWork> drain() {
        List<RemediationWork> items = new ArrayList<>(pending);
        pending.clear();
        return items;
    }
}
