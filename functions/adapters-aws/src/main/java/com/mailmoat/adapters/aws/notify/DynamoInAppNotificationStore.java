package com.mailmoat.adapters.aws.notify;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.notify.InAppNotification;
import com.mailmoat.core.notify.InAppNotificationStore;
import com.mailmoat.core.notify.NotificationKind;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * In-app notifications in the Notifications table, keyed by account and a sort key that starts with
 * the creation time, so the newest come first with a reverse query.
 */
public final class DynamoInAppNotificationStore implements InAppNotificationStore {
    /**
     * UTC with all nine fraction digits: text order is time order. ({@code Instant.toString()} drops
     * zero fractions, so "17:30:00Z" would sort after "17:30:00.500Z".)
     */
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

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
        item.put("sk", DynamoItems.s(SORTABLE.format(n.createdAt()) + "#" + n.notificationId()));
        item.put("notificationId", DynamoItems.s(n.notificationId()));
        item.put("kind", DynamoItems.s(n.kind().name()));
        item.put("title", DynamoItems.s(n.title()));
        item.put("message", DynamoItems.s(n.message()));
        item.put("createdAt", DynamoItems.s(n.createdAt().toString()));
        // Same id → same key: a repeated save overwrites itself instead of adding a second notice.
        dynamo.putItem(r -> r.tableName(table).item(item));
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
                        DynamoItems.instant(i, "createdAt")))
                .toList();
    }
}
