package com.mailmoat.lambda.sqs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.lambda.config.Environment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Base of every SQS consumer (the shape of Powertools' {@code SqsBatchMessageHandler}, whose module
 * is not available here): each record is decoded with the queue's {@link MessageCodec} and handed
 * to {@link #consume}; the response lists the records to keep ({@code ReportBatchItemFailures}).
 *
 * <ul>
 *   <li>An undecodable body is sent to the dead-letter queue at once with one error log, not
 *       retried: retrying cannot fix it.</li>
 *   <li>{@link Outcome.RetryAfter} changes that message's visibility, so the queue waits, not the
 *       function. When the message is about to reach the redrive limit, a delayed copy is sent
 *       instead (on a FIFO queue an undelayed copy in the same message group), so waiting for
 *       Microsoft never parks work in the dead-letter queue.</li>
 *   <li>A consumer that throws {@link MicrosoftThrottledException} is retried the same way after
 *       Microsoft's Retry-After; one that throws {@link MicrosoftUnavailableException} after
 *       {@link #UNAVAILABLE_RETRY} ({@link MicrosoftWaits#unavailable configurable}). Consumers catch
 *       only what they handle differently.</li>
 *   <li>An exception keeps the message for a retry after a short backoff (2, 4, 8, ... seconds by
 *       receive count, at most a minute; then the queue's redrive policy moves it to the DLQ), not
 *       after the whole visibility timeout: most failures are transient.</li>
 *   <li>On a FIFO queue the first failure also keeps every later record of the batch (of its message
 *       group, when records run side by side), preserving order within message groups; those are made
 *       visible again at once, so they follow the failed one instead of waiting out the visibility timeout.</li>
 *   <li>A consumer given worker threads (or a {@link #concurrency} above 1) handles a batch's message groups concurrently (each record of a standard queue is its own group) (one
 *       instance keeps several slow requests in flight); the response is the same.</li>
 * </ul>
 * Logs carry the message id, never the body.
 *
 * @param <M> the decoded message type
 */
public abstract class SqsBatchHandler<M> implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(SqsBatchHandler.class);
    /** SQS's longest message delay. */
    static final int MAX_DELAY_SECONDS = 900;
    /** The longest wait before retrying a message whose handling threw. */
    static final int MAX_FAILURE_BACKOFF_SECONDS = 60;
    /** SQS's longest visibility timeout. */
    static final int MAX_VISIBILITY_SECONDS = 43_200;
    /** How long a message waits after Microsoft was unavailable without a Retry-After, unless configured. */
    static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(15);

    private final MessageCodec<M> codec;
    private final QueueControl queues;
    private final ExecutorService workers;
    private final Duration unavailableRetry;

    protected SqsBatchHandler(MessageCodec<M> codec, QueueControl queues) {
        this(codec, queues, null);
    }

    /**
     * @param workers handle a batch's message groups concurrently on these threads (a standard queue's
     *                records are each their own group; a FIFO group is always handled in order), or null
     *                for {@link #concurrency}.
     *                For consumers that mostly wait on other services: one instance then keeps several
     *                requests in flight instead of one.
     */
    protected SqsBatchHandler(MessageCodec<M> codec, QueueControl queues, ExecutorService workers) {
        this(codec, queues, workers, Environment.system());
    }

    /** @param settings where {@link MicrosoftWaits#UNAVAILABLE_RETRY_SECONDS} is read */
    SqsBatchHandler(MessageCodec<M> codec, QueueControl queues, ExecutorService workers, Settings settings) {
        this.codec = codec;
        this.queues = queues;
        this.workers = workers;
        this.unavailableRetry = MicrosoftWaits.unavailable(settings, UNAVAILABLE_RETRY);
    }

    /**
     * Handles one message. Must be idempotent: SQS delivers at least once, and a batch can be
     * handed over again after a crash.
     */
    protected abstract Outcome consume(M message, Delivery delivery);

    @Override
    public final SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handleBatch(event));
    }

    /**
     * How many records of one batch are handled at once (default 1: one after the other). Records of
     * one FIFO message group are always handled one after another, in order, and a failure keeps the
     * rest of its group only; different groups (e.g. different mailboxes' scan pages) run side by
     * side, so an invocation waiting on a remote service for one record is not idle for the others.
     */
    protected int concurrency() {
        return 1;
    }

    private SQSBatchResponse handleBatch(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        ExecutorService pool = records.size() <= 1 ? null : pool();
        if (pool == null) {
            return new SQSBatchResponse(handleInOrder(records));
        }
        Map<String, List<SQSEvent.SQSMessage>> groups = new java.util.LinkedHashMap<>();
        for (SQSEvent.SQSMessage record : records) {
            String group = record.getAttributes() == null ? null : record.getAttributes().get("MessageGroupId");
            if (group == null) {
                // A FIFO record without its group attribute: keep the batch's order rather than guess.
                group = isFifo(record.getEventSourceArn()) ? "fifo" : "message:" + record.getMessageId();
            }
            groups.computeIfAbsent(group, g -> new ArrayList<>())
                    .add(record);
        }
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        List<Future<List<SQSBatchResponse.BatchItemFailure>>> running = new ArrayList<>();
        for (List<SQSEvent.SQSMessage> group : groups.values()) {
            running.add(pool.submit(() -> {
                if (logContext != null) {
                    MDC.setContextMap(logContext);
                }
                try {
                    return handleInOrder(group);
                } finally {
                    MDC.clear();
                }
            }));
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            try {
                failures.addAll(running.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.addAll(keepAll(new ArrayList<>(groups.values()).get(i)));
            } catch (ExecutionException e) {
                LOG.error("A group of {} messages failed unexpectedly; they stay on the queue", groups.size(), e.getCause());
                failures.addAll(keepAll(new ArrayList<>(groups.values()).get(i)));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static List<SQSBatchResponse.BatchItemFailure> keepAll(List<SQSEvent.SQSMessage> records) {
        return records.stream().map(r -> new SQSBatchResponse.BatchItemFailure(r.getMessageId())).toList();
    }

    private volatile ExecutorService ownWorkers;

    /** The injected workers, else a pool of {@link #concurrency} threads, else null (one after another). */
    private ExecutorService pool() {
        if (workers != null) {
            return workers;
        }
        int size = concurrency();
        if (size <= 1) {
            return null;
        }
        if (ownWorkers == null) {
            synchronized (this) {
                if (ownWorkers == null) {
                    java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
                    ownWorkers = java.util.concurrent.Executors.newFixedThreadPool(size, runnable -> {
                        Thread thread = new Thread(runnable, "sqs-record-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
                }
            }
        }
        return ownWorkers;
    }

    /** Handles records one after the other; on a FIFO queue the first failure keeps every later record. */
    private List<SQSBatchResponse.BatchItemFailure> handleInOrder(List<SQSEvent.SQSMessage> records) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        boolean keepRest = false;
        for (SQSEvent.SQSMessage record : records) {
            if (keepRest) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                try {
                    // Unhandled, not failed: back at once (SQS still holds the group behind the failed message,
                    // so the order stays), not after the whole visibility timeout.
                    queues.changeVisibility(record.getEventSourceArn(), record.getReceiptHandle(), 0);
                } catch (RuntimeException ignored) {
                    // The visibility timeout brings it back instead.
                }
                continue;
            }
            MDC.put("messageId", record.getMessageId());
            try {
                if (!handleRecord(record)) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                    keepRest = isFifo(record.getEventSourceArn());
                }
            } finally {
                MDC.remove("messageId");
            }
        }
        return failures;
    }

    /** False when the message stays on the queue. */
    private boolean handleRecord(SQSEvent.SQSMessage record) {
        Delivery delivery = new Delivery(record.getMessageId(), record.getEventSourceArn(), receiveCount(record));
        M message;
        try {
            message = codec.decode(record.getBody());
        } catch (UndecodableMessageException e) {
            return deadLetter(record, e);
        }
        Outcome outcome;
        try {
            outcome = consume(message, delivery);
        } catch (MicrosoftThrottledException e) {
            return delay(record, delivery, e.retryAfter(), "Microsoft asked to wait");
        } catch (MicrosoftUnavailableException e) {
            return delay(record, delivery, unavailableRetry, "Microsoft is unavailable, HTTP " + e.statusCode());
        } catch (RuntimeException e) {
            int maxReceives = queues.maxReceiveCount(record.getEventSourceArn());
            if (maxReceives > 0 && delivery.receiveCount() >= maxReceives && givenUp(message, delivery, e)) {
                return true;
            }
            int backoff = (int) Math.min(MAX_FAILURE_BACKOFF_SECONDS, 1L << Math.min(10, delivery.receiveCount()));
            LOG.warn("Message {} failed (receive {}); retried in {} s", record.getMessageId(), delivery.receiveCount(),
                    backoff, e);
            try {
                queues.changeVisibility(record.getEventSourceArn(), record.getReceiptHandle(), backoff);
            } catch (RuntimeException ignored) {
                // The queue's visibility timeout brings it back instead.
            }
            return false;
        }
        if (outcome instanceof Outcome.RetryAfter retry) {
            return delay(record, delivery, retry.delay(), "its consumer asked");
        }
        return true;
    }

    private boolean givenUp(M message, Delivery delivery, RuntimeException cause) {
        try {
            if (giveUp(message, delivery)) {
                LOG.error("Message {} failed on its last receive ({}); its consumer recorded what is lost",
                        delivery.messageId(), delivery.receiveCount(), cause);
                return true;
            }
        } catch (RuntimeException e) {
            LOG.warn("Message {}: recording what is lost failed too; the dead-letter queue keeps it", delivery.messageId(), e);
        }
        return false;
    }

    /**
     * The message failed on the last receive before SQS dead-letters it. A consumer whose work would
     * otherwise wait forever for it (a scan waiting for a mailbox's page) records what is lost and
     * answers true: the message is then done. The default leaves it to the dead-letter queue.
     */
    protected boolean giveUp(M message, Delivery delivery) {
        return false;
    }

    private boolean deadLetter(SQSEvent.SQSMessage record, UndecodableMessageException e) {
        LOG.error("Message {} is unreadable ({}); moving it to the dead-letter queue", record.getMessageId(), e.getMessage());
        try {
            queues.sendToDeadLetterQueue(record.getEventSourceArn(), record);
            return true;
        } catch (RuntimeException failure) {
            LOG.error("Could not move message {} to the dead-letter queue; redrive will", record.getMessageId(), failure);
            return false;
        }
    }

    /** @param why the log's reason for the wait */
    private boolean delay(SQSEvent.SQSMessage record, Delivery delivery, Duration wait, String why) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        int maxReceives = queues.maxReceiveCount(record.getEventSourceArn());
        try {
            if (maxReceives > 0 && delivery.receiveCount() >= maxReceives - 1) {
                // One more receive and SQS would dead-letter it: start a fresh copy instead. (On a FIFO
                // queue the copy keeps its message group but cannot be delayed: it runs at once.)
                queues.requeue(record.getEventSourceArn(), record, (int) Math.min(seconds, MAX_DELAY_SECONDS));
                LOG.info("Message {} deferred {} s as a fresh copy (receive {} of {}; {})", record.getMessageId(),
                        seconds, delivery.receiveCount(), maxReceives, why);
                return true;
            }
            queues.changeVisibility(record.getEventSourceArn(), record.getReceiptHandle(),
                    (int) Math.min(seconds, MAX_VISIBILITY_SECONDS));
            LOG.info("Message {} deferred {} s ({})", record.getMessageId(), seconds, why);
        } catch (RuntimeException e) {
            LOG.warn("Could not defer message {}; it returns after the visibility timeout", record.getMessageId(), e);
        }
        return false;
    }

    private static int receiveCount(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static boolean isFifo(String queueArn) {
        return queueArn != null && queueArn.endsWith(".fifo");
    }
}
