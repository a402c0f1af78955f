package com.mailmoat.core.learning;

/** Where a message's latest verdict is in the learning pipeline. */
public enum FeedbackStatus {
    /** Queued: the model has not learnt the latest verdict yet. */
    PENDING,
    /** The model holds the latest verdict. */
    LEARNED,
    /** The message could not be read any more (deleted, mailbox gone): nothing was learnt from it. */
    UNAVAILABLE,
    /**
     * The learner failed on it each time the sweep queued it again (its errors are in the learning
     * dead-letter queue): given up until an administrator gives a verdict on the message again.
     */
    FAILED,
    /**
     * A verdict of wanted mail on a message carrying malware (released, or marked not a threat): kept in the
     * audit trail but never learnt, so wanting one such message back does not make similar malware score lower.
     */
    EXCLUDED
}
