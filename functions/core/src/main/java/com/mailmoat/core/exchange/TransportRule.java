package com.mailmoat.core.exchange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A transport rule as Get-TransportRule shows it.
 *
 * @param parameters every property Exchange reported (conditions, actions, Comments, ...), as strings,
 *                   booleans, numbers or lists of strings
 */
public record TransportRule(String name, String guid, int priority, boolean enabled, Map<String, Object> parameters) {

    /** Names of Mailmoat's own rules start with this; nothing else in a tenant is ever touched. */
    public static final String MAILMOAT_PREFIX = "Mailmoat";

    public TransportRule {
        Objects.requireNonNull(name, "name");
        guid = guid == null ? "" : guid;
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public boolean isMailmoat() {
        return isMailmoat(name);
    }

    public static boolean isMailmoat(String ruleName) {
        return ruleName != null && ruleName.regionMatches(true, 0, MAILMOAT_PREFIX, 0, MAILMOAT_PREFIX.length());
    }

    /**
     * Whether the rule adds a disclaimer ({@code ApplyHtmlDisclaimer...}) or hands mail to an outbound connector
     * ({@code RouteMessageOutboundConnector}), as disclaimer and signature services do. Such rules usually have to
     * come first, so the upgrade's report advises moving them back above Mailmoat's.
     */
    public boolean disclaimerType() {
        for (Map.Entry<String, Object> entry : parameters.entrySet()) {
            String key = entry.getKey().toLowerCase(Locale.ROOT);
            boolean set = entry.getValue() != null && !String.valueOf(entry.getValue()).isBlank();
            if (set && (key.startsWith("applyhtmldisclaimer") || key.equals("routemessageoutboundconnector"))) {
                return true;
            }
        }
        return false;
    }

    /** A parameter by name, case-insensitively (Exchange's names are). */
    public Object parameter(String key) {
        for (Map.Entry<String, Object> entry : parameters.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /**
     * Whether every one of {@code wanted} is already set to the same value (lists compared as sets,
     * case-insensitively, as Exchange compares addresses and domains).
     */
    public boolean has(Map<String, Object> wanted) {
        for (Map.Entry<String, Object> entry : wanted.entrySet()) {
            if (!normalise(entry.getValue()).equals(normalise(parameter(entry.getKey())))) {
                return false;
            }
        }
        return true;
    }

    static Object normalise(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> values) {
            List<String> items = new ArrayList<>();
            values.forEach(v -> items.add(String.valueOf(v).strip().toLowerCase(Locale.ROOT)));
            items.sort(null);
            return items;
        }
        return String.valueOf(value).strip().toLowerCase(Locale.ROOT);
    }
}
