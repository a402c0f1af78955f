package com.mailmoat.core.scan;

import java.time.Duration;
import java.util.List;

/** The queue of scan pages (the scan-chunk worker's input). */
public interface ScanPageQueue {

    /** Enqueues work items at once (batched where the queue allows). */
    void enqueue(List<ScanPageWork> work);

    /** Enqueues one work item that becomes visible after {@code delay} (e.g. Microsoft's Retry-After). */
    void enqueueDelayed(ScanPageWork work, Duration delay);
}
