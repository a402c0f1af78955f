package com.mailmoat.e2e;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An operator's direct access to the local runtime's DynamoDB Local and ElasticMQ, for what no
 * HTTP request can do: let time pass for a token, or make SQS deliver a message twice.
 */
final class LocalTables {
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private LocalTables() {
    }

    static DynamoDbClient dynamo() {
        return DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(LocalStack.get().startupValue("DynamoDB Local"))).build();
    }

    static SqsClient sqs() {
        return SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(LocalStack.get().startupValue("SQS (ElasticMQ)"))).build();
    }

    /** Moves the token's expiry a minute into the past, as if its lifetime had run out. */
    static void expireToken(String token) {
        try (DynamoDbClient dynamo = dynamo()) {
            dynamo.updateItem(r -> r.tableName("TokensTable")
                    .key(Map.of("tokenHash", AttributeValue.fromS(sha256(token))))
                    .conditionExpression("attribute_exists(tokenHash)")
                    .updateExpression("SET expiresAt = :past")
                    .expressionAttributeValues(Map.of(":past",
                            AttributeValue.fromN(Long.toString(Instant.now().minusSeconds(60).getEpochSecond())))));
        }
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
