package com.mailmoat.core.scan;

/** Where a scan stands with one mailbox. */
public enum CursorState {
    /** Pages are still to be read. */
    READING,
    /** Every message in the window was read. */
    DONE,
    /** The mailbox could not be read (no licence, no mailbox, access denied); see the reason. */
    SKIPPED;

    public boolean finished() {
        return this != READING;
    }
}
