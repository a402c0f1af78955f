package com.mailmoat.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mailmoat.core.notify.NotificationService;
import com.mailmoat.testkit.InMemoryIdempotencyStore;
import com.mailmoat.testkit.InMemoryInAppNotifications;
import com.mailmoat.testkit.RecordingEmailSender;
import com.mailmoat.testkit.RecordingQueueControl;
import com.mailmoat.testkit.SampleEvents;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notification consumer on the shared SQS batch handler: once per notification, poison parked, failures retried. */
class NotificationHandlerTest {
    private final RecordingEmailSender email = new RecordingEmailSender();
    private final RecordingQueueControl queues = new RecordingQueueControl();
    private final NotificationHandler handler = new NotificationHandler(
            new NotificationService(new InMemoryIdempotencyStore(Clock.systemUTC()), email, new InMemoryInAppNotifications()),
            queues);

    private static SQSEvent sample() {
        return SampleEvents.sqs("NotificationFunction").get(0).event();
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void theSampleSendsItsEmailOnceHoweverOftenItIsDelivered() {
        assertThat(failed(handler.handleRequest(sample(), null))).isEmpty();
        assertThat(failed(handler.handleRequest(sample(), null))).isEmpty();
        assertThat(email.sent).singleElement().satisfies(e -> {
            assertThat(e.to()).containsExactly("admin@contoso.example");
            assertThat(e.subject()).isEqualTo("Set your Mailmoat password");
        });
    }

    @Test
    void anEmailWithAnUnsafeLinkIsRefusedOnceNotRetried() {
        SQSEvent event = sample();
        event.getRecords().get(0).setBody(event.getRecords().get(0).getBody()
                .replace("https://console.mailmoat.example/set-password?token=sample", "javascript:alert(1)"));
        assertThat(failed(handler.handleRequest(event, null))).isEmpty();
        assertThat(email.sent).isEmpty();
        assertThat(queues.deadLettered).isEmpty();
    }

    @Test
    void anUnreadableMessageEndsInTheDeadLetterQueueNotInARetryLoop() {
        SQSEvent event = sample();
        event.getRecords().get(0).setBody("{\"kind\":\"NOT_A_KIND\"}");
        assertThat(failed(handler.handleRequest(event, null))).isEmpty();
        assertThat(queues.deadLettered).containsExactly(event.getRecords().get(0).getMessageId());
        assertThat(email.sent).isEmpty();
    }

    @Test
    void aFailingSendIsRetriedThenSentOnce() {
        email.failNext(1);
        SQSEvent event = sample();
        assertThat(failed(handler.handleRequest(event, null))).containsExactly(event.getRecords().get(0).getMessageId());
        assertThat(email.sent).isEmpty();
        assertThat(failed(handler.handleRequest(sample(), null))).isEmpty();
        assertThat(email.sent).hasSize(1);
    }
}
