package com.mailmoat.core.learning;

/**
 * How an administrator told Mailmoat about a message, and so what the model learns from it and how
 * strongly: explicit verdicts are learnt until the model agrees with them on that message; a
 * removal of a message Mailmoat already flagged only confirms (one small step, when the model was
 * leaning the other way).
 */
public enum FeedbackKind {
    /** "Report a missed threat": a message Mailmoat did not flag, removed as malicious. */
    REPORTED(FeedbackLabel.MALICIOUS, true),
    /** Remove of a detection: confirms Mailmoat's verdict (low weight). */
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
