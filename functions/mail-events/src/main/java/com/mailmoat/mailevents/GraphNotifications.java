package com.mailmoat.mailevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.realtime.GraphNotification;
import com.mailmoat.lambda.http.ApiRequest;
import java.util.ArrayList;
import java.util.List;

/** Graph's notification payloads ({@code {"value":[...]}}) and validation tokens, read defensively. */
final class GraphNotifications {
    /** More items than one POST of Graph's carries: refused. */
    static final int MAX_ITEMS = 1000;
    /** Graph's tokens are a sentence and a GUID; anything far longer is not Graph's. */
    static final int MAX_TOKEN_LENGTH = 1024;

    private GraphNotifications() {
    }

    /** The token to echo: exactly as decoded, if it is plausibly Graph's (printable, bounded). */
    static String validationToken(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH || !token.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            throw GraphWebhookHandler.malformed("The validation token is not one Microsoft Graph sends.");
        }
        return token;
    }

    static List<GraphNotification> parse(ApiRequest request) {
        JsonNode value = request.json().get("value");
        if (value == null || !value.isArray() || value.size() > MAX_ITEMS) {
            throw GraphWebhookHandler.malformed("Expected {\"value\": [notifications]}.");
        }
        List<GraphNotification> notifications = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw GraphWebhookHandler.malformed("Every notification is a JSON object.");
            }
            notifications.add(new GraphNotification(text(item, "subscriptionId"), text(item, "clientState"),
                    text(item, "tenantId"), text(item, "changeType"), messageId(item), text(item, "lifecycleEvent")));
        }
        return notifications;
    }

    /** {@code resourceData.id}, else the last segment of {@code resource} ({@code users/{u}/messages/{id}}). */
    private static String messageId(JsonNode item) {
        String id = text(item.path("resourceData"), "id");
        if (id != null) {
            return id;
        }
        String resource = text(item, "resource");
        if (resource == null) {
            return null;
        }
        int at = resource.toLowerCase(java.util.Locale.ROOT).lastIndexOf("/messages/");
        return at < 0 ? null : resource.substring(at + "/messages/".length());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
