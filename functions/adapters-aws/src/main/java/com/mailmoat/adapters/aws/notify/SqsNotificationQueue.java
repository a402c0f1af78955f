package com.mailmoat.adapters.aws.notify;

import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Sends notification requests to the notifications queue. */
public final class SqsNotificationQueue implements NotificationQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsNotificationQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(NotificationRequest request) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(NotificationMessages.CODEC.encode(request)));
    }
}
