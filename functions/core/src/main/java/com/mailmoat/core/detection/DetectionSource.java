package com.mailmoat.core.detection;

/** How a message came to be judged: by a Threat Scan, as it arrived, or reported by the administrator as a missed threat. */
public enum DetectionSource {
    SCAN,
    REAL_TIME,
    /** An administrator reported it ("report a missed threat"): Mailmoat had not flagged it. */
    REPORTED
}
