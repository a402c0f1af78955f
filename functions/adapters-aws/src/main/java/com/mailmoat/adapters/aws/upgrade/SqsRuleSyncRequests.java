package com.mailmoat.adapters.aws.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.upgrade.RuleSyncRequests;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.sqs.MessageCodec;
import com.mailmoat.lambda.sqs.UndecodableMessageException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The rule-sync queue: {@code {"accountId", "requestedAt"}} per change that Mailmoat's transport
 * rules must follow. Sent with a short delay so a burst of changes is read by one sync.
 */
public final class SqsRuleSyncRequests implements RuleSyncRequests {
    /** Seconds a request waits in the queue: changes made together are synced together. */
    static final int DELAY_SECONDS = 5;

    /** One request: whose rules, and when the change happened. */
    public record Message(String accountId, Instant requestedAt) {
    }

    public static final MessageCodec<Message> CODEC = new MessageCodec<>() {
        @Override
        public String encode(Message message) {
            return Json.write(Map.of("accountId", message.accountId(), "requestedAt", message.requestedAt().toString()));
        }

        @Override
        public Message decode(String body) {
            try {
                JsonNode node = Json.MAPPER.readTree(body == null ? "" : body);
                if (node == null || !node.path("accountId").isTextual() || node.path("accountId").asText().isBlank()) {
                    throw new UndecodableMessageException("Rule-sync message lacks accountId");
                }
                return new Message(node.path("accountId").asText(), Instant.parse(node.path("requestedAt").asText()));
            } catch (IOException | DateTimeParseException e) {
                throw new UndecodableMessageException("Rule-sync message is not readable");
            }
        }
    };

    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;

    public SqsRuleSyncRequests(SqsClient sqs, String queueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.clock = clock;
    }

    @Override
    public void request(String accountId) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).delaySeconds(DELAY_SECONDS)
                .messageBody(CODEC.encode(new Message(accountId, clock.instant()))));
    }
}
