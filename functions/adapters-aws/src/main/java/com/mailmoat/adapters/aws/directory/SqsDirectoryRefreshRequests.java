package com.mailmoat.adapters.aws.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.directory.DirectoryRefreshRequests;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.sqs.MessageCodec;
import com.mailmoat.lambda.sqs.UndecodableMessageException;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The directory-sync queue: {@code {"accountId": "..."}} per import to run. */
public final class SqsDirectoryRefreshRequests implements DirectoryRefreshRequests {
    /** The body of a directory-sync message: the account whose directory to import. */
    public static final MessageCodec<String> CODEC = new MessageCodec<>() {
        @Override
        public String encode(String accountId) {
            return Json.write(Map.of("accountId", accountId));
        }

        @Override
        public String decode(String body) {
            try {
                JsonNode node = Json.MAPPER.readTree(body == null ? "" : body);
                if (node == null || !node.path("accountId").isTextual() || node.path("accountId").asText().isBlank()) {
                    throw new UndecodableMessageException("Directory-sync message lacks accountId");
                }
                return node.path("accountId").asText();
            } catch (IOException e) {
                throw new UndecodableMessageException("Directory-sync message is not JSON");
            }
        }
    };

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDirectoryRefreshRequests(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void request(String accountId) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(CODEC.encode(accountId)));
    }
}
