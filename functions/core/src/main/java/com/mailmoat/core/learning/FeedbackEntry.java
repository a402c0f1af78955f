package com.mailmoat.core.learning;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a message's feedback audit trail: who said what about it, when.
 *
 * @param kind  what was done ({@link FeedbackKind})
 * @param by    the administrator's e-mail address
 * @param at    when
 * @param jobId the remediation job it came with (empty for console actions without one)
 */
public record FeedbackEntry(FeedbackKind kind, String by, Instant at, String jobId) {
    public FeedbackEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        by = by == null ? "" : by;
        jobId = jobId == null ? "" : jobId;
    }
}
