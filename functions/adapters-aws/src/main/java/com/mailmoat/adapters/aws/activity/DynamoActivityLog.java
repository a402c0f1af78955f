package com.mailmoat.adapters.aws.activity;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.activity.ActivityCursor;
import com.mailmoat.core.activity.ActivityEntry;
import com.mailmoat.core.activity.ActivityFilter;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.activity.ActivityLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    /** Entries read per query when filtering by kind of change. */
    private static final int BATCH = 100;
    /** The most entries one filtered page reads before it answers (short, with a cursor). */
    static final int READ_BUDGET = 1000;

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
    public Page page(String accountId, ActivityFilter filter, Optional<ActivityCursor> after, int limit) {
        // The time range is a range of the sort key; the kind of change is checked on the entries read, a
        // batch at a time, until the page is full, the log ends, or READ_BUDGET entries were read (then the
        // page is short but says where to go on, so a rare kind in a long log never reads the whole log at once).
        Map<String, AttributeValue> start = after.map(c -> key(accountId, sortKey(c.at(), c.id()))).orElse(null);
        boolean byKind = filter.category().isPresent();
        List<ActivityEntry> entries = new ArrayList<>();
        int read = 0;
        while (true) {
            QueryResponse response = query(accountId, filter, start, byKind ? Math.max(limit, BATCH) : limit);
            List<Map<String, AttributeValue>> items = response.items();
            boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
            for (int i = 0; i < items.size(); i++) {
                ActivityEntry entry = entry(items.get(i));
                read++;
                if (!filter.matches(entry)) {
                    continue;
                }
                entries.add(entry);
                if (entries.size() == limit) {
                    // A full page may be the last one: the next request then answers none, which the console reads as the end.
                    boolean rest = more || i < items.size() - 1;
                    return new Page(entries, rest ? Optional.of(new ActivityCursor(entry.at(), entry.id())) : Optional.empty());
                }
            }
            if (!more) {
                return new Page(entries, Optional.empty());
            }
            start = response.lastEvaluatedKey();
            if (read >= READ_BUDGET) {
                return new Page(entries, Optional.of(cursorAt(start.get("sk").s())));
            }
        }
    }

    private QueryResponse query(String accountId, ActivityFilter filter, Map<String, AttributeValue> start, int limit) {
        String low = ENTRY + filter.from().map(DynamoItems::sortable).orElse("");
        // '~' sorts after every character of an entry id, so an entry at exactly `to` is in range.
        String high = ENTRY + filter.to().map(DynamoItems::sortable).orElse("~") + "#~";
        return dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("accountId = :a AND sk BETWEEN :low AND :high")
                .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId), ":low", DynamoItems.s(low),
                        ":high", DynamoItems.s(high)))
                .scanIndexForward(false)
                .exclusiveStartKey(start)
                .limit(limit));
    }

    /** Where the next page starts when the last key read was an entry left out by the filter. */
    private static ActivityCursor cursorAt(String sortKey) {
        String rest = sortKey.substring(ENTRY.length());
        int hash = rest.indexOf('#');
        return new ActivityCursor(Instant.parse(rest.substring(0, hash)), rest.substring(hash + 1));
    }

    private static Map<String, AttributeValue> key(String accountId, String sortKey) {
        return Map.of("accountId", DynamoItems.s(accountId), "sk", DynamoItems.s(sortKey));
    }

    private static ActivityEntry entry(Map<String, AttributeValue> item) {
        return new ActivityEntry(item.get("entryId").s(), Instant.parse(item.get("at").s()), item.get("actor").s(),
                ActivityKind.valueOf(item.get("kind").s()), item.get("summary").s());
    }

    private static String sortKey(Instant at, String id) {
        return ENTRY + DynamoItems.sortable(at) + "#" + id;
    }
}
