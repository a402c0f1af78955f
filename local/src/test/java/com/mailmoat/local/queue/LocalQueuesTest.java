package com.mailmoat.local.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.local.template.CloudFormationYaml;
import com.mailmoat.local.template.StackResources;
import com.mailmoat.local.template.Template;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalQueuesTest {
    private static LocalQueues queues;

    @BeforeAll
    static void start() throws Exception {
        queues = LocalQueues.start(null);
    }

    @AfterAll
    static void stop() {
        queues.close();
    }

    private static StackResources stack(int visibilityTimeout) {
        return new StackResources(Template.of(CloudFormationYaml.load(new StringReader("""
                Resources:
                  Jobs:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: jobs
                      VisibilityTimeout: %d
                      RedrivePolicy:
                        deadLetterTargetArn: !GetAtt JobsDlq.Arn
                        maxReceiveCount: 5
                  JobsDlq:
                    Type: AWS::SQS::Queue
                """.formatted(visibilityTimeout)))), Map.of());
    }

    @Test
    void queuesAreCreatedDeadLetterQueueFirstWithTheirRedrivePolicy() {
        StackResources stack = stack(30);
        queues.createQueues(stack);

        try (SqsClient sqs = queues.client()) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r
                    .queueUrl((String) stack.ref("Jobs")).attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("30");
            assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
                    .contains("arn:aws:sqs:us-east-1:000000000000:JobsDlq").contains("5");
            assertThat((String) stack.ref("JobsDlq")).endsWith("/000000000000/JobsDlq");
        }
    }

    @Test
    void anUnnamedFifoQueueIsCreatedAsFifoWithTheSuffixAndHoldsAGroupWhileOneOfItsMessagesIsInFlight() {
        StackResources stack = new StackResources(Template.of(CloudFormationYaml.load(new StringReader("""
                Resources:
                  Pages:
                    Type: AWS::SQS::Queue
                    Properties:
                      FifoQueue: true
                      VisibilityTimeout: 30
                      RedrivePolicy:
                        deadLetterTargetArn: !GetAtt PagesDlq.Arn
                        maxReceiveCount: 5
                  PagesDlq:
                    Type: AWS::SQS::Queue
                    Properties:
                      FifoQueue: true
                """))), Map.of());
        queues.createQueues(stack);
        String url = (String) stack.ref("Pages");
        assertThat(url).endsWith("/Pages.fifo");
        assertThat(stack.queueArn("PagesDlq")).endsWith(":PagesDlq.fifo");

        try (SqsClient sqs = queues.client()) {
            assertThat(sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.FIFO_QUEUE))
                    .attributes()).containsEntry(QueueAttributeName.FIFO_QUEUE, "true");
            for (String body : java.util.List.of("a1", "a2", "b1")) {
                sqs.sendMessage(r -> r.queueUrl(url).messageBody(body).messageGroupId("tenant#" + body.charAt(0))
                        .messageDeduplicationId(body));
            }
            // A duplicate within SQS's deduplication window is dropped.
            sqs.sendMessage(r -> r.queueUrl(url).messageBody("a1").messageGroupId("tenant#a").messageDeduplicationId("a1"));
            java.util.List<software.amazon.awssdk.services.sqs.model.Message> received = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                received.addAll(sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(1)
                        .messageSystemAttributeNames(software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.ALL))
                        .messages());
            }
            // a2 waits while a1 (its group's first message) is in flight; b1's group is free.
            assertThat(received).extracting(m -> m.body()).containsExactlyInAnyOrder("a1", "b1");
            var a1 = received.stream().filter(m -> m.body().equals("a1")).findFirst().orElseThrow();
            assertThat(a1.attributesAsStrings()).containsEntry("MessageGroupId", "tenant#a");
            sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(a1.receiptHandle()));
            assertThat(sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages())
                    .extracting(m -> m.body()).containsExactly("a2");
        }
    }

    @Test
    void aChangedTemplateUpdatesAQueueThatAlreadyExists() {
        queues.createQueues(stack(30));
        StackResources changed = stack(90);

        queues.createQueues(changed);

        try (SqsClient sqs = queues.client()) {
            assertThat(sqs.getQueueAttributes(r -> r.queueUrl((String) changed.ref("Jobs"))
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes())
                    .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "90");
        }
    }
}
