package com.mailmoat.detect;

/**
 * How bad a message is judged to be. Ordered from harmless to harmful, so callers can compare
 * with {@link #compareTo} (for example "remove everything at or above SUSPICIOUS").
 */
public enum Level {
    /** Nothing worth acting on. */
    CLEAN,
    /** Enough signals to warn or review, not enough to remove without a human. */
    SUSPICIOUS,
    /** Strong, converging signals: phishing, malware, impersonation or a blocked sender. */
    MALICIOUS
}
