package com.mailmoat.adapters.aws.activity;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.activity.ActivityCursor;
import com.mailmoat.core.activity.ActivityEntry;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.activity.ActivityLog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The activity log in the account's partition of the Accounts table (so closing the account erases
 * it, and offboarding keeps it): {@code ACTIVITY#<time>#<id>} items, newest first by a reverse query,
 * beside an {@code ACTIVITYID#<id>} claim that makes a repeated id a no-op whatever its time. Both
 * expire by the table's TTL ({@code expiresAt}) after {@link ActivityLog#KEPT_DAYS} days.
 */
public final class DynamoActivityLog implements ActivityLog {
    private static final String ENTRY = "ACTIVITY#";
    private static final String CLAIM = "ACTIVITYID#";
    private static final Duration KEPT = Duration.ofDays(KEPT_DAYS);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoActivityLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void append(String accountId, ActivityEntry entry) {
        AttributeValue expiresAt = DynamoItems.epochSeconds(entry.at().plus(KEPT));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("accountId", DynamoItems.s(accountId));
        item.put("sk", DynamoItems.s(sortKey(entry.at(), entry.id())));
        item.put("entryId", DynamoItems.s(entry.id()));
        item.put("at", DynamoItems.s(entry.at().toString()));
        item.put("actor", DynamoItems.s(entry.actor()));
        item.put("kind", DynamoItems.s(entry.kind().name()));
        item.put("summary", DynamoItems.s(entry.summary()));
        item.put("expiresAt", expiresAt);
        Map<String, AttributeValue> claim = Map.of("accountId", DynamoItems.s(accountId),
                "sk", DynamoItems.s(CLAIM + entry.id()), "expiresAt", expiresAt);
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    t -> t.put(p -> p.tableName(table).item(claim).conditionExpression("attribute_not_exists(sk)")),
                    t -> t.put(p -> p.tableName(table).item(item))));
        } catch (TransactionCanceledException e) {
            boolean alreadyLogged = e.hasCancellationReasons() && !e.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code());
            if (!alreadyLogged) {
                throw e;
            }
        }
    }

    @Override
    public Page page(String accountId, Optional<ActivityCursor> after, int limit) {
        Map<String, AttributeValue> start = after.map(c -> Map.of("accountId", DynamoItems.s(accountId),
                "sk", DynamoItems.s(sortKey(c.at(), c.id())))).orElse(null);
        QueryResponse response = dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("accountId = :a AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId), ":p", DynamoItems.s(ENTRY)))
                .scanIndexForward(false)
                .exclusiveStartKey(start)
                .limit(limit));
        List<ActivityEntry> entries = response.items().stream().map(DynamoActivityLog::entry).toList();
        // A full page may be the last one: the next request then answers none, which the console reads as the end.
        Optional<ActivityCursor> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                && !entries.isEmpty()
                ? Optional.of(new ActivityCursor(entries.get(entries.size() - 1).at(), entries.get(entries.size() - 1).id()))
                : Optional.empty();
        return new Page(entries, next);
    }

    private static ActivityEntry entry(Map<String, AttributeValue> item) {
        return new ActivityEntry(item.get("entryId").s(), Instant.parse(item.get("at").s()), item.get("actor").s(),
                ActivityKind.valueOf(item.get("kind").s()), item.get("summary").s());
    }

    private static String sortKey(Instant at, String id) {
        return ENTRY + DynamoItems.sortable(at) + "#" + id;
    }
}
