package com.mailmoat.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The checkout's template.yaml as plain maps, for test support that mirrors it (tables, queues,
 * function environments). Short-form tags are read as their plain value: {@code !Ref X} is the
 * string {@code X}, {@code !Sub "${P}x"} the string {@code ${P}x}; tests resolve those themselves.
 */
final class TemplateFile {
    private static volatile Map<String, Object> template;

    private TemplateFile() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) load().get("Resources")).forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                found.put(id, (Map<String, Object>) resource.getOrDefault("Properties", Map.of()));
            }
        });
        return found;
    }

    /** Parameter name → its default value. */
    @SuppressWarnings("unchecked")
    static Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) load().getOrDefault("Parameters", Map.of())).forEach((name, parameter) -> {
            if (parameter.get("Default") != null) {
                defaults.put(name, String.valueOf(parameter.get("Default")));
            }
        });
        return defaults;
    }

    /** Globals.Function.Environment.Variables, then the function's own. */
    @SuppressWarnings("unchecked")
    static Map<String, String> environment(String functionLogicalId) {
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) load().getOrDefault("Globals", Map.of()))
                .getOrDefault("Function", Map.of());
        variables(globals).forEach(variables::put);
        Map<String, Object> function = resources("AWS::Serverless::Function").get(functionLogicalId);
        if (function == null) {
            throw new IllegalArgumentException("No function " + functionLogicalId + " in template.yaml");
        }
        variables(function).forEach(variables::put);
        return variables;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> variables(Map<String, Object> properties) {
        Map<String, Object> environment = (Map<String, Object>) properties.getOrDefault("Environment", Map.of());
        Map<String, Object> variables = (Map<String, Object>) environment.getOrDefault("Variables", Map.of());
        Map<String, String> values = new LinkedHashMap<>();
        variables.forEach((name, value) -> values.put(name, String.valueOf(value)));
        return values;
    }

    private static Map<String, Object> load() {
        Map<String, Object> loaded = template;
        if (loaded == null) {
            SafeConstructor constructor = new SafeConstructor(new LoaderOptions()) {
                @Override
                protected Object constructObject(Node node) {
                    if (node.getTag().startsWith("!")) {
                        node.setTag(node instanceof ScalarNode ? Tag.STR
                                : node instanceof SequenceNode ? Tag.SEQ : node instanceof MappingNode ? Tag.MAP : Tag.STR);
                    }
                    return super.constructObject(node);
                }
            };
            try (InputStream in = Files.newInputStream(Repository.root().resolve("template.yaml"))) {
                loaded = new Yaml(constructor).load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            template = loaded;
        }
        return loaded;
    }
}
