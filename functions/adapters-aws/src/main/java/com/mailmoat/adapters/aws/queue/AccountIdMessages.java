package com.mailmoat.adapters.aws.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.sqs.MessageCodec;
import com.mailmoat.lambda.sqs.UndecodableMessageException;
import java.io.IOException;
import java.util.Map;

/** Queue messages that name nothing but an account: {@code {"accountId": "..."}}. */
public final class AccountIdMessages {
    private AccountIdMessages() {
    }

    /** @param queue the queue's name in error messages, e.g. "Directory-sync" */
    public static MessageCodec<String> codec(String queue) {
        return new MessageCodec<>() {
            @Override
            public String encode(String accountId) {
                return Json.write(Map.of("accountId", accountId));
            }

            @Override
            public String decode(String body) {
                try {
                    JsonNode node = Json.MAPPER.readTree(body == null ? "" : body);
                    if (node == null || !node.path("accountId").isTextual() || node.path("accountId").asText().isBlank()) {
                        throw new UndecodableMessageException(queue + " message lacks accountId");
                    }
                    return node.path("accountId").asText();
                } catch (IOException e) {
                    throw new UndecodableMessageException(queue + " message is not JSON");
                }
            }
        };
    }
}
