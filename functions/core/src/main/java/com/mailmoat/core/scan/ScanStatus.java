package com.mailmoat.core.scan;

/** A scan runs until every mailbox is read or skipped, or until the administrator ends it. */
public enum ScanStatus {
    RUNNING,
    COMPLETED,
    ENDED_EARLY;

    public boolean finished() {
        return this != RUNNING;
    }
}
