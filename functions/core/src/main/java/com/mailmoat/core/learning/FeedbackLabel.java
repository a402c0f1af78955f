package com.mailmoat.core.learning;

/** What an administrator said a message is. */
public enum FeedbackLabel {
    /** Phish, malware, spam: unwanted. */
    MALICIOUS,
    /** Wanted mail (a false positive). */
    LEGITIMATE;

    public FeedbackLabel opposite() {
        return this == MALICIOUS ? LEGITIMATE : MALICIOUS;
    }
}
