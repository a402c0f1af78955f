package com.mailmoat.core.learning;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Hands the learner again every verdict still waiting long after it was given or last taken up. A
 * verdict is recorded first and queued second, so a queue that refused it (or a learner whose message
 * went to the dead-letter queue) would otherwise leave it "pending" in the console for ever. A verdict
 * a learner keeps taking up (waiting out Microsoft's throttling) has a live queue message and is left
 * alone, so no copies pile up on a throttled tenant. The learner skips what it has learnt.
 */
public final class StalledVerdicts {
    /** Far longer than the learner takes, and than its longest wait between two attempts. */
    public static final Duration STALLED_AFTER = Duration.ofMinutes(30);
    /** Verdicts queued again per run; the rest follow on the next run. */
    static final int MAX_PER_RUN = 1000;

    private final FeedbackStore feedback;
    private final LearningQueue queue;
    private final Clock clock;

    public StalledVerdicts(FeedbackStore feedback, LearningQueue queue, Clock clock) {
        this.feedback = feedback;
        this.queue = queue;
        this.clock = clock;
    }

    /** Queues the stalled verdicts again; returns how many. */
    public int requeue() {
        List<LearningWork> stalled = feedback.stalled(clock.instant().minus(STALLED_AFTER), MAX_PER_RUN);
        stalled.forEach(queue::enqueue);
        return stalled.size();
    }
}
