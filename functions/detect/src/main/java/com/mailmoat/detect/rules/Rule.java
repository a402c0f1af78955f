package com.mailmoat.detect.rules;

import com.mailmoat.detect.Category;
import java.util.Map;

/**
 * One rule of the rules file.
 *
 * @param id          stable identifier, e.g. {@code URL_IP_LITERAL}
 * @param analyzer    the analyzer that evaluates it
 * @param weight      contribution to the score when it fires (negative: reassuring)
 * @param category    threat kind it indicates, or null for rules that only add to the score
 * @param message     explanation shown to administrators
 * @param attributes  further analyzer-specific settings ({@code phrases}, {@code min}, ...)
 */
public record Rule(String id, String analyzer, double weight, Category category, String message,
                   Map<String, String> attributes) {

    /** An attribute or a default. */
    public String attribute(String name, String fallback) {
        return attributes.getOrDefault(name, fallback);
    }
}
