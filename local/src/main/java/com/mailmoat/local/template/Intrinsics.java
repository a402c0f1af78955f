package com.mailmoat.local.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions against the local stack: pseudo parameters,
 * parameter values, and whatever the {@link References} say a resource's Ref and attributes are.
 * Conditions are evaluated on demand. {@code !Ref AWS::NoValue} removes the enclosing property.
 */
public final class Intrinsics {
    /** The local stack's pseudo parameters: one fixed account, region and stack name. */
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    public static final String STACK_NAME = "mailmoat-local";

    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a template resource's Ref and Fn::GetAtt resolve to locally. */
    public interface References {
        /** True when {@code logicalId} is a resource this runtime knows. */
        boolean exists(String logicalId);

        /** The value of {@code Ref logicalId}. */
        Object ref(String logicalId);

        /** The value of {@code Fn::GetAtt [logicalId, attribute]}. */
        Object getAtt(String logicalId, String attribute);
    }

    private final Template template;
    private final Map<String, Object> parameters;
    private final References references;

    /**
     * @param template   supplies Conditions and Mappings
     * @param parameters resolved parameter values by name (see {@link #parameterValues})
     * @param references resource references; may be null while only parameters are resolvable
     */
    public Intrinsics(Template template, Map<String, Object> parameters, References references) {
        this.template = template;
        this.parameters = parameters;
        this.references = references;
    }

    /**
     * Each parameter's value: the override if given, else its Default ("" with no default).
     * CommaDelimitedList parameters become lists, as Ref returns them.
     */
    public static Map<String, Object> parameterValues(Template template, Map<String, String> overrides) {
        Map<String, Object> values = new LinkedHashMap<>();
        template.parameters().forEach((name, declaration) -> {
            Object value = overrides.containsKey(name) ? overrides.get(name) : declaration.get("Default");
            String text = value == null ? "" : String.valueOf(value);
            String type = String.valueOf(declaration.getOrDefault("Type", "String"));
            values.put(name, type.startsWith("CommaDelimitedList") || type.startsWith("List<")
                    ? List.of(text.split("\\s*,\\s*")) : text);
        });
        return values;
    }

    /** The value of {@code value} with every intrinsic function evaluated. */
    public Object resolve(Object value) {
        Object resolved = evaluate(value);
        return resolved == NO_VALUE ? null : resolved;
    }

    /** {@link #resolve} for a value that must be a string (numbers and booleans are stringified). */
    public String resolveString(Object value, String where) {
        Object resolved = resolve(value);
        if (resolved instanceof String || resolved instanceof Number || resolved instanceof Boolean) {
            return String.valueOf(resolved);
        }
        throw new TemplateException(where + " must resolve to a string, got: " + resolved);
    }

    /** The truth of the named condition in the Conditions section. */
    public boolean condition(String name) {
        Object expression = template.conditions().get(name);
        if (expression == null) {
            throw new TemplateException("Unknown condition: " + name);
        }
        return asBoolean(evaluate(expression), "Condition " + name);
    }

    @SuppressWarnings("unchecked")
    private Object evaluate(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = String.valueOf(map.keySet().iterator().next());
                if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                    return function(key, map.values().iterator().next());
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> {
                Object resolved = evaluate(v);
                if (resolved != NO_VALUE) {
                    result.put(k, resolved);
                }
            });
            return result;
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            for (Object item : list) {
                Object resolved = evaluate(item);
                if (resolved != NO_VALUE) {
                    result.add(resolved);
                }
            }
            return result;
        }
        return value;
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> ref(text(evaluate(argument), "Ref"));
            case "Condition" -> condition(text(argument, "Condition"));
            case "Fn::GetAtt" -> getAtt(argument);
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> {
                List<?> args = list(argument, name, 2);
                String delimiter = text(evaluate(args.get(0)), name);
                List<String> parts = new ArrayList<>();
                for (Object part : list(evaluate(args.get(1)), name, -1)) {
                    parts.add(text(part, name));
                }
                yield String.join(delimiter, parts);
            }
            case "Fn::Select" -> {
                List<?> args = list(argument, name, 2);
                int index = Integer.parseInt(text(evaluate(args.get(0)), name));
                yield list(evaluate(args.get(1)), name, -1).get(index);
            }
            case "Fn::Split" -> {
                List<?> args = list(argument, name, 2);
                String delimiter = text(evaluate(args.get(0)), name);
                yield List.of(text(evaluate(args.get(1)), name).split(Pattern.quote(delimiter), -1));
            }
            case "Fn::If" -> {
                List<?> args = list(argument, name, 3);
                yield condition(text(args.get(0), name)) ? evaluate(args.get(1)) : evaluate(args.get(2));
            }
            case "Fn::Equals" -> {
                List<?> args = list(argument, name, 2);
                yield String.valueOf(evaluate(args.get(0))).equals(String.valueOf(evaluate(args.get(1))));
            }
            case "Fn::Not" -> !asBoolean(evaluate(list(argument, name, 1).get(0)), name);
            case "Fn::And" -> list(argument, name, -1).stream().allMatch(c -> asBoolean(evaluate(c), name));
            case "Fn::Or" -> list(argument, name, -1).stream().anyMatch(c -> asBoolean(evaluate(c), name));
            case "Fn::FindInMap" -> {
                List<?> args = list(argument, name, 3);
                Map<String, Map<String, Object>> map = template.mappings().get(text(evaluate(args.get(0)), name));
                Map<String, Object> top = map == null ? null : map.get(text(evaluate(args.get(1)), name));
                Object found = top == null ? null : top.get(text(evaluate(args.get(2)), name));
                if (found == null) {
                    throw new TemplateException("Fn::FindInMap found nothing for " + args);
                }
                yield evaluate(found);
            }
            case "Fn::GetAZs" -> List.of(REGION + "a", REGION + "b", REGION + "c");
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(
                    text(evaluate(argument), name).getBytes(StandardCharsets.UTF_8));
            case "Fn::Length" -> list(evaluate(argument), name, -1).size();
            case "Fn::ToJsonString" -> {
                try {
                    yield JSON.writeValueAsString(evaluate(argument));
                } catch (JsonProcessingException e) {
                    throw new TemplateException("Fn::ToJsonString: " + e.getMessage());
                }
            }
            case "Fn::ImportValue" -> throw new TemplateException(
                    "Fn::ImportValue " + argument + ": the local runtime runs one stack and has no exports");
            default -> throw new TemplateException(name + " is not supported by the local runtime");
        };
    }

    private Object ref(String name) {
        switch (name) {
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT_ID;
            case "AWS::StackName":
                return STACK_NAME;
            case "AWS::StackId":
                return "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT_ID + ":stack/" + STACK_NAME + "/local";
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NotificationARNs":
                return List.of();
            case "AWS::NoValue":
                return NO_VALUE;
            default:
                break;
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (references != null && references.exists(name)) {
            return references.ref(name);
        }
        throw new TemplateException("Ref to unknown parameter or resource: " + name);
    }

    private Object getAtt(Object argument) {
        List<?> args = list(argument, "Fn::GetAtt", 2);
        String resource = text(evaluate(args.get(0)), "Fn::GetAtt");
        String attribute = text(evaluate(args.get(1)), "Fn::GetAtt");
        if (references == null || !references.exists(resource)) {
            throw new TemplateException("Fn::GetAtt to unknown resource: " + resource);
        }
        return references.getAtt(resource, attribute);
    }

    private String sub(Object argument) {
        String text;
        Map<String, Object> variables = new LinkedHashMap<>();
        if (argument instanceof List<?> args) {
            text = text(args.get(0), "Fn::Sub");
            Template.asMap(args.size() > 1 ? args.get(1) : null, "Fn::Sub variables")
                    .forEach((k, v) -> variables.put(k, evaluate(v)));
        } else {
            text = text(argument, "Fn::Sub");
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            String variable = matcher.group(2).trim();
            if (!matcher.group(1).isEmpty()) {
                replacement = "${" + variable + "}"; // ${!Literal} writes ${Literal}
            } else if (variables.containsKey(variable)) {
                replacement = text(variables.get(variable), "Fn::Sub ${" + variable + "}");
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                int dot = variable.indexOf('.');
                replacement = text(getAtt(List.of(variable.substring(0, dot), variable.substring(dot + 1))),
                        "Fn::Sub ${" + variable + "}");
            } else {
                replacement = text(ref(variable), "Fn::Sub ${" + variable + "}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String text(Object value, String where) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new TemplateException(where + " expects a string, got: " + value);
    }

    private static List<?> list(Object value, String where, int size) {
        if (!(value instanceof List<?> list) || (size >= 0 && list.size() != size)) {
            throw new TemplateException(where + " expects a list" + (size >= 0 ? " of " + size : "") + ", got: " + value);
        }
        return list;
    }

    private static boolean asBoolean(Object value, String where) {
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equalsIgnoreCase(String.valueOf(value)) || "false".equalsIgnoreCase(String.valueOf(value))) {
            return Boolean.parseBoolean(String.valueOf(value));
        }
        throw new TemplateException(where + " expects a condition, got: " + value);
    }
}
