package com.mailmoat.core.detection;

import java.util.Objects;

/**
 * One reason behind a verdict, as the console shows it.
 *
 * @param analyzer what saw it (authentication, impersonation, url, attachment, language, policy, parser)
 * @param rule     the rule's stable id
 * @param message  what it means, for an administrator
 * @param evidence the exact thing seen (an address, a URL, a file name, a phrase)
 * @param weight   its contribution to the score
 */
public record Evidence(String analyzer, String rule, String message, String evidence, double weight) {
    public Evidence {
        Objects.requireNonNull(rule, "rule");
        analyzer = analyzer == null ? "" : analyzer;
        message = message == null ? "" : message;
        evidence = evidence == null ? "" : evidence;
    }
}
