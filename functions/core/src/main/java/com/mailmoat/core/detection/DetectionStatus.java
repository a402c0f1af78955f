package com.mailmoat.core.detection;

/** What has been done about a detected message. */
public enum DetectionStatus {
    DETECTED,
    REMOVED,
    RELEASED,
    /** The administrator said the message is wanted: it stays where it is, and is no threat to remove. */
    NOT_A_THREAT
}
