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
