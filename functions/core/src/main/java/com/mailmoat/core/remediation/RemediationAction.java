package com.mailmoat.core.remediation;

import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionStatus;

/** What a remediation job does to each selected message. */
public enum RemediationAction {
    /** Move the message into the mailbox's quarantine folder. */
    REMOVE,
    /** Move a removed message back to the folder it came from (the Inbox when unknown). */
    RELEASE;

    /** Whether the detection's message is in a state this action applies to. */
    public boolean appliesTo(Detection detection) {
        if (detection.trail().messageGone()) {
            return false;
        }
        return this == REMOVE ? detection.status() != DetectionStatus.REMOVED : detection.status() == DetectionStatus.REMOVED;
    }

    /** The status a detection takes when its message was moved. */
    public DetectionStatus resultingStatus() {
        return this == REMOVE ? DetectionStatus.REMOVED : DetectionStatus.RELEASED;
    }
}
