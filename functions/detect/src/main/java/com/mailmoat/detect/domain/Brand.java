package com.mailmoat.detect.domain;

import java.util.List;
import java.util.Set;

/**
 * A well-known brand that phishing imitates.
 *
 * @param key      short id and the label its main domain starts with ({@code paypal})
 * @param names    lower-case names it goes by in display names and text ({@code paypal})
 * @param domains  registrable domains it legitimately sends from or links to
 */
public record Brand(String key, List<String> names, Set<String> domains) {
}
