package com.mailmoat.simulator.internal.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The {@code Prefer} request header (RFC 7240) as Graph reads it: comma-separated preferences,
 * names case-insensitive, values optionally quoted, several headers joined. The ones the simulator
 * honours: {@code IdType="ImmutableId"}, {@code outlook.body-content-type="text"} and
 * {@code odata.maxpagesize=N}.
 */
public final class Prefer {

    private final Map<String, String> values;

    private Prefer(Map<String, String> values) {
        this.values = values;
    }

    /** The request's preferences (none when the header is absent). */
    public static Prefer of(SimRequest request) {
        return parse(request.header("Prefer"));
    }

    public static Prefer parse(String header) {
        Map<String, String> values = new LinkedHashMap<>();
        if (header != null) {
            for (String part : splitOutsideQuotes(header)) {
                String trimmed = part.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int semicolon = trimmed.indexOf(';');
                String preference = semicolon < 0 ? trimmed : trimmed.substring(0, semicolon);
                int eq = preference.indexOf('=');
                String name = (eq < 0 ? preference : preference.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : unquote(preference.substring(eq + 1).trim());
                values.putIfAbsent(name, value);
            }
        }
        return new Prefer(values);
    }

    /** {@code Prefer: IdType="ImmutableId"}: ids of Outlook items stay the same when they move. */
    public boolean immutableIds() {
        return "immutableid".equalsIgnoreCase(values.getOrDefault("idtype", ""));
    }

    /** {@code Prefer: outlook.body-content-type="text"}. */
    public boolean textBody() {
        return "text".equalsIgnoreCase(values.getOrDefault("outlook.body-content-type", ""));
    }

    /** {@code Prefer: odata.maxpagesize=N} when N is a positive integer. */
    public OptionalInt maxPageSize() {
        String value = values.get("odata.maxpagesize");
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int size = Integer.parseInt(value.trim());
            return size > 0 ? OptionalInt.of(size) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static java.util.List<String> splitOutsideQuotes(String header) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
