package com.mailmoat.core.learning;

import java.time.Instant;
import java.util.ArrayList;
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

        /**
         * What {@link #record} stores: the message's first verdict, or {@code current} with the entry
         * appended (its oldest entries beyond {@code maxTrail} dropped). A new verdict, or any verdict on
         * one nothing was learnt from, is learnt again. Not yet found in a mailbox (a reported message),
         * it is looked for where the latest report says.
         */
        public static Recorded of(Feedback current, Feedback proposed, FeedbackEntry entry, int maxTrail) {
            // A verdict proposed as EXCLUDED is recorded as it is, with its reason, and never waits for the learner.
            boolean excluded = proposed.status() == FeedbackStatus.EXCLUDED;
            FeedbackStatus fresh = excluded ? FeedbackStatus.EXCLUDED : FeedbackStatus.PENDING;
            String freshReason = excluded ? proposed.reason() : "";
            if (current == null) {
                return new Recorded(new Feedback(proposed.accountId(), proposed.key(), proposed.detectionId(),
                        proposed.mailboxId(), proposed.messageId(), proposed.internetMessageId(), entry.kind().label(),
                        fresh, 1, 0, List.of(entry), proposed.subject(), freshReason), true);
            }
            List<FeedbackEntry> trail = new ArrayList<>(current.history());
            trail.add(entry);
            while (trail.size() > maxTrail) {
                trail.remove(0);
            }
            boolean changed = current.label() != entry.kind().label() || current.nothingLearnt()
                    || excluded != (current.status() == FeedbackStatus.EXCLUDED);
            boolean located = current.located();
            return new Recorded(new Feedback(current.accountId(), current.key(), current.detectionId(),
                    located ? current.mailboxId() : proposed.mailboxId(), current.messageId(), current.internetMessageId(),
                    entry.kind().label(), changed ? fresh : current.status(),
                    changed ? current.sequence() + 1 : current.sequence(), current.learnedSequence(), trail,
                    current.subject().isEmpty() ? proposed.subject() : current.subject(),
                    changed ? freshReason : current.reason()),
                    changed);
        }
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
