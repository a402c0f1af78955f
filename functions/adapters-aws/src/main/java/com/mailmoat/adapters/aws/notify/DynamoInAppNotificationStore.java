package com.mailmoat.adapters.aws.notify;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.notify.InAppNotification;
import com.mailmoat.core.notify.InAppNotificationStore;
import com.mailmoat.core.notify.NotificationKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * In-app notifications in the Notifications table, keyed by account and a sort key that starts with
 * the creation time, so the newest come first with a reverse query. A read notice carries
 * {@code readAt}; unread ones are found and counted by its absence within the account's partition.
 */
public final class DynamoInAppNotificationStore implements InAppNotificationStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoInAppNotificationStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void save(InAppNotification n) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("accountId", DynamoItems.s(n.accountId()));
        item.put("sk", DynamoItems.s(DynamoItems.sortable(n.createdAt()) + "#" + n.notificationId()));
        item.put("notificationId", DynamoItems.s(n.notificationId()));
        item.put("kind", DynamoItems.s(n.kind().name()));
        item.put("title", DynamoItems.s(n.title()));
        item.put("message", DynamoItems.s(n.message()));
        item.put("createdAt", DynamoItems.s(n.createdAt().toString()));
        // Same id → same key: a repeated save finds its notice there and changes nothing (not even its read state).
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(sk)"));
        } catch (ConditionalCheckFailedException alreadySaved) {
            // saved before
        }
    }

    @Override
    public List<InAppNotification> recent(String accountId, int limit) {
        return dynamo.query(r -> r.tableName(table)
                        .keyConditionExpression("accountId = :a")
                        .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId)))
                        .scanIndexForward(false)
                        .limit(limit))
                .items().stream()
                .map(i -> new InAppNotification(i.get("notificationId").s(), i.get("accountId").s(),
                        NotificationKind.valueOf(i.get("kind").s()), i.get("title").s(), i.get("message").s(),
                        DynamoItems.instant(i, "createdAt"), i.containsKey("readAt")))
                .toList();
    }

    @Override
    public boolean markRead(String accountId, String notificationId) {
        List<Map<String, AttributeValue>> found = query(accountId, "notificationId = :id",
                Map.of(":id", DynamoItems.s(notificationId)));
        found.forEach(item -> markRead(item, Instant.now()));
        return !found.isEmpty();
    }

    @Override
    public void markAllRead(String accountId) {
        Instant now = Instant.now();
        query(accountId, "attribute_not_exists(readAt)", Map.of()).forEach(item -> markRead(item, now));
    }

    @Override
    public int unreadCount(String accountId) {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table)
                    .keyConditionExpression("accountId = :a")
                    .filterExpression("attribute_not_exists(readAt)")
                    .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId)))
                    .select(Select.COUNT)
                    .exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    private void markRead(Map<String, AttributeValue> item, Instant at) {
        dynamo.updateItem(r -> r.tableName(table)
                .key(Map.of("accountId", item.get("accountId"), "sk", item.get("sk")))
                .updateExpression("SET readAt = if_not_exists(readAt, :at)")
                .conditionExpression("attribute_exists(sk)")
                .expressionAttributeValues(Map.of(":at", DynamoItems.s(at.toString()))));
    }

    /** Every item of the account's partition matching the filter (keys only). */
    private List<Map<String, AttributeValue>> query(String accountId, String filter, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":a", DynamoItems.s(accountId));
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table)
                    .keyConditionExpression("accountId = :a")
                    .filterExpression(filter)
                    .expressionAttributeValues(all)
                    .projectionExpression("accountId, sk")
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
