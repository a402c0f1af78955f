package com.mailmoat.core.activity;

import java.time.Instant;
import java.util.Optional;

/**
 * Which entries of the log to read: one kind of change (empty: every kind) and a time range, both
 * ends included (empty: unbounded).
 */
public record ActivityFilter(Optional<ActivityCategory> category, Optional<Instant> from, Optional<Instant> to) {
    public static final ActivityFilter ALL = new ActivityFilter(Optional.empty(), Optional.empty(), Optional.empty());

    public ActivityFilter {
        category = category == null ? Optional.empty() : category;
        from = from == null ? Optional.empty() : from;
        to = to == null ? Optional.empty() : to;
    }

    public boolean matches(ActivityEntry entry) {
        return category.map(c -> ActivityCategory.of(entry.kind()) == c).orElse(true)
                && from.map(f -> !entry.at().isBefore(f)).orElse(true)
                && to.map(t -> !entry.at().isAfter(t)).orElse(true);
    }
}
