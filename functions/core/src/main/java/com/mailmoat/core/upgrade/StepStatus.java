package com.mailmoat.core.upgrade;

/** One step's state. */
public enum StepStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    /** Not run: an earlier step failed. */
    SKIPPED
}
