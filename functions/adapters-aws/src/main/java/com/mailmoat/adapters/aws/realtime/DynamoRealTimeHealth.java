package com.mailmoat.adapters.aws.realtime;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.realtime.RealTimeHealth;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The open real-time problem of an account in the RealTime table, {@code (accountId, HEALTH)}:
 * created with a conditional write, so only the first of concurrent syncs reports it.
 */
public final class DynamoRealTimeHealth implements RealTimeHealth {
    static final String SK_VALUE = "HEALTH";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoRealTimeHealth(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Problem> problem(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(key(accountId))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Problem(DynamoItems.string(item, "problem"), Instant.parse(DynamoItems.string(item, "since"))));
    }

    @Override
    public boolean raise(String accountId, String message, Instant at) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(accountId));
        item.put("problem", DynamoItems.s(message));
        item.put("since", DynamoItems.s(at.toString()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", DynamoSubscriptionStore.PK)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void clear(String accountId) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(accountId)));
    }

    private static Map<String, AttributeValue> key(String accountId) {
        return Map.of(DynamoSubscriptionStore.PK, DynamoItems.s(accountId), DynamoSubscriptionStore.SK, DynamoItems.s(SK_VALUE));
    }
}
