package com.mailmoat.adapters.aws.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.core.realtime.MailEvent;
import com.mailmoat.core.realtime.SyncRequest;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.sqs.MessageCodec;
import com.mailmoat.lambda.sqs.UndecodableMessageException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The JSON bodies of the real-time queues: accepted notifications (mail-events) and subscription syncs. */
public final class RealTimeMessages {
    /** {@code {"accountId","subscriptionId","mailboxId","mailbox","messageId","notifiedAt"}} */
    public static final MessageCodec<MailEvent> MAIL_EVENTS = new MessageCodec<>() {
        @Override
        public String encode(MailEvent event) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("accountId", event.accountId());
            node.put("subscriptionId", event.subscriptionId());
            node.put("mailboxId", event.mailboxId());
            node.put("mailbox", event.mailbox());
            node.put("messageId", event.messageId());
            node.put("notifiedAt", event.notifiedAt().toString());
            return node.toString();
        }

        @Override
        public MailEvent decode(String body) {
            JsonNode node = read(body);
            try {
                return new MailEvent(text(node, "accountId"), text(node, "subscriptionId"), text(node, "mailboxId"),
                        node.path("mailbox").asText(""), text(node, "messageId"), Instant.parse(text(node, "notifiedAt")));
            } catch (DateTimeParseException e) {
                throw new UndecodableMessageException("Malformed mail event: " + e.getMessage(), e);
            }
        }
    };

    /** {@code {"accountId","reason","subscriptionId"?}} */
    public static final MessageCodec<SyncRequest> SYNC_REQUESTS = new MessageCodec<>() {
        @Override
        public String encode(SyncRequest request) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("accountId", request.accountId());
            node.put("reason", request.reason().name());
            if (request.subscriptionId() != null) {
                node.put("subscriptionId", request.subscriptionId());
            }
            return node.toString();
        }

        @Override
        public SyncRequest decode(String body) {
            JsonNode node = read(body);
            try {
                return new SyncRequest(text(node, "accountId"), SyncRequest.Reason.valueOf(text(node, "reason")),
                        node.path("subscriptionId").asText(null));
            } catch (IllegalArgumentException e) {
                throw new UndecodableMessageException("Unknown sync reason", e);
            }
        }
    };

    private RealTimeMessages() {
    }

    private static JsonNode read(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body == null ? "" : body);
            if (node == null || !node.isObject()) {
                throw new UndecodableMessageException("Message is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new UndecodableMessageException("Message is not JSON");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new UndecodableMessageException("Message lacks " + field);
        }
        return value.asText();
    }
}
