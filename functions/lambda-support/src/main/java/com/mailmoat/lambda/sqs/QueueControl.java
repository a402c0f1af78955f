package com.mailmoat.lambda.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;

/**
 * What a batch consumer asks of the queue beyond the batch response: delaying one message and
 * parking a poison message. Implemented on SQS in adapters-aws; queues are named by ARN, as in the
 * event.
 */
public interface QueueControl {

    /** The queue's redrive setting: how many receives before SQS moves a message to its DLQ (0 = none). */
    int maxReceiveCount(String queueArn);

    /** Makes a received message visible again in {@code seconds} (0..43,200). */
    void changeVisibility(String queueArn, String receiptHandle, int seconds);

    /** Sends a copy of the message (body and attributes) to the same queue, delayed by {@code seconds} (0..900). */
    void requeue(String queueArn, SQSEvent.SQSMessage message, int seconds);

    /** Sends a copy of the message to the queue's dead-letter queue. */
    void sendToDeadLetterQueue(String queueArn, SQSEvent.SQSMessage message);
}
