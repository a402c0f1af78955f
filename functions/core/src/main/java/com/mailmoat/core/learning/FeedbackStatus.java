package com.mailmoat.core.learning;

/** Where a message's latest verdict is in the learning pipeline. */
public enum FeedbackStatus {
    /** Queued: the model has not learnt the latest verdict yet. */
    PENDING,
    /** The model holds the latest verdict. */
    LEARNED,
    /** The message could not be read any more (deleted, mailbox gone): nothing was learnt from it. */
    UNAVAILABLE
}
