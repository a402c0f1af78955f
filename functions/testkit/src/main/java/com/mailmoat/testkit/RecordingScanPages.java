package com.mailmoat.testkit;

import com.mailmoat.core.scan.ScanPageQueue;
import com.mailmoat.core.scan.ScanPageWork;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The scan-pages queue in memory: tests drain it by hand, delayed items included. */
public final class RecordingScanPages implements ScanPageQueue {
    public final Deque<ScanPageWork> queue = new ArrayDeque<>();
    public final List<Duration> delays = new CopyOnWriteArrayList<>();
    private boolean failNext;

    /** The next enqueue throws, as if the worker died while queueing. */
    public synchronized void failNextEnqueue() {
        failNext = true;
    }

    private void maybeFail() {
        if (failNext) {
            failNext = false;
            throw new IllegalStateException("worker stopped while queueing (simulated)");
        }
    }

    @Override
    public synchronized void enqueue(List<ScanPageWork> work) {
        maybeFail();
        queue.addAll(work);
    }

    @Override
    public synchronized void enqueueDelayed(ScanPageWork work, Duration delay) {
        maybeFail();
        delays.add(delay);
        queue.add(work);
    }

    public synchronized ScanPageWork poll() {
        return queue.poll();
    }
}
