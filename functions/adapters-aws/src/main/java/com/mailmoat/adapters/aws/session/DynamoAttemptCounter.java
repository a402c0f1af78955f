package com.mailmoat.adapters.aws.session;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.session.AttemptCounter;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Attempt counters in the Throttles table, incremented atomically (one UpdateItem ADD returns the
 * count including every concurrent caller); TTL forgets old windows.
 */
public final class DynamoAttemptCounter implements AttemptCounter {
    private static final String PK = "throttleKey";
    /** DynamoDB refuses partition keys over 2,048 bytes; longer keys are hashed (callers' keys are far shorter). */
    private static final int MAX_KEY_CHARS = 256;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAttemptCounter(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public int count(String key) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(key))).item();
        return item == null || !item.containsKey("failures") ? 0 : Integer.parseInt(item.get("failures").n());
    }

    @Override
    public int increment(String key, Instant expiresAt) {
        Map<String, AttributeValue> updated = dynamo.updateItem(r -> r.tableName(table)
                .key(key(key))
                .updateExpression("ADD failures :one SET expiresAt = :exp")
                .expressionAttributeValues(Map.of(":one", DynamoItems.n(1), ":exp", DynamoItems.epochSeconds(expiresAt)))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return Integer.parseInt(updated.get("failures").n());
    }

    @Override
    public void decrement(String key) {
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(key(key))
                    .updateExpression("ADD failures :minusOne")
                    .conditionExpression("failures > :zero")
                    .expressionAttributeValues(Map.of(":minusOne", DynamoItems.n(-1), ":zero", DynamoItems.n(0))));
        } catch (ConditionalCheckFailedException e) {
            // Already at zero (or gone with its window): nothing to take back.
        }
    }

    @Override
    public void clear(String key) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(key)));
    }

    private static Map<String, AttributeValue> key(String key) {
        String safe = key.length() <= MAX_KEY_CHARS ? key : "sha256:" + SecretTokens.hash(key);
        return Map.of(PK, DynamoItems.s(safe));
    }
}
