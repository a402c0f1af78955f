package com.mailmoat.testkit;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mailmoat.lambda.sqs.QueueControl;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a batch consumer asked of the queue; redrive after {@code maxReceiveCount} receives. */
public final class RecordingQueueControl implements QueueControl {
    public record Delayed(String receiptHandle, int seconds) {
    }

    public record Requeued(String body, int seconds) {
    }

    public final List<Delayed> visibilityChanges = new CopyOnWriteArrayList<>();
    public final List<Requeued> requeued = new CopyOnWriteArrayList<>();
    public final List<String> deadLettered = new CopyOnWriteArrayList<>();
    private final int maxReceiveCount;

    public RecordingQueueControl(int maxReceiveCount) {
        this.maxReceiveCount = maxReceiveCount;
    }

    public RecordingQueueControl() {
        this(5);
    }

    @Override
    public int maxReceiveCount(String queueArn) {
        return maxReceiveCount;
    }

    @Override
    public void changeVisibility(String queueArn, String receiptHandle, int seconds) {
        visibilityChanges.add(new Delayed(receiptHandle, seconds));
    }

    @Override
    public void requeue(String queueArn, SQSEvent.SQSMessage message, int seconds) {
        requeued.add(new Requeued(message.getBody(), seconds));
    }

    @Override
    public void sendToDeadLetterQueue(String queueArn, SQSEvent.SQSMessage message) {
        deadLettered.add(message.getMessageId());
    }
}
