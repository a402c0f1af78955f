package com.mailmoat.core.detection;

/** The detection engine's three levels; only SUSPICIOUS and MALICIOUS messages become detections. */
public enum ThreatLevel {
    CLEAN,
    SUSPICIOUS,
    MALICIOUS
}
