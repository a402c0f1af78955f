package com.mailmoat.core.remediation;

/** What became of one message of a job; each is counted apart. */
public enum ItemOutcome {
    /** Moved by this job: now in quarantine (REMOVE) or back in place (RELEASE). */
    DONE,
    /** Nothing to move: the user deleted it or moved it out of the mailbox. */
    ALREADY_GONE,
    /**
     * Nothing to move: another Mailmoat job had already moved it where this one would (in quarantine for a
     * removal, out of it for a release). Told apart from {@link #ALREADY_GONE} so nobody blames the user.
     */
    ALREADY_DONE,
    /** Could not be moved, for a reason that retrying does not fix. */
    FAILED
}
