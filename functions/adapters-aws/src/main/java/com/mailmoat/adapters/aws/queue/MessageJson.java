package com.mailmoat.adapters.aws.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.sqs.UndecodableMessageException;
import java.io.IOException;

/** Reading queue message bodies: anything not of the expected shape is undecodable (dead-lettered, not retried). */
public final class MessageJson {
    private MessageJson() {
    }

    /** The body as a JSON object. */
    public static JsonNode object(String body) {
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

    /** A field that must be non-blank text. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new UndecodableMessageException("Message lacks " + field);
        }
        return value.asText();
    }
}
