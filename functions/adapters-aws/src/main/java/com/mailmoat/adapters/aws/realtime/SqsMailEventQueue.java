package com.mailmoat.adapters.aws.realtime;

import com.mailmoat.core.realtime.MailEvent;
import com.mailmoat.core.realtime.MailEventQueue;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The mail-events queue: accepted notifications, sent ten to a request. */
public final class SqsMailEventQueue implements MailEventQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsMailEventQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(List<MailEvent> events) {
        if (events.size() == 1) {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(RealTimeMessages.MAIL_EVENTS.encode(events.get(0))));
            return;
        }
        for (int from = 0; from < events.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (MailEvent event : events.subList(from, Math.min(events.size(), from + 10))) {
                entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(entries.size()))
                        .messageBody(RealTimeMessages.MAIL_EVENTS.encode(event)).build());
            }
            List<BatchResultErrorEntry> failed = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed();
            if (!failed.isEmpty()) {
                // Graph retries the whole POST; what was queued is claimed once by the check.
                throw new IllegalStateException(failed.size() + " mail events could not be queued: " + failed.get(0).code());
            }
        }
    }
}
