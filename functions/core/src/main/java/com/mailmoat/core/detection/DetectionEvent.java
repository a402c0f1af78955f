package com.mailmoat.core.detection;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a detection's audit trail: who did what to the message, when, and what came of it.
 *
 * @param action   {@code REMOVE} or {@code RELEASE}
 * @param outcome  {@code DONE} (moved), {@code ALREADY_GONE} (nothing to move) or {@code FAILED}
 * @param by       who asked: the administrator's e-mail address, or {@code policy} for automatic removals
 * @param at       when the outcome was recorded
 * @param jobId    the remediation job
 * @param folderId where the message is after it (null when unknown or gone)
 * @param reason   why it was gone or failed (empty when done)
 */
public record DetectionEvent(String action, String outcome, String by, Instant at, String jobId, String folderId,
                             String reason) {
    public DetectionEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
        by = by == null ? "" : by;
        jobId = jobId == null ? "" : jobId;
        reason = reason == null ? "" : reason;
    }
}
