package com.mailmoat.core.learning;

/**
 * How an administrator told Mailmoat about a message, and so what the model learns from it: each
 * verdict is learnt until the model agrees with it on that message (within its bounds). A removal of
 * a message Mailmoat flagged itself teaches nothing new and is not recorded; only a removal of a
 * message an administrator had called wanted is (it turns that verdict round).
 */
public enum FeedbackKind {
    /** "Report a missed threat": a message Mailmoat did not flag, removed as malicious. */
    REPORTED(FeedbackLabel.MALICIOUS, true),
    /** Remove of a detection an administrator had released or called not a threat: the verdict turns round. */
    REMOVED(FeedbackLabel.MALICIOUS, false),
    /** Release of a removed detection: the administrator wants it back. */
    RELEASED(FeedbackLabel.LEGITIMATE, true),
    /** "Not a threat" on a detection. */
    NOT_A_THREAT(FeedbackLabel.LEGITIMATE, true);

    private final FeedbackLabel label;
    private final boolean explicit;

    FeedbackKind(FeedbackLabel label, boolean explicit) {
        this.label = label;
        this.explicit = explicit;
    }

    public FeedbackLabel label() {
        return label;
    }

    /** An explicit verdict on the message (not a confirmation of Mailmoat's own). */
    public boolean explicit() {
        return explicit;
    }
}
