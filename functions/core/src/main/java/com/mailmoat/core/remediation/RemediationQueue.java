package com.mailmoat.core.remediation;

import java.util.List;

/** Hands work items to the remediation worker (the remediation queue). */
public interface RemediationQueue {
    /** Queues every item; throws when any could not be queued. */
    void enqueue(List<RemediationWork> items);
}
