package com.mailmoat.detect;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The engine's decision on one message and why.
 *
 * @param level      CLEAN, SUSPICIOUS or MALICIOUS
 * @param score      sum of the weights of the rules that fired (thresholds are in the rules file)
 * @param categories threat kinds indicated by the rules that fired (empty when clean)
 * @param reasons    every rule that fired, strongest first, including notes about parts of the
 *                   message that could not be parsed
 */
public record Verdict(Level level, double score, Set<Category> categories, List<Reason> reasons) {
    public Verdict {
        Objects.requireNonNull(level, "level");
        categories = Set.copyOf(categories);
        reasons = List.copyOf(reasons);
    }

    /** True when the message should be flagged (SUSPICIOUS or MALICIOUS). */
    public boolean flagged() {
        return level != Level.CLEAN;
    }
}
