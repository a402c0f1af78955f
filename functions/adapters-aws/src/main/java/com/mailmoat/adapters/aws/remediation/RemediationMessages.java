package com.mailmoat.adapters.aws.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.core.remediation.RemediationWork;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.sqs.MessageCodec;
import com.mailmoat.lambda.sqs.UndecodableMessageException;
import java.io.IOException;

/** The JSON body of a remediation-queue message: {@code {"accountId","jobId","detectionId"}}. */
public final class RemediationMessages implements MessageCodec<RemediationWork> {
    public static final RemediationMessages CODEC = new RemediationMessages();

    private RemediationMessages() {
    }

    @Override
    public String encode(RemediationWork work) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("accountId", work.accountId());
        node.put("jobId", work.jobId());
        node.put("detectionId", work.detectionId());
        return node.toString();
    }

    @Override
    public RemediationWork decode(String body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new UndecodableMessageException("Remediation message is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new UndecodableMessageException("Remediation message is not a JSON object");
        }
        return new RemediationWork(required(node, "accountId"), required(node, "jobId"), required(node, "detectionId"));
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new UndecodableMessageException("Remediation message lacks " + field);
        }
        return value.asText();
    }
}
