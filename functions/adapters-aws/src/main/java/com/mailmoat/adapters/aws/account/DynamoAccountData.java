package com.mailmoat.adapters.aws.account;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.adapters.aws.realtime.DynamoSubscriptionStore;
import com.mailmoat.core.account.AccountData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * An account's items in every table keyed by account ({@code accountId} and a sort key): queried a
 * page of keys at a time and deleted in batches of 25. The real-time table's subscription items also
 * take their owner item (keyed by subscription) with them. Tables whose items come from the tenant
 * are erased in both scopes; the others (the administrator's policies, the notices) only with the
 * whole account.
 */
public final class DynamoAccountData implements AccountData {
    private static final int BATCH = 25;
    private static final int MAX_UNPROCESSED_ROUNDS = 8;

    /**
     * One table holding an account's items under partition key {@code accountId}.
     *
     * @param tenantData its items come from the tenant (erased when the account is disconnected)
     * @param realTime   the real-time table (its subscriptions have owner items)
     */
    public record Table(String name, String sortKey, boolean tenantData, boolean realTime) {
        public Table {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sortKey, "sortKey");
        }

        public static Table tenantData(String name, String sortKey) {
            return new Table(name, sortKey, true, false);
        }

        public static Table administrators(String name, String sortKey) {
            return new Table(name, sortKey, false, false);
        }
    }

    private final DynamoDbClient dynamo;
    private final List<Table> tables;

    public DynamoAccountData(DynamoDbClient dynamo, List<Table> tables) {
        this.dynamo = dynamo;
        this.tables = List.copyOf(tables);
    }

    @Override
    public int eraseSome(String accountId, Scope scope, int max) {
        for (Table table : tables) {
            if (scope == Scope.TENANT_DATA && !table.tenantData()) {
                continue;
            }
            List<Map<String, AttributeValue>> keys = dynamo.query(r -> r.tableName(table.name())
                            .keyConditionExpression("accountId = :a")
                            .projectionExpression("accountId, #sk")
                            .expressionAttributeNames(Map.of("#sk", table.sortKey()))
                            .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId)))
                            .limit(Math.max(1, max)))
                    .items();
            if (!keys.isEmpty()) {
                List<Map<String, AttributeValue>> doomed = new ArrayList<>(keys);
                if (table.realTime()) {
                    for (Map<String, AttributeValue> key : keys) {
                        String subscription = DynamoSubscriptionStore.subscriptionOf(key.get(table.sortKey()).s());
                        if (subscription != null) {
                            doomed.add(DynamoSubscriptionStore.ownerItemKey(subscription));
                        }
                    }
                }
                delete(table.name(), doomed);
                return keys.size();
            }
        }
        return 0;
    }

    private void delete(String table, List<Map<String, AttributeValue>> keys) {
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<WriteRequest> batch = keys.subList(from, Math.min(keys.size(), from + BATCH)).stream()
                    .map(key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round == MAX_UNPROCESSED_ROUNDS) {
                    // DynamoDB kept refusing (throttled): the next pass finds these items again.
                    throw new IllegalStateException("DynamoDB left deletions unprocessed in " + table);
                }
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                if (!pending.isEmpty()) {
                    sleep(50L << round);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while erasing", e);
        }
    }
}
