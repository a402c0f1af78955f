package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Queues deliver at least once; customers must still get each email exactly once. */
class NotificationDeliveryTest {

    @Test
    void aNotificationDeliveredTwiceBySqsSendsOneEmail() {
        String recipient = "dup+" + UUID.randomUUID().toString().substring(0, 8) + "@fabrikam.example";
        String body = "{\"notificationId\":\"" + UUID.randomUUID() + "\",\"accountId\":\"" + UUID.randomUUID()
                + "\",\"kind\":\"ACCOUNT_DETAILS\",\"recipient\":\"" + recipient
                + "\",\"params\":{\"loginUrl\":\"" + LocalStack.get().consoleUrl() + "\",\"company\":\"Fabrikam\"},"
                + "\"requestedAt\":\"2026-11-23T17:30:00Z\"}";
        try (SqsClient sqs = LocalTables.sqs()) {
            String queueUrl = sqs.getQueueUrl(r -> r.queueName("NotificationsQueue")).queueUrl();
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
        }

        Outbox.awaitSubject(recipient, "Your Mailmoat account is ready");
        // Give the second copy every chance to be (wrongly) sent.
        Outbox.sleep(3000);
        assertThat(Outbox.emailsTo(recipient)).hasSize(1);
    }
}
