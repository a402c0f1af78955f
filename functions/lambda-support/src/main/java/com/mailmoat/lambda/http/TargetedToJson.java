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
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        node.path("users").forEach(u -> users.add(u.asText()));
        node.path("groups").forEach(g -> groups.add(g.asText()));
        return new TargetedTo(node.path("everyone").asBoolean(false), users, groups);
    }
}
