package com.mailmoat.adapters.aws.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.learning.LearningWork;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.sqs.MessageCodec;
import com.mailmoat.lambda.sqs.UndecodableMessageException;
import java.io.IOException;

/** The JSON body of a learning-queue message: {@code {"accountId","key"}}. */
public final class LearningMessages implements MessageCodec<LearningWork> {
    public static final LearningMessages CODEC = new LearningMessages();

    private LearningMessages() {
    }

    @Override
    public String encode(LearningWork work) {
        return Json.MAPPER.createObjectNode().put("accountId", work.accountId()).put("key", work.key()).toString();
    }

    @Override
    public LearningWork decode(String body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new UndecodableMessageException("Learning message is not JSON");
        }
        if (node == null || !node.isObject() || !node.path("accountId").isTextual() || !node.path("key").isTextual()
                || node.path("accountId").asText().isBlank() || node.path("key").asText().isBlank()) {
            throw new UndecodableMessageException("Learning message lacks accountId or key");
        }
        return new LearningWork(node.path("accountId").asText(), node.path("key").asText());
    }
}
