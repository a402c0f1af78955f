package com.mailmoat.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** With a data directory, table items and queued messages outlive the process that wrote them. */
class PersistenceTest {

    @Test
    void aTableItemAndAQueuedMessageSurviveARestart(@TempDir Path data) throws Exception {
        Path template = Path.of(PersistenceTest.class.getResource("/stack/template.yaml").toURI());
        LocalOptions options = new LocalOptions(0, data, template, false, List.of(), null);
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("account-1"), "sk", AttributeValue.fromS("profile"));

        try (EmbeddedStack first = EmbeddedStack.start(options, line -> { });
             DynamoDbClient dynamo = first.dynamo().client();
             SqsClient sqs = first.queues().client()) {
            Map<String, AttributeValue> item = new java.util.HashMap<>(key);
            item.put("company", AttributeValue.fromS("Contoso"));
            dynamo.putItem(r -> r.tableName("mailmoat-local-items").item(item));
            sqs.sendMessage(r -> r.queueUrl((String) first.resources().ref("ParkedQueue")).messageBody("parked-1"));
        }

        try (EmbeddedStack second = EmbeddedStack.start(options, line -> { });
             DynamoDbClient dynamo = second.dynamo().client();
             SqsClient sqs = second.queues().client()) {
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName("mailmoat-local-items").key(key)).item();
            assertThat(item.get("company").s()).isEqualTo("Contoso");

            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl((String) second.resources().ref("ParkedQueue"))
                    .waitTimeSeconds(5)).messages();
            assertThat(messages).extracting(Message::body).containsExactly("parked-1");
            // The redrive policy was restored too: the DLQ still exists under its template name.
            assertThat(sqs.getQueueUrl(r -> r.queueName("fixture-work-dlq")).queueUrl()).endsWith("/fixture-work-dlq");
        }
    }
}
