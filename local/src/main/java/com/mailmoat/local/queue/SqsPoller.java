package com.mailmoat.local.queue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.local.lambda.LambdaFunction;
import com.mailmoat.local.template.EventSource;
import com.mailmoat.local.template.Intrinsics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The local equivalent of a Lambda SQS event source mapping: a few threads (ScalingConfig's
 * MaximumConcurrency, capped for one machine) each long-poll the queue,
 * gathers up to BatchSize messages (within MaximumBatchingWindowInSeconds), invokes the function
 * with an {@link SQSEvent}, and deletes what succeeded. A handler that throws leaves the whole
 * batch; with ReportBatchItemFailures, the messages it names stay (an unknown or empty identifier
 * fails the whole batch, as Lambda does). What stays becomes visible again after the queue's
 * visibility timeout, and the queue's redrive policy moves it to the DLQ after maxReceiveCount.
 */
public final class SqsPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsPoller.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** Short enough that stopping never waits long for a poll in flight. */
    private static final int LONG_POLL_SECONDS = 2;
    /** Concurrent invocations when the template sets no MaximumConcurrency (Lambda would scale further). */
    static final int DEFAULT_CONCURRENCY = 4;
    /** One machine's cap, whatever the template allows in AWS. */
    static final int MAX_LOCAL_CONCURRENCY = 8;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final EventSource.Sqs source;
    private final LambdaFunction function;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /**
     * @param sqs      client of the local SQS (owned by the caller)
     * @param queueUrl the queue to poll
     * @param queueArn its ARN, as eventSourceARN
     * @param source   the template's event settings
     * @param function the function to invoke
     */
    public SqsPoller(SqsClient sqs, String queueUrl, String queueArn, EventSource.Sqs source, LambdaFunction function) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.source = source;
        this.function = function;
        int concurrency = source.maximumConcurrency() == EventSource.Sqs.UNSET ? DEFAULT_CONCURRENCY
                : Math.max(1, Math.min(MAX_LOCAL_CONCURRENCY, source.maximumConcurrency()));
        for (int i = 0; i < concurrency; i++) {
            Thread thread = new Thread(this::run, "sqs-" + function.definition().logicalId() + "-" + source.name() + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    /** Starts polling: as Lambda scales an SQS event source, several invocations run at once. */
    public SqsPoller start() {
        threads.forEach(Thread::start);
        return this;
    }

    private void run() {
        while (running) {
            try {
                List<Message> batch = receiveBatch();
                if (!batch.isEmpty() && running) {
                    deliver(batch);
                }
            } catch (SdkException e) {
                if (running) {
                    LOG.warn("Polling {} failed: {}", queueUrl, e.getMessage());
                    sleep(1000);
                }
            } catch (RuntimeException e) {
                LOG.error("Poller {} failed", Thread.currentThread().getName(), e);
                sleep(1000);
            }
        }
    }

    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        long windowEnds = System.currentTimeMillis() + source.batchingWindowSeconds() * 1000L;
        int wait = LONG_POLL_SECONDS;
        while (running && batch.size() < source.batchSize()) {
            int wanted = Math.min(10, source.batchSize() - batch.size());
            int waitSeconds = wait;
            batch.addAll(sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(wanted)
                    .waitTimeSeconds(waitSeconds)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages());
            long windowLeft = windowEnds - System.currentTimeMillis();
            if (batch.isEmpty() || windowLeft <= 0) {
                if (!batch.isEmpty() || source.batchingWindowSeconds() == 0) {
                    break;
                }
                windowEnds = System.currentTimeMillis() + source.batchingWindowSeconds() * 1000L;
                continue;
            }
            wait = (int) Math.min(LONG_POLL_SECONDS, Math.max(1, windowLeft / 1000));
        }
        return batch;
    }

    private void deliver(List<Message> batch) {
        SQSEvent event = new SQSEvent();
        event.setRecords(batch.stream().map(this::record).toList());
        Object result;
        try {
            result = function.invoke(event);
        } catch (LambdaFunction.FunctionError e) {
            LOG.warn("{} failed on {} message(s) from {}; they return after the visibility timeout: {}",
                    function.definition().logicalId(), batch.size(), source.queueLogicalId(),
                    LambdaFunction.FunctionError.causes(e));
            return;
        }
        Set<String> failed = failures(result, batch);
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : batch) {
            if (!failed.contains(message.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(done.size()))
                        .receiptHandle(message.receiptHandle()).build());
            }
        }
        for (int from = 0; from < done.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> chunk = done.subList(from, Math.min(done.size(), from + 10));
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(chunk));
        }
        if (!failed.isEmpty()) {
            LOG.info("{} reported {} of {} message(s) from {} as failed", function.definition().logicalId(),
                    failed.size(), batch.size(), source.queueLogicalId());
        }
    }

    /** The ids of the messages to keep on the queue, per the function's batch response. */
    private Set<String> failures(Object result, List<Message> batch) {
        Set<String> failed = new HashSet<>();
        if (!source.reportBatchItemFailures() || result == null) {
            return failed;
        }
        SQSBatchResponse response = result instanceof SQSBatchResponse typed ? typed
                : JSON.convertValue(result, SQSBatchResponse.class);
        if (response.getBatchItemFailures() == null) {
            return failed;
        }
        Set<String> ids = new HashSet<>(batch.stream().map(Message::messageId).toList());
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure.getItemIdentifier();
            if (id == null || !ids.contains(id)) {
                LOG.warn("{} reported an unknown batch item '{}': the whole batch fails, as in Lambda",
                        function.definition().logicalId(), id);
                return ids;
            }
            failed.add(id);
        }
        return failed;
    }

    private SQSEvent.SQSMessage record(Message message) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
        record.setAttributes(new LinkedHashMap<>(message.attributesAsStrings()));
        Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> attributes.put(name, attribute(value)));
        record.setMessageAttributes(attributes);
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(queueArn);
        record.setAwsRegion(Intrinsics.REGION);
        return record;
    }

    private static SQSEvent.MessageAttribute attribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        if (value.binaryValue() != null) {
            attribute.setBinaryValue(value.binaryValue().asByteBuffer());
        }
        if (value.hasStringListValues() && !value.stringListValues().isEmpty()) {
            attribute.setStringListValues(value.stringListValues());
        }
        return attribute;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the poller to stop after the poll or invocation in progress, without waiting. */
    public void stopSoon() {
        running = false;
    }

    /** Stops polling; a poll or invocation in progress finishes first (a few seconds at most). */
    @Override
    public void close() {
        running = false;
        long deadline = System.currentTimeMillis() + (LONG_POLL_SECONDS + 2) * 1000L;
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
