package com.mailmoat.adapters.aws.scan;

import com.mailmoat.core.scan.ScanPageQueue;
import com.mailmoat.core.scan.ScanPageWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The scan-chunks queue: page work items, sent ten to a request. */
public final class SqsScanPageQueue implements ScanPageQueue {
    /** SQS's largest message delay. */
    private static final long MAX_DELAY_SECONDS = 900;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsScanPageQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(List<ScanPageWork> work) {
        for (int from = 0; from < work.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (ScanPageWork item : work.subList(from, Math.min(work.size(), from + 10))) {
                entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(entries.size()))
                        .messageBody(ScanMessages.PAGES.encode(item)).build());
            }
            List<BatchResultErrorEntry> failed = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed();
            if (!failed.isEmpty()) {
                // The caller's retry re-queues the batch; duplicates are dropped by the page version check.
                throw new IllegalStateException(failed.size() + " scan pages could not be queued: " + failed.get(0).code());
            }
        }
    }

    @Override
    public void enqueueDelayed(ScanPageWork work, Duration delay) {
        int seconds = (int) Math.min(MAX_DELAY_SECONDS, Math.max(0, (delay.toMillis() + 999) / 1000));
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(ScanMessages.PAGES.encode(work)).delaySeconds(seconds));
    }
}
