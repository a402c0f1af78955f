package com.mailmoat.core.detection;

/** What has been done about a detected message. */
public enum DetectionStatus {
    DETECTED,
    REMOVED,
    RELEASED
}
