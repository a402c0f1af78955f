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

    /**
     * Forgets the per-address email limits of {@code email} (set-password and reset links), as if
     * their window had passed, so a test can have a second link sent right away.
     */
    static void letEmailWindowPass(String email) {
        String hash = sha256(email.toLowerCase(java.util.Locale.ROOT));
        try (DynamoDbClient dynamo = dynamo()) {
            for (String limit : java.util.List.of("set-password-email:", "reset-email:")) {
                dynamo.scanPaginator(r -> r.tableName("ThrottlesTable")
                                .filterExpression("begins_with(throttleKey, :p)")
                                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(limit + hash))))
                        .items().forEach(item -> dynamo.deleteItem(r -> r.tableName("ThrottlesTable")
                                .key(Map.of("throttleKey", item.get("throttleKey")))));
            }
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
