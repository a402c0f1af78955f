package com.mailmoat.simulator.internal.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Graph's lenient URL forms, reduced to one: segment names are case-insensitive
 * ({@code /Users/{id}/Messages}, {@code mailfolders}), a key may be written in parentheses
 * ({@code mailFolders('inbox')}, {@code messages('AAMk…')}, as delta links and the SDKs do), and
 * functions and actions may carry their namespace ({@code microsoft.graph.move}) and a function its empty
 * parentheses ({@code delta()}, as the Kiota-generated Graph SDKs call it).
 */
final class GraphPath {

    private static final Pattern KEY_FORM = Pattern.compile("^([A-Za-z][A-Za-z0-9.]*)\\('(.*)'\\)$");
    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("users", "users"), Map.entry("me", "me"), Map.entry("messages", "messages"),
            Map.entry("mailfolders", "mailFolders"), Map.entry("childfolders", "childFolders"),
            Map.entry("move", "move"), Map.entry("microsoft.graph.move", "move"),
            Map.entry("delta", "delta"), Map.entry("microsoft.graph.delta", "delta"),
            Map.entry("$value", "$value"), Map.entry("$count", "$count"), Map.entry("$batch", "$batch"),
            Map.entry("memberof", "memberOf"), Map.entry("groups", "groups"), Map.entry("members", "members"),
            Map.entry("organization", "organization"), Map.entry("domains", "domains"),
            Map.entry("directory", "directory"), Map.entry("subscriptions", "subscriptions"),
            Map.entry("reauthorize", "reauthorize"), Map.entry("microsoft.graph.reauthorize", "reauthorize"),
            Map.entry("microsoft.graph.group", "microsoft.graph.group"),
            Map.entry("microsoft.graph.directoryrole", "microsoft.graph.directoryRole"));

    private GraphPath() {
    }

    /** The segments with canonical names and every {@code name('key')} split into {@code name}, {@code key}. */
    static List<String> normalize(List<String> segments) {
        List<String> result = new ArrayList<>();
        for (String segment : segments) {
            Matcher key = KEY_FORM.matcher(segment);
            if (segment.endsWith("()") && CANONICAL.containsKey(segment.substring(0, segment.length() - 2)
                    .toLowerCase(Locale.ROOT))) {
                result.add(canonical(segment.substring(0, segment.length() - 2)));
            } else if (key.matches() && CANONICAL.containsKey(key.group(1).toLowerCase(Locale.ROOT))) {
                result.add(canonical(key.group(1)));
                result.add(key.group(2).replace("''", "'"));
            } else {
                result.add(canonical(segment));
            }
        }
        return result;
    }

    private static String canonical(String segment) {
        return CANONICAL.getOrDefault(segment.toLowerCase(Locale.ROOT), segment);
    }
}
