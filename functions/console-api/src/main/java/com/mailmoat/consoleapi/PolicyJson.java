package com.mailmoat.consoleapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.policy.AddressMatcher;
import com.mailmoat.core.policy.Engine;
import com.mailmoat.core.policy.MatchOn;
import com.mailmoat.core.policy.Policy;
import com.mailmoat.core.policy.PolicyAction;
import com.mailmoat.core.policy.PolicyTarget;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Policies as the API reads and writes them. Target entries are an address or domain as a string,
 * or {@code {"group": "<id>"}}; every problem of a request is listed at once.
 */
final class PolicyJson {
    private PolicyJson() {
    }

    /** What a policy request may hold; the fields a read answer adds are ignored when sent back. */
    private static final Set<String> FIELDS = Set.of("name", "priority", "mode", "engines", "actions", "target",
            "enabled", "version", "id", "default", "updatedAt", "confirm");

    /** What a PUT of a user policy must hold: it replaces the whole policy, so nothing is left to a default. */
    static final List<String> USER_POLICY_FIELDS = List.of("name", "priority", "mode", "enabled", "engines", "actions", "target");
    /** What a PUT of the Default Policy must hold (its other settings are fixed). */
    static final List<String> DEFAULT_POLICY_FIELDS = List.of("engines", "actions");

    /**
     * A policy request read, and every problem of its form (types, unknown settings and values); the
     * rules (priority range, groups...) are the service's, checked after and reported with these.
     */
    record Read(Policy draft, List<FieldError> errors) {
    }

    /** The fields of {@code required} a PUT left out (or sent as null), each named; both actions are needed. */
    static List<FieldError> missing(JsonNode body, List<String> required) {
        List<FieldError> errors = new ArrayList<>();
        for (String field : required) {
            if (!present(body.path(field))) {
                errors.add(new FieldError(field, "is required: PUT replaces the whole policy, so send every setting "
                        + "(as read from GET) with your changes"));
            } else if (field.equals("actions") && body.path("actions").isObject()) {
                for (String level : List.of("MALICIOUS", "SUSPICIOUS")) {
                    if (!present(body.path("actions").path(level))) {
                        errors.add(new FieldError("actions." + level, "is required: PUT replaces the whole policy"));
                    }
                }
            }
        }
        return errors;
    }

    static Read read(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError(field, "is not a policy setting"));
            }
        });
        JsonNode nameNode = body.path("name");
        if (present(nameNode) && !nameNode.isTextual()) {
            errors.add(new FieldError("name", "must be text"));
        }
        String name = nameNode.isTextual() ? nameNode.asText() : "";
        JsonNode priorityNode = body.path("priority");
        if (present(priorityNode) && !(priorityNode.isIntegralNumber() && priorityNode.canConvertToInt())) {
            errors.add(new FieldError("priority", "must be a whole number"));
        }
        int priority = priorityNode.isIntegralNumber() && priorityNode.canConvertToInt() ? priorityNode.asInt() : -1;
        JsonNode enabledNode = body.path("enabled");
        if (present(enabledNode) && !enabledNode.isBoolean()) {
            errors.add(new FieldError("enabled", "must be true or false"));
        }
        JsonNode versionNode = body.path("version");
        if (present(versionNode) && !versionNode.isIntegralNumber()) {
            errors.add(new FieldError("version", "must be the version number you read"));
        }
        if (present(body.path("target")) && !body.path("target").isObject()) {
            errors.add(new FieldError("target", "must be an object"));
        }
        if (present(body.path("actions")) && !body.path("actions").isObject()) {
            errors.add(new FieldError("actions", "must be an object"));
        }
        Mode mode = null;
        if (present(body.path("mode"))) {
            // the modes a policy can have, in the words the service uses for THREAT_SCAN_ONLY
            mode = enumValue(Mode.class, body.get("mode"), "mode", new ArrayList<>());
            if (mode == null || mode == Mode.THREAT_SCAN_ONLY) {
                errors.add(new FieldError("mode", com.mailmoat.core.policy.PolicyService.MODE_MESSAGE));
                mode = null;
            }
        }
        Set<Engine> engines = EnumSet.noneOf(Engine.class);
        if (body.has("engines")) {
            if (!body.get("engines").isArray()) {
                errors.add(new FieldError("engines", "must be a list"));
            }
            body.path("engines").forEach(e -> {
                Engine engine = enumValue(Engine.class, e, "engines", errors);
                if (engine != null) {
                    engines.add(engine);
                }
            });
        } else {
            engines.addAll(EnumSet.allOf(Engine.class));
        }
        Map<ThreatLevel, PolicyAction> actions = new EnumMap<>(ThreatLevel.class);
        body.path("actions").fields().forEachRemaining(e -> {
            ThreatLevel level = enumValue(ThreatLevel.class, new com.fasterxml.jackson.databind.node.TextNode(e.getKey()),
                    "actions", errors);
            PolicyAction action = enumValue(PolicyAction.class, e.getValue(), "actions." + e.getKey(), errors);
            if (level == ThreatLevel.CLEAN) {
                errors.add(new FieldError("actions", "CLEAN mail has no action"));
            } else if (level != null && action != null) {
                actions.put(level, action);
            }
        });
        JsonNode t = body.path("target");
        MatchOn matchOn = t.has("matchOn") ? enumValue(MatchOn.class, t.get("matchOn"), "target.matchOn", errors) : MatchOn.HEADER_FROM;
        PolicyTarget target = new PolicyTarget(matchers(t.path("senders"), "target.senders", errors),
                matchers(t.path("recipients"), "target.recipients", errors),
                matchers(t.path("exceptSenders"), "target.exceptSenders", errors),
                matchers(t.path("exceptRecipients"), "target.exceptRecipients", errors), matchOn);
        return new Read(new Policy("draft", name, false, priority, mode, engines, actions, target,
                body.path("enabled").asBoolean(true), null, body.path("version").asLong(0)), errors);
    }

    /** Sent with a value (absent and null mean "not given"). */
    private static boolean present(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }

    static Map<String, Object> write(Policy p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", p.id());
        json.put("name", p.name());
        json.put("default", p.isDefault());
        json.put("priority", p.priority());
        json.put("mode", p.mode() == null ? null : p.mode().name());
        json.put("enabled", p.enabled());
        json.put("engines", p.engines().stream().map(Enum::name).sorted().toList());
        Map<String, String> actions = new LinkedHashMap<>();
        actions.put("MALICIOUS", p.actions().get(ThreatLevel.MALICIOUS).name());
        actions.put("SUSPICIOUS", p.actions().get(ThreatLevel.SUSPICIOUS).name());
        json.put("actions", actions);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("senders", matchers(p.target().senders()));
        target.put("recipients", matchers(p.target().recipients()));
        target.put("exceptSenders", matchers(p.target().exceptSenders()));
        target.put("exceptRecipients", matchers(p.target().exceptRecipients()));
        target.put("matchOn", p.target().matchOn().name());
        json.put("target", target);
        json.put("version", p.version());
        json.put("updatedAt", p.updatedAt() == null ? null : p.updatedAt().toString());
        return json;
    }

    private static List<Map<String, String>> matchers(List<AddressMatcher> list) {
        return list.stream().map(m -> Map.of("kind", m.kind().name(), "value", m.value())).toList();
    }

    private static List<AddressMatcher> matchers(JsonNode array, String field, List<FieldError> errors) {
        List<AddressMatcher> list = new ArrayList<>();
        if (array.isMissingNode() || array.isNull()) {
            return list;
        }
        if (!array.isArray()) {
            errors.add(new FieldError(field, "must be a list"));
            return list;
        }
        for (JsonNode entry : array) {
            try {
                if (entry.isTextual()) {
                    list.add(AddressMatcher.parse(entry.asText(), field));
                } else if (entry.has("group")) {
                    list.add(AddressMatcher.group(entry.path("group").asText()));
                } else if (entry.has("kind") && entry.has("value")) {
                    AddressMatcher.Kind kind = enumValue(AddressMatcher.Kind.class, entry.get("kind"), field, errors);
                    if (kind == AddressMatcher.Kind.GROUP) {
                        list.add(AddressMatcher.group(entry.path("value").asText()));
                    } else if (kind != null) {
                        list.add(AddressMatcher.parse(entry.path("value").asText(), field));
                    }
                } else {
                    errors.add(new FieldError(field, "entries are addresses, domains or {\"group\": id}"));
                }
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        return list;
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node, String field, List<FieldError> errors) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return Enum.valueOf(type, node.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E value : type.getEnumConstants()) {
                allowed.add(value.name());
            }
            errors.add(new FieldError(field, "must be one of " + String.join(", ", allowed)));
            return null;
        }
    }
}
