package com.mailmoat.adapters.aws.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Visibility changes, delayed copies and dead-lettering on ElasticMQ (SQS's JSON protocol). */
class SqsQueueControlTest {
    private static SQSRestServer server;
    private static SqsClient sqs;

    private String queueUrl;
    private String queueArn;
    private String dlqUrl;
    private SqsQueueControl control;

    @BeforeAll
    static void start() {
        server = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
        int port = server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        server.stopAndWait();
    }

    @BeforeEach
    void queues() {
        String name = "notifications-" + System.nanoTime();
        dlqUrl = sqs.createQueue(r -> r.queueName(name + "-dlq")).queueUrl();
        String dlqArn = arn(dlqUrl);
        queueUrl = sqs.createQueue(r -> r.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}"))).queueUrl();
        queueArn = arn(queueUrl);
        control = new SqsQueueControl(sqs);
    }

    private static String arn(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static SQSEvent.SQSMessage received(Message message, String queueArn) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setEventSourceArn(queueArn);
        SQSEvent.MessageAttribute kind = new SQSEvent.MessageAttribute();
        kind.setDataType("String");
        kind.setStringValue("SET_PASSWORD_LINK");
        record.setMessageAttributes(Map.of("kind", kind));
        return record;
    }

    private Message sendAndReceive(String body) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
        List<Message> messages = receive(queueUrl, 5);
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    private static List<Message> receive(String url, int waitSeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(waitSeconds).maxNumberOfMessages(10)
                .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages();
    }

    @Test
    void theMaxReceiveCountComesFromTheQueuesRedrivePolicyAndIsZeroWithoutOne() {
        String plainUrl = sqs.createQueue(r -> r.queueName("plain-" + System.nanoTime())).queueUrl();

        assertThat(control.maxReceiveCount(queueArn)).isEqualTo(5);
        assertThat(control.maxReceiveCount(arn(plainUrl))).isZero();
    }

    @Test
    void changingVisibilityToZeroHandsTheMessageOverAgainAtOnceAsTheSameMessage() {
        Message first = sendAndReceive("{\"n\":1}");
        assertThat(receive(queueUrl, 0)).as("hidden for the visibility timeout").isEmpty();

        control.changeVisibility(queueArn, first.receiptHandle(), 0);

        List<Message> again = receive(queueUrl, 2);
        assertThat(again).extracting(Message::messageId).containsExactly(first.messageId());
        assertThat(again.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
    }

    @Test
    void changingVisibilityDelaysTheNextReceiveByThatLong() {
        Message first = sendAndReceive("{\"n\":2}");

        control.changeVisibility(queueArn, first.receiptHandle(), 2);

        long started = System.nanoTime();
        assertThat(receive(queueUrl, 1)).isEmpty();
        List<Message> again = receive(queueUrl, 5);
        assertThat(again).extracting(Message::messageId).containsExactly(first.messageId());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void requeueSendsAFreshDelayedCopyWithBodyAndAttributes() {
        Message original = sendAndReceive("{\"n\":3}");

        control.requeue(queueArn, received(original, queueArn), 2);

        assertThat(receive(queueUrl, 1)).as("delayed").isEmpty();
        List<Message> copy = receive(queueUrl, 5);
        assertThat(copy).hasSize(1);
        assertThat(copy.get(0).messageId()).isNotEqualTo(original.messageId());
        assertThat(copy.get(0).body()).isEqualTo("{\"n\":3}");
        assertThat(copy.get(0).messageAttributes().get("kind").stringValue()).isEqualTo("SET_PASSWORD_LINK");
        assertThat(copy.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("1");
    }

    @Test
    void sendToDeadLetterQueueParksACopyInTheRedriveTarget() {
        Message poison = sendAndReceive("not json");

        control.sendToDeadLetterQueue(queueArn, received(poison, queueArn));

        List<Message> parked = receive(dlqUrl, 2);
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).body()).isEqualTo("not json");
        assertThat(parked.get(0).messageAttributes().get("kind").stringValue()).isEqualTo("SET_PASSWORD_LINK");
    }

    @Test
    void aQueueWithoutRedrivePolicyHasNoDeadLetterQueueToSendTo() {
        String plainUrl = sqs.createQueue(r -> r.queueName("plain-" + System.nanoTime())).queueUrl();
        String plainArn = arn(plainUrl);
        sqs.sendMessage(r -> r.queueUrl(plainUrl).messageBody("x"));
        Message message = receive(plainUrl, 2).get(0);

        assertThatThrownBy(() -> control.sendToDeadLetterQueue(plainArn, received(message, plainArn)))
                .isInstanceOf(IllegalStateException.class);
    }
}
