package com.mailmoat.core.activity;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of an account's activity log: when, who (the administrator's address, or
 * {@link #MAILMOAT} / {@link #MICROSOFT_365} for what happened on its own), what (a kind and a
 * plain-English summary naming what was involved). Never a secret or a message body.
 */
public record ActivityEntry(String id, Instant at, String actor, ActivityKind kind, String summary) {
    public static final String MAILMOAT = "Mailmoat";
    public static final String MICROSOFT_365 = "Microsoft 365";

    public ActivityEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(summary, "summary");
    }
}
