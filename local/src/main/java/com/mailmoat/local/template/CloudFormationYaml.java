package com.mailmoat.local.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses CloudFormation / SAM YAML. The short-form intrinsic tags ({@code !Ref}, {@code !GetAtt},
 * {@code !Sub}, ...) become the long form ({@code {Ref: x}}, {@code {Fn::GetAtt: [a, b]}}) so the
 * rest of the runtime only deals with plain maps and lists, as the JSON form of a template would.
 */
public final class CloudFormationYaml {
    private static final List<String> FUNCTIONS = List.of(
            "Sub", "Join", "Select", "If", "Equals", "Not", "And", "Or", "FindInMap", "GetAZs", "Split",
            "Base64", "ImportValue", "Cidr", "Transform", "ToJsonString", "Length");

    private CloudFormationYaml() {
    }

    /** Reads the template at {@code path}. */
    public static Map<String, Object> load(Path path) throws IOException {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return load(reader);
        }
    }

    /** Reads a template from {@code reader}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new IntrinsicConstructor(options)).load(reader);
        if (!(document instanceof Map)) {
            throw new TemplateException("A template must be a YAML mapping");
        }
        return (Map<String, Object>) document;
    }

    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private Object constructAny(Node node) {
            if (node instanceof ScalarNode scalar) {
                return constructScalar(scalar);
            }
            if (node instanceof SequenceNode sequence) {
                List<Object> list = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    list.add(constructObject(item));
                }
                return list;
            }
            Map<Object, Object> map = new LinkedHashMap<>();
            constructMapping2ndStep((MappingNode) node, map);
            return map;
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put(key, constructAny(node));
                return map;
            }
        }

        /** {@code !GetAtt Res.Attr} is a string split at the first dot; the list form passes through. */
        private final class GetAtt extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                Object value = constructAny(node);
                if (value instanceof String text) {
                    int dot = text.indexOf('.');
                    if (dot < 1) {
                        throw new TemplateException("!GetAtt needs Resource.Attribute, got: " + text);
                    }
                    value = List.of(text.substring(0, dot), text.substring(dot + 1));
                }
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("Fn::GetAtt", value);
                return map;
            }
        }
    }
}
