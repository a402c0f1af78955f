package com.mailmoat.core.remediation;

/** What became of one message of a job; each is counted apart. */
public enum ItemOutcome {
    /** Moved by this job: now in quarantine (REMOVE) or back in place (RELEASE). */
    DONE,
    /** Nothing to move: the user deleted it or moved it out of reach, or another job already did it. */
    ALREADY_GONE,
    /** Could not be moved, for a reason that retrying does not fix. */
    FAILED
}
