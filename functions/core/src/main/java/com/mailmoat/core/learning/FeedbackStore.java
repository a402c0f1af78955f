package com.mailmoat.core.learning;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where administrators' verdicts are kept, per account (DynamoDB in AWS). Writers meet (the console
 * and the remediation worker, several learners): {@link #record} and {@link #update} are conditional.
 */
public interface FeedbackStore {

    Optional<Feedback> find(String accountId, String key);

    /**
     * Records a verdict: creates the message's item or, when its latest verdict is the other one,
     * makes this one the latest (sequence + 1, status PENDING) and appends the entry to its trail.
     * The same verdict again only appends to the trail.
     *
     * @return the item as stored, and whether the verdict changed (the model has something to learn)
     */
    Recorded record(Feedback proposed, FeedbackEntry entry);

    /** The outcome of {@link #record}. */
    record Recorded(Feedback feedback, boolean changed) {
    }

    /** Stores the learner's progress, unless a newer verdict arrived meanwhile (then false). */
    boolean update(Feedback feedback);

    /** The account's most recent verdicts (by when their latest entry was given), newest first. */
    List<Feedback> recent(String accountId, int limit);

    /**
     * Every detection whose latest verdict is {@link FeedbackLabel#LEGITIMATE}, however old, and
     * including a verdict recorded just before: removing a scan's threats must leave them alone.
     */
    Set<String> legitimateDetections(String accountId);

    /**
     * A learner took up the verdict at {@code at} (while it is still waiting): the sweep of stalled
     * verdicts leaves it alone, since a queue message for it is alive.
     */
    void takenUp(String accountId, String key, Instant at);

    /**
     * Verdicts of every account still waiting for the learner that were neither given nor taken up
     * by a learner (nor queued again) since {@code idleSince}, longest idle first: their queue message
     * was lost, or the learner's retries ended in the dead-letter queue.
     */
    List<Stalled> stalled(Instant idleSince, int limit);

    /**
     * A stalled verdict, and how often it was queued again since it was given (the same verdict given
     * again starts the count afresh).
     */
    record Stalled(LearningWork work, int requeues) {
    }

    /**
     * The sweep queues the verdict again at {@code at}: one more requeue, and idle from {@code at} (while
     * it is still waiting).
     */
    void requeued(String accountId, String key, Instant at);
}
