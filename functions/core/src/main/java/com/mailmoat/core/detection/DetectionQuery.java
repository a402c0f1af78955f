package com.mailmoat.core.detection;

import java.time.Instant;

/**
 * A page of an account's detections, newest received first. Every filter is optional (null);
 * {@code text} matches subject and sender, case-insensitively; {@code source} is how the message came
 * to be judged.
 *
 * @param cursor opaque position returned by the previous page
 */
public record DetectionQuery(int limit, String cursor, ThreatLevel level, String category, DetectionStatus status,
                             String mailbox, String sender, String text, Instant from, Instant to, String scanId,
                             DetectionSource source) {
    public static final int MAX_LIMIT = 200;

    /** Every source: found by a scan, in real time, or reported. */
    public DetectionQuery(int limit, String cursor, ThreatLevel level, String category, DetectionStatus status,
                          String mailbox, String sender, String text, Instant from, Instant to, String scanId) {
        this(limit, cursor, level, category, status, mailbox, sender, text, from, to, scanId, null);
    }

    public DetectionQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }

    public static DetectionQuery all(int limit) {
        return new DetectionQuery(limit, null, null, null, null, null, null, null, null, null, null);
    }
}
