package com.mailmoat.lambda.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.testkit.RecordingQueueControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared SQS consumer: what stays on the queue, what is delayed, what is parked. */
class SqsBatchHandlerTest {
    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:WorkQueue";
    private final RecordingQueueControl queues = new RecordingQueueControl(5);
    private final List<String> handled = new ArrayList<>();

    /** A word is a message; anything else is undecodable. */
    private static final MessageCodec<String> WORDS = new MessageCodec<>() {
        @Override
        public String encode(String message) {
            return message;
        }

        @Override
        public String decode(String body) {
            if (!body.matches("[a-z]+")) {
                throw new UndecodableMessageException("not a word");
            }
            return body;
        }
    };

    private final SqsBatchHandler<String> handler = wordHandler(Settings.of(Map.of()));

    /**
     * Bodies are "ok", "throttle", "boom", "throttled" or "unavailable" (Microsoft's answers) or not a
     * word at all (undecodable).
     */
    private SqsBatchHandler<String> wordHandler(Settings settings) {
        return new SqsBatchHandler<>(WORDS, queues, null, settings) {
            @Override
            protected Outcome consume(String message, Delivery delivery) {
                handled.add(message);
                return switch (message) {
                    case "throttle" -> Outcome.retryAfter(Duration.ofMillis(2_128));
                    case "boom" -> throw new IllegalStateException("downstream failed");
                    case "throttled" -> throw new MicrosoftThrottledException("429", Duration.ofSeconds(20));
                    case "unavailable" -> throw new MicrosoftUnavailableException("503", 503, null);
                    default -> Outcome.done();
                };
            }
        };
    }

    private static SQSEvent.SQSMessage message(String id, String body, int receiveCount, String queue) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setReceiptHandle("receipt-" + id);
        message.setBody(body);
        message.setEventSourceArn(queue);
        message.setAttributes(Map.of("ApproximateReceiveCount", String.valueOf(receiveCount)));
        return message;
    }

    private SQSBatchResponse handle(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return handler.handleRequest(event, null);
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void onlyTheFailedMessagesStay() {
        SQSBatchResponse response = handle(message("1", "ok", 1, QUEUE), message("2", "boom", 1, QUEUE),
                message("3", "ok", 1, QUEUE));
        assertThat(failed(response)).containsExactly("2");
        assertThat(handled).containsExactly("ok", "boom", "ok");
        assertThat(queues.deadLettered).isEmpty();
        // A failure comes back after a short backoff, not the whole visibility timeout.
        assertThat(queues.visibilityChanges).containsExactly(new RecordingQueueControl.Delayed("receipt-2", 2));
    }

    @Test
    void theBackoffGrowsWithEachReceiveUpToAMinute() {
        handle(message("1", "boom", 3, QUEUE));
        handle(message("2", "boom", 9, QUEUE));
        assertThat(queues.visibilityChanges).extracting(RecordingQueueControl.Delayed::seconds).containsExactly(8, 60);
    }

    @Test
    void anUnreadableMessageGoesToTheDeadLetterQueueAtOnceInsteadOfLooping() {
        SQSBatchResponse response = handle(message("1", "{{{", 1, QUEUE), message("2", "ok", 1, QUEUE));
        assertThat(failed(response)).isEmpty();
        assertThat(queues.deadLettered).containsExactly("1");
        assertThat(handled).containsExactly("ok");
    }

    @Test
    void aFailureOnTheLastReceiveIsGivenUpByAConsumerThatRecordsTheLossAndLeftToTheDeadLetterQueueOtherwise() {
        List<String> givenUp = new ArrayList<>();
        SqsBatchHandler<String> recording = new SqsBatchHandler<>(WORDS, queues, null, Settings.of(Map.of())) {
            @Override
            protected Outcome consume(String message, Delivery delivery) {
                throw new IllegalStateException("downstream failed");
            }

            @Override
            protected boolean giveUp(String message, Delivery delivery) {
                givenUp.add(message + "@" + delivery.receiveCount());
                return true;
            }
        };
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message("1", "early", 4, QUEUE), message("2", "last", 5, QUEUE)));
        assertThat(failed(recording.handleRequest(event, null))).as("the last receive's is done").containsExactly("1");
        assertThat(givenUp).containsExactly("last@5");

        assertThat(failed(handle(message("3", "boom", 5, QUEUE)))).as("by default SQS dead-letters it").containsExactly("3");
    }

    @Test
    void retryAfterMakesTheQueueWaitWithTheDelayRoundedUp() {
        SQSBatchResponse response = handle(message("1", "throttle", 1, QUEUE));
        assertThat(failed(response)).containsExactly("1");
        assertThat(queues.visibilityChanges).containsExactly(new RecordingQueueControl.Delayed("receipt-1", 3));
        assertThat(queues.requeued).isEmpty();
    }

    @Test
    void retryAfterNearTheRedriveLimitStartsAFreshCopyInsteadOfDeadLettering() {
        SQSBatchResponse response = handle(message("1", "throttle", 4, QUEUE));
        assertThat(failed(response)).isEmpty();
        assertThat(queues.requeued).containsExactly(new RecordingQueueControl.Requeued("throttle", 3));
        assertThat(queues.visibilityChanges).isEmpty();
    }

    @Test
    void whenMicrosoftThrottlesTheMessageWaitsForItsRetryAfterNotAFailureBackoff() {
        SQSBatchResponse response = handle(message("1", "throttled", 1, QUEUE));
        assertThat(failed(response)).containsExactly("1");
        assertThat(queues.visibilityChanges).containsExactly(new RecordingQueueControl.Delayed("receipt-1", 20));
    }

    @Test
    void whenMicrosoftIsUnavailableTheMessageWaitsFifteenSecondsAndNeverReachesTheDeadLetterQueue() {
        SQSBatchResponse response = handle(message("1", "unavailable", 1, QUEUE), message("2", "unavailable", 4, QUEUE));
        assertThat(failed(response)).containsExactly("1");
        assertThat(queues.visibilityChanges).containsExactly(new RecordingQueueControl.Delayed("receipt-1", 15));
        assertThat(queues.requeued).containsExactly(new RecordingQueueControl.Requeued("unavailable", 15));
        assertThat(queues.deadLettered).isEmpty();
    }

    @Test
    void theWaitAfterMicrosoftWasUnavailableIsConfigurable() {
        SqsBatchHandler<String> configured = wordHandler(Settings.of(Map.of("M365_UNAVAILABLE_RETRY_SECONDS", "7")));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message("1", "unavailable", 1, QUEUE), message("2", "throttled", 1, QUEUE)));

        configured.handleRequest(event, null);

        assertThat(queues.visibilityChanges).as("Microsoft's own Retry-After still wins when it gives one")
                .containsExactly(new RecordingQueueControl.Delayed("receipt-1", 7),
                        new RecordingQueueControl.Delayed("receipt-2", 20));
        assertThatThrownBy(() -> wordHandler(Settings.of(Map.of("M365_UNAVAILABLE_RETRY_SECONDS", "0"))))
                .hasMessageContaining("M365_UNAVAILABLE_RETRY_SECONDS");
    }

    @Test
    void onAFifoQueueTheFirstFailureKeepsEveryLaterMessageUnhandled() {
        String fifo = QUEUE + ".fifo";
        SQSBatchResponse response = handle(message("1", "ok", 1, fifo), message("2", "boom", 1, fifo),
                message("3", "ok", 1, fifo));
        assertThat(failed(response)).containsExactly("2", "3");
        assertThat(handled).containsExactly("ok", "boom");
        // The unhandled one comes back at once behind the failed one, not after the visibility timeout.
        assertThat(queues.visibilityChanges).contains(new RecordingQueueControl.Delayed("receipt-3", 0));
    }

    @Test
    void withConcurrencyGroupsRunSideBySideEachInOrderAndAFailureKeepsTheRestOfItsGroupOnly() throws Exception {
        String fifo = QUEUE + ".fifo";
        java.util.Map<String, List<String>> byGroup = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.CountDownLatch bothGroupsStarted = new java.util.concurrent.CountDownLatch(2);
        java.util.Set<String> overlapped = java.util.concurrent.ConcurrentHashMap.newKeySet();
        SqsBatchHandler<String> concurrent = new SqsBatchHandler<>(new MessageCodec<String>() {
            @Override
            public String encode(String message) {
                return message;
            }

            @Override
            public String decode(String body) {
                return body;
            }
        }, queues) {
            @Override
            protected int concurrency() {
                return 4;
            }

            @Override
            protected Outcome consume(String message, Delivery delivery) {
                String group = message.substring(0, 1);
                byGroup.computeIfAbsent(group, g -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(message);
                if (message.endsWith("1")) {
                    bothGroupsStarted.countDown();
                    try {
                        if (bothGroupsStarted.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                            overlapped.add(group);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (message.equals("b2")) {
                    throw new IllegalStateException("downstream failed");
                }
                return Outcome.done();
            }
        };
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String body : List.of("a1", "b1", "a2", "b2", "a3", "b3")) {
            SQSEvent.SQSMessage record = message(body, body, 1, fifo);
            record.setAttributes(Map.of("ApproximateReceiveCount", "1", "MessageGroupId", "tenant#" + body.charAt(0)));
            records.add(record);
        }
        event.setRecords(records);

        SQSBatchResponse response = concurrent.handleRequest(event, null);

        assertThat(overlapped).as("the two groups' first pages ran at the same time").containsExactlyInAnyOrder("a", "b");
        assertThat(byGroup.get("a")).containsExactly("a1", "a2", "a3");
        assertThat(byGroup.get("b")).as("b3 waits behind the failed b2").containsExactly("b1", "b2");
        assertThat(failed(response)).containsExactlyInAnyOrder("b2", "b3");
    }

    @Test
    void withWorkersABatchIsHandledConcurrentlyAndStillReportsExactlyItsFailures() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.CountDownLatch together = new java.util.concurrent.CountDownLatch(4);
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        SqsBatchHandler<String> concurrent = new SqsBatchHandler<>(WORDS, queues, pool) {
            @Override
            protected Outcome consume(String message, Delivery delivery) {
                together.countDown();
                try {
                    // Only returns when four messages are in hand at once.
                    assertThat(together.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                seen.add(delivery.messageId());
                return switch (message) {
                    case "throttle" -> Outcome.retryAfter(Duration.ofSeconds(3));
                    case "boom" -> throw new IllegalStateException("downstream failed");
                    default -> Outcome.done();
                };
            }
        };
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message("1", "ok", 1, QUEUE), message("2", "boom", 1, QUEUE),
                message("3", "throttle", 1, QUEUE), message("4", "ok", 1, QUEUE), message("5", "1!", 1, QUEUE)));
        try {
            SQSBatchResponse response = concurrent.handleRequest(event, null);
            assertThat(failed(response)).containsExactly("2", "3");
            assertThat(seen).containsExactlyInAnyOrder("1", "2", "3", "4");
            assertThat(queues.deadLettered).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
