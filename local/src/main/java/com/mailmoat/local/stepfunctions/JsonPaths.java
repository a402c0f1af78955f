package com.mailmoat.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference paths of Amazon States Language as far as Mailmoat's state machines use them:
 * {@code $}, {@code $.a.b} and {@code $.a[0]} to read; {@code $} and {@code $.a.b} to write a result.
 */
final class JsonPaths {
    private JsonPaths() {
    }

    /** The node at {@code path}, or null when nothing is there. */
    static JsonNode read(JsonNode root, String path) {
        JsonNode node = root;
        for (Object step : steps(path)) {
            if (node == null) {
                return null;
            }
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
        }
        return node;
    }

    /** {@code input} with {@code value} at {@code resultPath} ({@code $}: the value itself; null: input unchanged). */
    static JsonNode write(JsonNode input, String resultPath, JsonNode value) {
        if (resultPath == null) {
            return input;
        }
        List<Object> steps = steps(resultPath);
        if (steps.isEmpty()) {
            return value;
        }
        ObjectNode root = input != null && input.isObject() ? ((ObjectNode) input).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        ObjectNode parent = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            String key = String.valueOf(steps.get(i));
            JsonNode child = parent.get(key);
            if (!(child instanceof ObjectNode)) {
                child = parent.putObject(key);
            }
            parent = (ObjectNode) child;
        }
        parent.set(String.valueOf(steps.get(steps.size() - 1)), value);
        return root;
    }

    private static List<Object> steps(String path) {
        if (path == null || !path.startsWith("$")) {
            throw new AslException("States.Runtime", "Not a reference path: " + path);
        }
        List<Object> steps = new ArrayList<>();
        String rest = path.substring(1);
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
                    end++;
                }
                steps.add(rest.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = rest.indexOf(']', i);
                String inside = rest.substring(i + 1, end);
                if (inside.startsWith("'") || inside.startsWith("\"")) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else {
                    steps.add(Integer.parseInt(inside.trim()));
                }
                i = end + 1;
            } else {
                throw new AslException("States.Runtime", "Unsupported reference path: " + path);
            }
        }
        return steps;
    }
}
