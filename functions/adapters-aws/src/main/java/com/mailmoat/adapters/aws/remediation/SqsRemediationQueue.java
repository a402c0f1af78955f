package com.mailmoat.adapters.aws.remediation;

import com.mailmoat.core.remediation.RemediationQueue;
import com.mailmoat.core.remediation.RemediationWork;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Sends remediation work items to the remediation queue, ten per request (SQS's batch limit). */
public final class SqsRemediationQueue implements RemediationQueue {
    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsRemediationQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(List<RemediationWork> items) {
        for (int from = 0; from < items.size(); from += BATCH) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            List<RemediationWork> batch = items.subList(from, Math.min(items.size(), from + BATCH));
            for (int i = 0; i < batch.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody(RemediationMessages.CODEC.encode(batch.get(i))).build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                // Resend the ones SQS refused, once, one by one; then give up loudly.
                for (var failed : response.failed()) {
                    RemediationWork work = batch.get(Integer.parseInt(failed.id()));
                    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(RemediationMessages.CODEC.encode(work)));
                }
            }
        }
    }
}
