package com.mailmoat.core.learning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Hands the learner again every verdict still waiting long after it was given. A verdict is
 * recorded first and queued second, so a queue that refused it (or a learner whose message went to
 * the dead-letter queue) would otherwise leave it "pending" in the console for ever. The learner
 * skips what it has learnt, so queuing one twice costs a read.
 */
public final class StalledVerdicts {
    /** Far longer than the learner takes, including its retries on a throttled mailbox. */
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
        Instant givenBefore = clock.instant().minus(STALLED_AFTER);
        List<LearningWork> stalled = feedback.stalled(givenBefore, MAX_PER_RUN);
        stalled.forEach(queue::enqueue);
        return stalled.size();
    }
}
