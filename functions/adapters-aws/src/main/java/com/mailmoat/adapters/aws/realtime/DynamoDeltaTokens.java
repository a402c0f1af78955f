package com.mailmoat.adapters.aws.realtime;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.realtime.DeltaTokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Coverage in the RealTime table, one item per account, mailbox and folder:
 * {@code (accountId, DELTA#<mailboxId>#<folder>)} with the start of real time's coverage and, once a
 * round ran, the link Graph gave. It is created only when absent ({@link #begin}) and a link is written
 * only over the same coverage ({@link #advance}: conditional on {@code coveredSince}), so a catch-up that
 * outlived its mailbox's protection cannot put the item back. {@link #deleteAll} queries the account's
 * {@code DELTA#} keys and deletes them one by one.
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
        if (item == null || item.isEmpty() || DynamoItems.string(item, "coveredSince") == null) {
            return Optional.empty();
        }
        return Optional.of(new Cursor(DynamoItems.string(item, "deltaLink"),
                Instant.parse(DynamoItems.string(item, "coveredSince"))));
    }

    @Override
    public boolean begin(String accountId, String mailboxId, String folder, Instant coveredSince) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, mailboxId, folder));
        item.put("coveredSince", DynamoItems.s(coveredSince.toString()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#sk)")
                    .expressionAttributeNames(Map.of("#sk", DynamoSubscriptionStore.SK)));
            return true;
        } catch (ConditionalCheckFailedException covered) {
            return false;
        }
    }

    @Override
    public boolean advance(String accountId, String mailboxId, String folder, Instant coveredSince, String deltaLink) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, mailboxId, folder));
        item.put("deltaLink", DynamoItems.s(deltaLink));
        item.put("coveredSince", DynamoItems.s(coveredSince.toString()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("coveredSince = :covered")
                    .expressionAttributeValues(Map.of(":covered", DynamoItems.s(coveredSince.toString()))));
            return true;
        } catch (ConditionalCheckFailedException endedOrBegunAgain) {
            return false;
        }
    }

    @Override
    public void delete(String accountId, String mailboxId, String folder) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(accountId, mailboxId, folder)));
    }

    @Override
    public Set<String> mailboxes(String accountId) {
        Set<String> mailboxes = new LinkedHashSet<>();
        eachKey(accountId, key -> {
            String sk = key.get(DynamoSubscriptionStore.SK).s();
            int folder = sk.lastIndexOf('#');
            if (folder > PREFIX.length()) {
                mailboxes.add(sk.substring(PREFIX.length(), folder));
            }
        });
        return mailboxes;
    }

    @Override
    public void deleteAll(String accountId) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        eachKey(accountId, keys::add);
        // One DeleteItem each (two items per mailbox): offboarding runs behind the HTTP API, whose functions
        // may not batch-write; deleting what is already gone is harmless, so a retry finishes the job.
        for (Map<String, AttributeValue> key : keys) {
            dynamo.deleteItem(r -> r.tableName(table).key(key));
        }
    }

    /** Every {@code DELTA#} key of the account (strongly consistent: what was just begun is seen). */
    private void eachKey(String accountId, Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .projectionExpression("#pk, #sk")
                    .expressionAttributeNames(Map.of("#pk", DynamoSubscriptionStore.PK, "#sk", DynamoSubscriptionStore.SK))
                    .expressionAttributeValues(Map.of(":pk", DynamoItems.s(accountId), ":prefix", DynamoItems.s(PREFIX)))
                    .exclusiveStartKey(from));
            page.items().forEach(each);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private static Map<String, AttributeValue> key(String accountId, String mailboxId, String folder) {
        return Map.of(DynamoSubscriptionStore.PK, DynamoItems.s(accountId),
                DynamoSubscriptionStore.SK, DynamoItems.s(PREFIX + mailboxId + "#" + folder));
    }
}
