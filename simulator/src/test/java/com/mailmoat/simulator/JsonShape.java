package com.mailmoat.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the key structure of a real JSON answer with a documented example: every key the example
 * shows must be present (recursively, in nested objects and collection items), values may differ but
 * non-null values must have the same JSON kind, and keys the example does not show are differences
 * unless allowed for that path ({@code $}, {@code $.value[]}, {@code $.value[].body}; {@code *} allows any).
 * Items of a documented collection may differ from one another (a search folder among folders): an
 * item must have the keys common to all documented items and may have any key some documented item has.
 * When every answered item's {@code id} is among the documented items' ids (a {@code $batch}),
 * items are compared pairwise by id.
 */
final class JsonShape {

    private final Map<String, Set<String>> allowedExtras;
    private final List<String> differences = new ArrayList<>();

    private JsonShape(Map<String, Set<String>> allowedExtras) {
        this.allowedExtras = allowedExtras;
    }

    /** The differences, one line each; empty when the answer has the documented shape. */
    static List<String> differences(JsonNode documented, JsonNode actual, Map<String, Set<String>> allowedExtras) {
        JsonShape shape = new JsonShape(allowedExtras);
        shape.compare("$", List.of(documented), actual);
        return shape.differences;
    }

    private void compare(String path, List<JsonNode> documented, JsonNode actual) {
        List<JsonNode> alternatives = documented.stream().filter(n -> n != null && !n.isNull()).toList();
        if (alternatives.isEmpty() || actual == null || actual.isNull()) {
            return; // values may differ, and null is a value
        }
        if (alternatives.stream().allMatch(JsonNode::isObject)) {
            compareObject(path, alternatives, actual);
        } else if (alternatives.stream().allMatch(JsonNode::isArray)) {
            compareArray(path, alternatives, actual);
        } else if (alternatives.stream().noneMatch(doc -> doc.getNodeType() == actual.getNodeType())) {
            differences.add(path + ": documented as " + alternatives.get(0).getNodeType() + ", answered "
                    + actual.getNodeType() + " (" + actual + ")");
        }
    }

    private void compareObject(String path, List<JsonNode> alternatives, JsonNode actual) {
        if (!actual.isObject()) {
            differences.add(path + ": documented as an object, answered " + actual.getNodeType());
            return;
        }
        Set<String> required = null;
        Set<String> known = new LinkedHashSet<>();
        for (JsonNode doc : alternatives) {
            Set<String> keys = keys(doc);
            known.addAll(keys);
            if (required == null) {
                required = new LinkedHashSet<>(keys);
            } else {
                required.retainAll(keys);
            }
        }
        Set<String> answered = keys(actual);
        for (String key : required) {
            if (!answered.contains(key)) {
                differences.add(path + ": documented key '" + key + "' missing");
            }
        }
        Set<String> allowed = allowedExtras.getOrDefault(path, Set.of());
        for (String key : answered) {
            if (!known.contains(key) && !allowed.contains(key) && !allowed.contains("*")) {
                differences.add(path + ": key '" + key + "' is not in the documented example (nor allowed)");
            }
        }
        for (String key : answered) {
            if (known.contains(key)) {
                List<JsonNode> values = alternatives.stream().filter(doc -> doc.has(key)).map(doc -> doc.get(key)).toList();
                compare(path + "." + key, values, actual.get(key));
            }
        }
    }

    private void compareArray(String path, List<JsonNode> alternatives, JsonNode actual) {
        if (!actual.isArray()) {
            differences.add(path + ": documented as an array, answered " + actual.getNodeType());
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        alternatives.forEach(doc -> doc.forEach(items::add));
        if (items.isEmpty()) {
            return;
        }
        if (actual.isEmpty()) {
            if (items.stream().anyMatch(JsonNode::isObject)) {
                differences.add(path + ": answered an empty collection, so its items cannot be compared");
            }
            return;
        }
        Map<String, JsonNode> documentedById = byId(items);
        Map<String, JsonNode> answeredById = byId(actual);
        boolean pairwise = !answeredById.isEmpty() && answeredById.size() == actual.size()
                && documentedById.keySet().containsAll(answeredById.keySet());
        for (JsonNode item : actual) {
            if (pairwise) {
                // Paired by id; allowances stay keyed by the collection path.
                compare(path + "[]", List.of(documentedById.get(item.get("id").asText())), item);
            } else {
                compare(path + "[]", items, item);
            }
        }
    }

    private static Map<String, JsonNode> byId(Iterable<JsonNode> items) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode item : items) {
            if (item.isObject() && item.hasNonNull("id")) {
                byId.put(item.get("id").asText(), item);
            }
        }
        return byId;
    }

    static Set<String> keys(JsonNode node) {
        Set<String> keys = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
