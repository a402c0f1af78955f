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

    /** Rule id of the single reason of a verdict on input that is not an email. */
    public static final String UNPARSEABLE_RULE = "PARSE_NOT_AN_EMAIL";

    /** True when the message should be flagged (SUSPICIOUS or MALICIOUS). */
    public boolean flagged() {
        return level != Level.CLEAN;
    }

    /**
     * True when the input was not an email at all (binary data, a document, text without header
     * fields) and was not analysed: the level is then SUSPICIOUS so that a human looks at it, and
     * the one reason ({@value #UNPARSEABLE_RULE}) says what the input looked like.
     */
    public boolean unparseable() {
        return reasons.size() == 1 && reasons.get(0).rule().equals(UNPARSEABLE_RULE);
    }
}
