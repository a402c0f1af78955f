package com.mailmoat.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sesv2.model.GetEmailIdentityRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

class AwsCallsTest {
    private static final String DYNAMODB = "arn:aws:dynamodb:us-east-1:000000000000:table/";

    @Test
    void dynamoDbActsOnTheTableOrTheIndex() {
        assertThat(AwsCalls.accesses("DynamoDb", "GetItem", GetItemRequest.builder().tableName("Jobs").build()))
                .containsExactly(new Access("dynamodb:GetItem", DYNAMODB + "Jobs"));
        assertThat(AwsCalls.accesses("DynamoDb", "Query", QueryRequest.builder().tableName("Accounts")
                .indexName("byConnected").build()))
                .containsExactly(new Access("dynamodb:Query", DYNAMODB + "Accounts/index/byConnected"));
        assertThat(AwsCalls.accesses("DynamoDb", "GetItem", GetItemRequest.builder().tableName(DYNAMODB + "Jobs").build()))
                .containsExactly(new Access("dynamodb:GetItem", DYNAMODB + "Jobs"));
    }

    @Test
    void aTransactionNeedsTheActionsOfItsParts() {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("k"));
        TransactWriteItemsRequest transaction = TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("Accounts").item(key)).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("Accounts").key(key)).build(),
                TransactWriteItem.builder().delete(d -> d.tableName("Jobs").key(key)).build()).build();
        assertThat(AwsCalls.accesses("DynamoDb", "TransactWriteItems", transaction)).containsExactly(
                new Access("dynamodb:PutItem", DYNAMODB + "Accounts"),
                new Access("dynamodb:ConditionCheckItem", DYNAMODB + "Accounts"),
                new Access("dynamodb:DeleteItem", DYNAMODB + "Jobs"));
        BatchWriteItemRequest batch = BatchWriteItemRequest.builder().requestItems(Map.of("Scans",
                List.of(WriteRequest.builder().deleteRequest(d -> d.key(key)).build()))).build();
        assertThat(AwsCalls.accesses("DynamoDb", "BatchWriteItem", batch))
                .containsExactly(new Access("dynamodb:BatchWriteItem", DYNAMODB + "Scans"));
    }

    @Test
    void sqsActsOnTheQueueOfTheUrl() {
        SendMessageBatchRequest batch = SendMessageBatchRequest.builder()
                .queueUrl("http://127.0.0.1:9324/000000000000/ScanChunks.fifo").build();
        assertThat(AwsCalls.accesses("Sqs", "SendMessageBatch", batch))
                .containsExactly(new Access("sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:ScanChunks.fifo"));
        assertThat(AwsCalls.accesses("Sqs", "GetQueueUrl", GetQueueUrlRequest.builder().queueName("Work").build()))
                .containsExactly(new Access("sqs:GetQueueUrl", "arn:aws:sqs:us-east-1:000000000000:Work"));
    }

    @Test
    void sesSendsAsTheSendersAddressOrDomain() {
        SendEmailRequest send = SendEmailRequest.builder().fromEmailAddress("Mailmoat <no-reply@mailmoat.example>").build();
        assertThat(AwsCalls.accesses("SesV2", "SendEmail", send)).containsExactly(new Access("ses:SendEmail", List.of(
                "arn:aws:ses:us-east-1:000000000000:identity/no-reply@mailmoat.example",
                "arn:aws:ses:us-east-1:000000000000:identity/mailmoat.example")));
        assertThat(AwsCalls.accesses("SesV2", "GetEmailIdentity", GetEmailIdentityRequest.builder()
                .emailIdentity("mailmoat.example").build()))
                .containsExactly(new Access("ses:GetEmailIdentity", "arn:aws:ses:us-east-1:000000000000:identity/mailmoat.example"));
    }

    @Test
    void stepFunctionsActOnTheStateMachineOrExecution() {
        String machine = "arn:aws:states:us-east-1:000000000000:stateMachine:Upgrade";
        assertThat(AwsCalls.accesses("Sfn", "StartExecution", StartExecutionRequest.builder().stateMachineArn(machine).build()))
                .containsExactly(new Access("states:StartExecution", machine));
        String execution = "arn:aws:states:us-east-1:000000000000:execution:Upgrade:x";
        assertThat(AwsCalls.accesses("Sfn", "DescribeExecution", DescribeExecutionRequest.builder().executionArn(execution).build()))
                .containsExactly(new Access("states:DescribeExecution", execution));
    }

    @Test
    void anUnmappedServiceNeedsItsActionEverywhere() {
        assertThat(AwsCalls.accesses("SecretsManager", "GetSecretValue", GetItemRequest.builder().build()))
                .containsExactly(new Access("secretsmanager:GetSecretValue", "*"));
    }
}
