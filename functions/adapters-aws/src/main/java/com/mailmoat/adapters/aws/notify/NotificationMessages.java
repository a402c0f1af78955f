package com.mailmoat.adapters.aws.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON body of a notifications-queue message. */
public final class NotificationMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationMessages() {
    }

    public static String toJson(NotificationRequest request) {
        ObjectNode node = JSON.createObjectNode();
        node.put("notificationId", request.notificationId());
        node.put("accountId", request.accountId());
        node.put("kind", request.kind().name());
        node.put("recipient", request.recipient());
        ObjectNode params = node.putObject("params");
        request.params().forEach(params::put);
        node.put("requestedAt", request.requestedAt().toString());
        return node.toString();
    }

    /**
     * @throws IllegalArgumentException when the body is not a notification (a poison message:
     *                                  retrying cannot help)
     */
    public static NotificationRequest fromJson(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            Map<String, String> params = new LinkedHashMap<>();
            node.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            return new NotificationRequest(
                    required(node, "notificationId"),
                    required(node, "accountId"),
                    NotificationKind.valueOf(required(node, "kind")),
                    node.path("recipient").asText(null),
                    params,
                    Instant.parse(required(node, "requestedAt")));
        } catch (IOException e) {
            throw new IllegalArgumentException("Notification message is not JSON", e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("Notification message is malformed: " + e.getMessage(), e);
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException("Notification message lacks " + field);
        }
        return value.asText();
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
