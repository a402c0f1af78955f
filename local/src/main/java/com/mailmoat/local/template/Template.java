package com.mailmoat.local.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed SAM / CloudFormation template: the single source of truth for what the local runtime
 * creates (tables, queues) and wires (routes, pollers, schedules). Values are raw: intrinsic
 * functions are still in long form and are evaluated by {@link Intrinsics}.
 */
public final class Template {
    private final Path location;
    private final Map<String, Object> root;

    private Template(Path location, Map<String, Object> root) {
        this.location = location;
        this.root = root;
    }

    /** Reads the template at {@code path}. */
    public static Template load(Path path) throws IOException {
        return new Template(path.toAbsolutePath().normalize(), CloudFormationYaml.load(path));
    }

    /** A template from an already parsed document, for tests. */
    public static Template of(Map<String, Object> root) {
        return new Template(null, root);
    }

    /**
     * Finds template.yaml: in each start directory and then its parents, the first hit wins.
     * Running from the checkout or from {@code local/target} both find the repository's template.
     */
    public static Optional<Path> locate(List<Path> startDirectories) {
        for (Path start : startDirectories) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("template.yaml");
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Where the template was read from (null for templates built in memory). */
    public Path location() {
        return location;
    }

    /** The Parameters section: name to its declaration (Type, Default, ...). */
    public Map<String, Map<String, Object>> parameters() {
        return section("Parameters");
    }

    /** The Conditions section: name to its (unevaluated) condition expression. */
    public Map<String, Object> conditions() {
        return section("Conditions");
    }

    /** The Mappings section, for Fn::FindInMap. */
    public Map<String, Map<String, Map<String, Object>>> mappings() {
        return section("Mappings");
    }

    /** Globals.Function of a SAM template (defaults every function inherits), empty if absent. */
    public Map<String, Object> functionGlobals() {
        Map<String, Object> globals = section("Globals");
        return asMap(globals.get("Function"), "Globals.Function");
    }

    /** Every resource, in template order. */
    public Map<String, Resource> resources() {
        Map<String, Object> raw = section("Resources");
        Map<String, Resource> resources = new LinkedHashMap<>();
        raw.forEach((id, definition) -> {
            Map<String, Object> body = asMap(definition, "Resources." + id);
            Object type = body.get("Type");
            if (!(type instanceof String typeName)) {
                throw new TemplateException("Resource " + id + " has no Type");
            }
            resources.put(id, new Resource(id, typeName, asMap(body.get("Properties"), id + ".Properties"),
                    (String) body.get("Condition")));
        });
        return resources;
    }

    /** The resources of one type (e.g. {@code AWS::DynamoDB::Table}), in template order. */
    public List<Resource> resourcesOfType(String type) {
        return resources().values().stream().filter(r -> r.type().equals(type)).toList();
    }

    @SuppressWarnings("unchecked")
    private <T> Map<String, T> section(String name) {
        return (Map<String, T>) asMap(root.get(name), name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String where) {
        if (value == null) {
            return Collections.emptyMap();
        }
        if (!(value instanceof Map)) {
            throw new TemplateException(where + " must be a mapping");
        }
        return (Map<String, Object>) value;
    }

    /**
     * One template resource.
     *
     * @param logicalId  its key under Resources
     * @param type       e.g. {@code AWS::SQS::Queue}
     * @param properties its Properties, unevaluated (empty when absent)
     * @param condition  the name of the condition that guards it, or null
     */
    public record Resource(String logicalId, String type, Map<String, Object> properties, String condition) {
    }
}
