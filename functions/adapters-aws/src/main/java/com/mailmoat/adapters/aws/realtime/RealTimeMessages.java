package com.mailmoat.adapters.aws.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.adapters.aws.queue.MessageJson;
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
            JsonNode node = MessageJson.object(body);
            try {
                return new MailEvent(MessageJson.text(node, "accountId"), MessageJson.text(node, "subscriptionId"), MessageJson.text(node, "mailboxId"),
                        node.path("mailbox").asText(""), MessageJson.text(node, "messageId"), Instant.parse(MessageJson.text(node, "notifiedAt")));
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
            if (request.at() != null) {
                node.put("at", request.at().toString());
            }
            return node.toString();
        }

        @Override
        public SyncRequest decode(String body) {
            JsonNode node = MessageJson.object(body);
            try {
                String at = node.path("at").asText(null);
                return new SyncRequest(MessageJson.text(node, "accountId"), SyncRequest.Reason.valueOf(MessageJson.text(node, "reason")),
                        node.path("subscriptionId").asText(null), at == null ? null : java.time.Instant.parse(at));
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                throw new UndecodableMessageException("Unknown sync reason or time", e);
            }
        }
    };

    private RealTimeMessages() {
    }
}
