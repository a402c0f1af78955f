package com.mailmoat.local.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.local.LocalAws;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * SDK clients as functions build them (the interceptor is added by the SDK itself, from the class
 * path), against an address where nothing listens: a call IAM allows gets as far as the network
 * and fails there; one it does not is refused before, with AWS's AccessDenied.
 */
class IamInterceptorTest {
    private static final String NOWHERE = "http://127.0.0.1:9";
    private static final String JOBS = "arn:aws:dynamodb:us-east-1:000000000000:table/Jobs";
    private static final FunctionPermissions READER = new FunctionPermissions("ReaderFunction", "reader",
            IamMode.ENFORCE, List.of(Statement.allow(List.of("dynamodb:GetItem"), List.of(JOBS))));
    private final Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("k"));

    @AfterEach
    void leaveNoCaller() {
        IamContext.restore(null);
    }

    private static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().endpointOverride(URI.create(NOWHERE)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @Test
    void refusesWhatTheFunctionsPoliciesDoNotAllow() {
        IamContext.enter(READER);
        try (DynamoDbClient dynamo = dynamoDb()) {
            assertThatThrownBy(() -> dynamo.updateItem(r -> r.tableName("Jobs").key(key)))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(e.getMessage()).contains("ReaderFunction", "dynamodb:UpdateItem", JOBS);
                    });
            // Allowed: it goes on to the network, where nothing answers.
            assertThatThrownBy(() -> dynamo.getItem(r -> r.tableName("Jobs").key(key)))
                    .isInstanceOf(SdkClientException.class);
            assertThatThrownBy(() -> dynamo.query(r -> r.tableName("Jobs").indexName("byTenant")))
                    .isInstanceOf(DynamoDbException.class).hasMessageContaining(JOBS + "/index/byTenant");
        }
    }

    @Test
    void sqsRefusalsAreSqsExceptions() {
        IamContext.enter(READER);
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(NOWHERE)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            assertThatThrownBy(() -> sqs.sendMessage(r -> r.queueUrl(NOWHERE + "/000000000000/Work").messageBody("x")))
                    .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.getMessage())
                            .contains("sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:Work"));
        }
    }

    @Test
    void theFunctionsWorkerThreadsAndClientsAreHeldToItsPermissions() throws Exception {
        ExecutorService workers;
        DynamoDbClient dynamo;
        IamContext.enter(READER);
        try {
            dynamo = dynamoDb();
            workers = Executors.newSingleThreadExecutor();
            workers.submit(() -> { }).get();
        } finally {
            IamContext.restore(null);
        }
        try (dynamo) {
            // A thread the function started works for it.
            assertThat(CompletableFuture.supplyAsync(() -> refused(dynamo), workers).get()).isTrue();
            // A thread that works for no function uses the client as the function that built it.
            assertThat(refused(dynamo)).isTrue();
        } finally {
            workers.shutdown();
        }
    }

    private boolean refused(DynamoDbClient dynamo) {
        try {
            dynamo.putItem(r -> r.tableName("Jobs").item(key));
            return false;
        } catch (AwsServiceException e) {
            return e.awsErrorDetails().errorCode().equals("AccessDeniedException");
        } catch (SdkClientException e) {
            return false;
        }
    }

    @Test
    void theRuntimesOwnClientsAndOtherThreadsAreNotChecked() {
        try (DynamoDbClient unchecked = dynamoDb()) {
            assertThatThrownBy(() -> unchecked.putItem(r -> r.tableName("Jobs").item(key)))
                    .isInstanceOf(SdkClientException.class);
        }
        IamContext.enter(READER);
        try (DynamoDbClient runtimes = LocalAws.configure(DynamoDbClient.builder(), NOWHERE)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .putExecutionAttribute(IamInterceptor.UNCHECKED, Boolean.TRUE)).build()) {
            assertThatThrownBy(() -> runtimes.putItem(r -> r.tableName("Jobs").item(key)))
                    .isInstanceOf(SdkClientException.class);
        }
    }

    @Test
    void warnModeLetsTheCallThrough() {
        IamContext.enter(new FunctionPermissions("ReaderFunction", "reader", IamMode.WARN, READER.statements()));
        try (DynamoDbClient dynamo = dynamoDb()) {
            assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("Jobs").item(key)))
                    .isInstanceOf(SdkClientException.class);
        }
    }
}
