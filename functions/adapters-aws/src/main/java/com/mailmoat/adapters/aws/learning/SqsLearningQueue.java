package com.mailmoat.adapters.aws.learning;

import com.mailmoat.core.learning.LearningQueue;
import com.mailmoat.core.learning.LearningWork;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Sends verdicts to the learning queue. */
public final class SqsLearningQueue implements LearningQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsLearningQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(LearningWork work) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(LearningMessages.CODEC.encode(work)));
    }
}
