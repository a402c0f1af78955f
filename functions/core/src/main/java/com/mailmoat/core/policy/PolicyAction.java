package com.mailmoat.core.policy;

/** What happens to a message a policy applies to, per threat level. */
public enum PolicyAction {
    /** Moved to the user's Mailmoat Quarantine folder, hidden from the user (Protect only). */
    QUARANTINE,
    /** Recorded as a detection and reported; the message stays. */
    RECORD,
    /** Nothing. */
    NONE
}
