package com.mailmoat.lambda.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** The {@code targetedTo} field of the mode-change and upgrade requests. */
public final class TargetedToJson {
    private TargetedToJson() {
    }

    /** {@code {"everyone": true}} or {@code {"users": [...], "groups": [...]}}; absent means everyone. */
    public static TargetedTo parse(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return TargetedTo.EVERYONE;
        }
        if (!node.isObject()) {
            throw new InvalidInputException(List.of(new FieldError("targetedTo", "must be an object")));
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode everyone = node.path("everyone");
        if (!everyone.isMissingNode() && !everyone.isNull() && !everyone.isBoolean()) {
            errors.add(new FieldError("targetedTo.everyone", "must be true or false"));
        }
        List<String> users = names(node.path("users"), "targetedTo.users", errors);
        List<String> groups = names(node.path("groups"), "targetedTo.groups", errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new TargetedTo(everyone.asBoolean(false), users, groups);
    }

    /** A list of non-blank strings (user addresses, group ids); absent is empty. */
    private static List<String> names(JsonNode array, String field, List<FieldError> errors) {
        List<String> names = new ArrayList<>();
        if (array.isMissingNode() || array.isNull()) {
            return names;
        }
        if (!array.isArray()) {
            errors.add(new FieldError(field, "must be a list"));
            return names;
        }
        for (JsonNode name : array) {
            if (!name.isTextual() || name.asText().isBlank()) {
                errors.add(new FieldError(field, "must hold names as text"));
                return names;
            }
            names.add(name.asText().strip());
        }
        return names;
    }
}
