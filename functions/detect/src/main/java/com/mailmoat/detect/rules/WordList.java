package com.mailmoat.detect.rules;

import java.util.List;

/**
 * A named data list of the rules file (brands, shorteners, phrases...), with where it came from.
 *
 * @param name    list name, e.g. {@code shorteners}
 * @param source  where the entries come from
 * @param licence the licence under which they are used
 * @param entries the entries, in file order
 */
public record WordList(String name, String source, String licence, List<String> entries) {
}
