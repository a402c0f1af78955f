package com.mailmoat.adapters.aws.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.sqs.MessageCodec;
import com.mailmoat.lambda.sqs.UndecodableMessageException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON body of a notifications-queue message. */
public final class NotificationMessages implements MessageCodec<NotificationRequest> {
    public static final NotificationMessages CODEC = new NotificationMessages();

    private NotificationMessages() {
    }

    @Override
    public String encode(NotificationRequest request) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("notificationId", request.notificationId());
        node.put("accountId", request.accountId());
        node.put("kind", request.kind().name());
        node.put("recipient", request.recipient());
        ObjectNode params = node.putObject("params");
        request.params().forEach(params::put);
        node.put("requestedAt", request.requestedAt().toString());
        return node.toString();
    }

    @Override
    public NotificationRequest decode(String body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new UndecodableMessageException("Notification message is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new UndecodableMessageException("Notification message is not a JSON object");
        }
        Map<String, String> params = new LinkedHashMap<>();
        node.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        try {
            return new NotificationRequest(
                    required(node, "notificationId"),
                    required(node, "accountId"),
                    NotificationKind.valueOf(required(node, "kind")),
                    node.path("recipient").asText(null),
                    params,
                    Instant.parse(required(node, "requestedAt")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // The parser's own text may quote the body: name the problem, not the input.
            throw new UndecodableMessageException("Notification message has an unknown kind or a malformed field", e);
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new UndecodableMessageException("Notification message lacks " + field);
        }
        return value.asText();
    }
}
