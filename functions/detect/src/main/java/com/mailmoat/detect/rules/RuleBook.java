package com.mailmoat.detect.rules;

import com.mailmoat.detect.Category;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules file, loaded once: thresholds, rules (id, analyzer, weight, category, message) and
 * data lists (with their source and licence). The format is line based so a security engineer
 * can read and edit it without tools:
 *
 * <pre>
 * threshold suspicious 5
 * setting permitted-sender-authentication pass
 * rule URL_IP_LITERAL
 *   analyzer: url
 *   weight: 3
 *   category: PHISHING
 *   message: A link points at a bare IP address
 * list shorteners
 *   source: ...
 *   licence: ...
 *   - bit.ly
 * </pre>
 *
 * Lines starting with {@code #} are comments. Immutable once loaded.
 */
public final class RuleBook {

    /** The rules file shipped with the engine, on the class path. */
    public static final String DEFAULT_RESOURCE = "/com/mailmoat/detect/rules.txt";

    private final Map<String, Rule> rules;
    private final Map<String, WordList> lists;
    private final double suspiciousAt;
    private final double maliciousAt;
    private final Map<String, String> settings;

    private RuleBook(Map<String, Rule> rules, Map<String, WordList> lists, double suspiciousAt, double maliciousAt,
                     Map<String, String> settings) {
        this.rules = rules;
        this.lists = lists;
        this.suspiciousAt = suspiciousAt;
        this.maliciousAt = maliciousAt;
        this.settings = settings;
    }

    /** Loads the rules file shipped with the engine. */
    public static RuleBook loadDefault() {
        try (InputStream in = RuleBook.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("rules file missing from the class path: " + DEFAULT_RESOURCE);
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a rules file; throws {@link IllegalArgumentException} naming the line on any error. */
    public static RuleBook load(InputStream in) throws IOException {
        Map<String, Rule> rules = new LinkedHashMap<>();
        Map<String, WordList> lists = new LinkedHashMap<>();
        double suspicious = 5;
        double malicious = 9;
        Map<String, String> settings = new LinkedHashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String kind = null;
        String name = null;
        Map<String, String> attrs = new LinkedHashMap<>();
        List<String> entries = new ArrayList<>();
        int lineNo = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            boolean indented = Character.isWhitespace(line.charAt(0));
            if (!indented) {
                finish(kind, name, attrs, entries, rules, lists, lineNo);
                attrs = new LinkedHashMap<>();
                entries = new ArrayList<>();
                String[] words = trimmed.split("\\s+");
                switch (words[0]) {
                    case "threshold" -> {
                        if (words.length != 3) {
                            throw new IllegalArgumentException("line " + lineNo + ": threshold NAME VALUE expected");
                        }
                        double v = Double.parseDouble(words[2]);
                        if (words[1].equals("suspicious")) {
                            suspicious = v;
                        } else if (words[1].equals("malicious")) {
                            malicious = v;
                        } else {
                            throw new IllegalArgumentException("line " + lineNo + ": unknown threshold " + words[1]);
                        }
                        kind = null;
                    }
                    case "setting" -> {
                        if (words.length != 3) {
                            throw new IllegalArgumentException("line " + lineNo + ": setting NAME VALUE expected");
                        }
                        settings.put(words[1], words[2]);
                        kind = null;
                    }
                    case "rule", "list" -> {
                        if (words.length != 2) {
                            throw new IllegalArgumentException("line " + lineNo + ": " + words[0] + " NAME expected");
                        }
                        kind = words[0];
                        name = words[1];
                    }
                    default -> throw new IllegalArgumentException("line " + lineNo + ": unexpected '" + trimmed + "'");
                }
            } else if (kind == null) {
                throw new IllegalArgumentException("line " + lineNo + ": indented line outside a rule or list");
            } else if (trimmed.startsWith("- ") || trimmed.equals("-")) {
                entries.add(trimmed.substring(1).strip());
            } else {
                int colon = trimmed.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("line " + lineNo + ": 'key: value' or '- entry' expected");
                }
                attrs.put(trimmed.substring(0, colon).strip(), trimmed.substring(colon + 1).strip());
            }
        }
        finish(kind, name, attrs, entries, rules, lists, lineNo);
        if (suspicious > malicious) {
            throw new IllegalArgumentException("threshold suspicious must not exceed malicious");
        }
        // file order, not Map.copyOf's per-JVM order: analyzers fire rules in it, and a verdict lists
        // reasons of equal weight in firing order, which should not change from one run to the next
        return new RuleBook(Collections.unmodifiableMap(rules), Collections.unmodifiableMap(lists),
                suspicious, malicious, Map.copyOf(settings));
    }

    private static void finish(String kind, String name, Map<String, String> attrs, List<String> entries,
                               Map<String, Rule> rules, Map<String, WordList> lists, int lineNo) {
        if (kind == null) {
            return;
        }
        if (kind.equals("rule")) {
            String analyzer = require(attrs, "analyzer", name, lineNo);
            double weight = Double.parseDouble(require(attrs, "weight", name, lineNo));
            String cat = attrs.get("category");
            Category category = cat == null || cat.isBlank() ? null : Category.valueOf(cat.strip().toUpperCase(Locale.ROOT));
            String message = require(attrs, "message", name, lineNo);
            if (rules.containsKey(name)) {
                throw new IllegalArgumentException("rule " + name + " defined twice (before line " + lineNo + ")");
            }
            Map<String, String> extra = new LinkedHashMap<>(attrs);
            extra.keySet().removeAll(List.of("analyzer", "weight", "category", "message", "description"));
            rules.put(name, new Rule(name, analyzer, weight, category, message, Map.copyOf(extra)));
        } else {
            String source = require(attrs, "source", name, lineNo);
            String licence = require(attrs, "licence", name, lineNo);
            if (lists.containsKey(name)) {
                throw new IllegalArgumentException("list " + name + " defined twice (before line " + lineNo + ")");
            }
            lists.put(name, new WordList(name, source, licence, List.copyOf(entries)));
        }
    }

    private static String require(Map<String, String> attrs, String key, String name, int lineNo) {
        String v = attrs.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " (before line " + lineNo + ") lacks '" + key + ":'");
        }
        return v;
    }

    /** The rule with this id, or null when the file does not define it (the check is then off). */
    public Rule rule(String id) {
        return rules.get(id);
    }

    /** All rules. */
    public Collection<Rule> rules() {
        return rules.values();
    }

    /** The list with this name; an empty list when the file does not define it. */
    public WordList list(String name) {
        WordList l = lists.get(name);
        return l != null ? l : new WordList(name, "", "", List.of());
    }

    /**
     * A named choice of the rules file ({@code setting NAME VALUE}), or {@code otherwise} when the
     * file makes none.
     */
    public String setting(String name, String otherwise) {
        return settings.getOrDefault(name, otherwise);
    }

    /** Score from which a message is SUSPICIOUS. */
    public double suspiciousAt() {
        return suspiciousAt;
    }

    /** Score from which a message is MALICIOUS. */
    public double maliciousAt() {
        return maliciousAt;
    }
}
