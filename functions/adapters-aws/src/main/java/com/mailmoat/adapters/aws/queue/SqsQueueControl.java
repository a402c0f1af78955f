package com.mailmoat.adapters.aws.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.sqs.QueueControl;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link QueueControl} on SQS (standard and FIFO queues). Queue URLs and redrive settings are looked up once per queue ARN
 * ({@code GetQueueUrl}, {@code GetQueueAttributes}) and cached for the life of the instance.
 */
public final class SqsQueueControl implements QueueControl {
    private final SqsClient sqs;
    private final ConcurrentMap<String, QueueInfo> queues = new ConcurrentHashMap<>();

    public SqsQueueControl(SqsClient sqs) {
        this.sqs = sqs;
    }

    private record QueueInfo(String url, String deadLetterArn, int maxReceiveCount) {
    }

    @Override
    public int maxReceiveCount(String queueArn) {
        return info(queueArn).maxReceiveCount();
    }

    @Override
    public void changeVisibility(String queueArn, String receiptHandle, int seconds) {
        String url = info(queueArn).url();
        sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(receiptHandle).visibilityTimeout(seconds));
    }

    @Override
    public void requeue(String queueArn, SQSEvent.SQSMessage message, int seconds) {
        send(info(queueArn).url(), message, seconds);
    }

    @Override
    public void sendToDeadLetterQueue(String queueArn, SQSEvent.SQSMessage message) {
        String deadLetterArn = info(queueArn).deadLetterArn();
        if (deadLetterArn == null) {
            throw new IllegalStateException("Queue " + queueArn + " has no redrive policy");
        }
        send(info(deadLetterArn).url(), message, 0);
    }

    private void send(String url, SQSEvent.SQSMessage message, int delaySeconds) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        if (message.getMessageAttributes() != null) {
            message.getMessageAttributes().forEach((name, value) -> {
                if (value.getStringValue() != null) {
                    attributes.put(name, MessageAttributeValue.builder().dataType(value.getDataType())
                            .stringValue(value.getStringValue()).build());
                }
            });
        }
        if (url.endsWith(".fifo")) {
            // A FIFO queue has no per-message delay; the copy keeps its message group (and so its order
            // and slot) and gets a deduplication id of its own, or SQS would drop it as the original.
            Map<String, String> system = message.getAttributes() == null ? Map.of() : message.getAttributes();
            String group = system.getOrDefault("MessageGroupId", "requeued");
            String dedup = message.getMessageId() + "-" + system.getOrDefault("ApproximateReceiveCount", "0");
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(message.getBody()).messageAttributes(attributes)
                    .messageGroupId(group).messageDeduplicationId(dedup));
            return;
        }
        sqs.sendMessage(r -> r.queueUrl(url).messageBody(message.getBody()).delaySeconds(delaySeconds)
                .messageAttributes(attributes));
    }

    private QueueInfo info(String queueArn) {
        return queues.computeIfAbsent(queueArn, this::lookUp);
    }

    private QueueInfo lookUp(String queueArn) {
        String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
        String url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
        String redrive = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        if (redrive == null || redrive.isBlank()) {
            return new QueueInfo(url, null, 0);
        }
        try {
            JsonNode policy = Json.MAPPER.readTree(redrive);
            return new QueueInfo(url, policy.path("deadLetterTargetArn").asText(null),
                    policy.path("maxReceiveCount").asInt(0));
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable redrive policy of " + queueArn, e);
        }
    }
}
