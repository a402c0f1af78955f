package com.mailmoat.core.learning;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Hands the learner again every verdict still waiting long after it was given or last taken up. A
 * verdict is recorded first and queued second, so a queue that refused it (or a learner whose message
 * went to the dead-letter queue) would otherwise leave it "pending" in the console for ever. A verdict
 * a learner keeps taking up (waiting out Microsoft's throttling) has a live queue message and is left
 * alone, so no copies pile up on a throttled tenant. The learner skips what it has learnt.
 *
 * <p>A verdict the learner fails on every time (each attempt ends in the dead-letter queue) is given
 * up after {@value #MAX_REQUEUES} requeues: it is marked {@link FeedbackStatus#FAILED}, which the
 * console shows, instead of being queued every hour for ever. The same verdict again retries it.
 */
public final class StalledVerdicts {
    /** Far longer than the learner takes, and than its longest wait between two attempts. */
    public static final Duration STALLED_AFTER = Duration.ofMinutes(30);
    /** Verdicts looked at per run; the rest follow on the next run. */
    static final int MAX_PER_RUN = 1000;
    /** Requeues without success before a verdict is given up: a lost message is rare, three in a row is a fault. */
    public static final int MAX_REQUEUES = 3;
    /** What the console shows beside a verdict given up. */
    static final String GIVEN_UP = "Mailmoat could not learn from this message after several attempts. "
            + "Give the verdict again to retry.";

    private final FeedbackStore feedback;
    private final LearningQueue queue;
    private final Clock clock;

    public StalledVerdicts(FeedbackStore feedback, LearningQueue queue, Clock clock) {
        this.feedback = feedback;
        this.queue = queue;
        this.clock = clock;
    }

    /** What one run did. */
    public record Swept(int queued, int givenUp) {
    }

    /** Queues the stalled verdicts again, or gives up those queued again too often. */
    public Swept requeue() {
        List<FeedbackStore.Stalled> stalled = feedback.stalled(clock.instant().minus(STALLED_AFTER), MAX_PER_RUN);
        int queued = 0;
        int givenUp = 0;
        for (FeedbackStore.Stalled verdict : stalled) {
            LearningWork work = verdict.work();
            if (verdict.requeues() >= MAX_REQUEUES) {
                // Conditional on the verdict it read: a newer verdict given meanwhile is left waiting.
                Optional<Feedback> current = feedback.find(work.accountId(), work.key());
                if (current.isPresent() && current.get().status() == FeedbackStatus.PENDING
                        && feedback.update(current.get().notLearnt(FeedbackStatus.FAILED, GIVEN_UP))) {
                    givenUp++;
                }
                continue;
            }
            // Counted before it is queued: a queue that refuses it now still counts towards giving up.
            feedback.requeued(work.accountId(), work.key(), clock.instant());
            queue.enqueue(work);
            queued++;
        }
        return new Swept(queued, givenUp);
    }
}
