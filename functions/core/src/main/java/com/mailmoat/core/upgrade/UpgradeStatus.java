package com.mailmoat.core.upgrade;

/** Where an upgrade is. */
public enum UpgradeStatus {
    /** Waiting for the administrator to confirm Microsoft permissions; the workflow starts after it. */
    PENDING_CONSENT,
    RUNNING,
    COMPLETED,
    FAILED;

    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }
}
