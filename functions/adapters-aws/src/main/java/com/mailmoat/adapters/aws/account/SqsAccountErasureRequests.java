package com.mailmoat.adapters.aws.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.AccountErasureRequests;
import com.mailmoat.core.account.ErasureRequest;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.sqs.MessageCodec;
import com.mailmoat.lambda.sqs.UndecodableMessageException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The account-erasure queue: {@code {"accountId": "..."}} per pass over a closed account, with
 * {@code "tenantId"} for a pass over what came from the tenant an account was disconnected from.
 */
public final class SqsAccountErasureRequests implements AccountErasureRequests {
    public static final MessageCodec<ErasureRequest> CODEC = new MessageCodec<>() {
        @Override
        public String encode(ErasureRequest request) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("accountId", request.accountId());
            if (!request.isWholeAccount()) {
                body.put("tenantId", request.tenantId());
            }
            return Json.write(body);
        }

        @Override
        public ErasureRequest decode(String body) {
            try {
                JsonNode node = Json.MAPPER.readTree(body == null ? "" : body);
                if (node == null || !node.path("accountId").isTextual() || node.path("accountId").asText().isBlank()) {
                    throw new UndecodableMessageException("Account-erasure message lacks accountId");
                }
                JsonNode tenant = node.path("tenantId");
                if (!tenant.isMissingNode() && !(tenant.isTextual() && !tenant.asText().isBlank())) {
                    throw new UndecodableMessageException("Account-erasure message has an unreadable tenantId");
                }
                return new ErasureRequest(node.path("accountId").asText(), tenant.isTextual() ? tenant.asText() : null);
            } catch (IOException e) {
                throw new UndecodableMessageException("Account-erasure message is not JSON");
            }
        }
    };

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsAccountErasureRequests(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void request(ErasureRequest request) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(CODEC.encode(request)));
    }
}
