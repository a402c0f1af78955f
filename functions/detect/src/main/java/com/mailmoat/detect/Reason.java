package com.mailmoat.detect;

import java.util.Objects;

/**
 * One piece of evidence behind a verdict, written for an administrator: which analyzer saw it,
 * which rule of the rules file it is, what it means, and the exact thing it saw.
 *
 * @param analyzer the analyzer that produced it (authentication, impersonation, url, attachment,
 *                 language, policy, parser)
 * @param rule     the rule id from the rules file (stable, usable for tuning and statistics)
 * @param message  human-readable explanation of the rule
 * @param evidence what was seen in this message (an address, a URL, a file name, a phrase)
 * @param weight   the rule's contribution to the score (may be negative for reassuring signals)
 */
public record Reason(String analyzer, String rule, String message, String evidence, double weight) {
    public Reason {
        Objects.requireNonNull(analyzer, "analyzer");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        evidence = evidence == null ? "" : evidence;
    }
}
