package com.mailmoat.lambda.sqs;

/**
 * Where one message came from and how often it was handed over.
 *
 * @param messageId    SQS message id (logged; the body never is)
 * @param queueArn     the source queue
 * @param receiveCount SQS's ApproximateReceiveCount, 1 on the first delivery
 */
public record Delivery(String messageId, String queueArn, int receiveCount) {
}
