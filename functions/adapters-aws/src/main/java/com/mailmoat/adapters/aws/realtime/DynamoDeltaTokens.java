package com.mailmoat.adapters.aws.realtime;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.realtime.DeltaTokenStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Delta links in the RealTime table, one item per account, mailbox and folder:
 * {@code (accountId, DELTA#<mailboxId>#<folder>)} with the link Graph gave and the start of real
 * time's coverage (last writer wins: any link Graph handed out is a valid place to continue from).
 */
public final class DynamoDeltaTokens implements DeltaTokenStore {
    static final String PREFIX = "DELTA#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDeltaTokens(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Cursor> find(String accountId, String mailboxId, String folder) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(accountId, mailboxId, folder))).item();
        if (item == null || item.isEmpty() || DynamoItems.string(item, "deltaLink") == null) {
            return Optional.empty();
        }
        return Optional.of(new Cursor(DynamoItems.string(item, "deltaLink"),
                Instant.parse(DynamoItems.string(item, "coveredSince"))));
    }

    @Override
    public void put(String accountId, String mailboxId, String folder, Cursor cursor) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, mailboxId, folder));
        item.put("deltaLink", DynamoItems.s(cursor.deltaLink()));
        item.put("coveredSince", DynamoItems.s(cursor.coveredSince().toString()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void delete(String accountId, String mailboxId, String folder) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(accountId, mailboxId, folder)));
    }

    private static Map<String, AttributeValue> key(String accountId, String mailboxId, String folder) {
        return Map.of(DynamoSubscriptionStore.PK, DynamoItems.s(accountId),
                DynamoSubscriptionStore.SK, DynamoItems.s(PREFIX + mailboxId + "#" + folder));
    }
}
