package com.mailmoat.adapters.aws.session;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.session.AttemptCounter;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Failure counters in the Throttles table, incremented atomically; TTL forgets old windows. */
public final class DynamoAttemptCounter implements AttemptCounter {
    private static final String PK = "throttleKey";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAttemptCounter(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public int count(String key) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(PK, DynamoItems.s(key)))).item();
        return item == null || !item.containsKey("failures") ? 0 : Integer.parseInt(item.get("failures").n());
    }

    @Override
    public int increment(String key, Instant expiresAt) {
        Map<String, AttributeValue> updated = dynamo.updateItem(r -> r.tableName(table)
                .key(Map.of(PK, DynamoItems.s(key)))
                .updateExpression("ADD failures :one SET expiresAt = :exp")
                .expressionAttributeValues(Map.of(":one", DynamoItems.n(1), ":exp", DynamoItems.epochSeconds(expiresAt)))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return Integer.parseInt(updated.get("failures").n());
    }

    @Override
    public void clear(String key) {
        dynamo.deleteItem(r -> r.tableName(table).key(Map.of(PK, DynamoItems.s(key))));
    }
}
