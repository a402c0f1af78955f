package com.mailmoat.core.detection;

/** How a message came to be judged: by a Threat Scan or as it arrived. */
public enum DetectionSource {
    SCAN,
    REAL_TIME
}
