package com.mailmoat.adapters.aws.realtime;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.realtime.RealTimeAction;
import com.mailmoat.core.realtime.RealTimeEvent;
import com.mailmoat.core.realtime.RealTimeStats;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real-time figures in the RealTime table: a counter item per account and UTC day
 * ({@code DAY#2026-06-01}, atomic ADDs, kept 90 days) and one item per checked message
 * ({@code EVENT#<time>#<random>}, kept 7 days), both expired by the table's TTL on {@code expiresAt}.
 */
public final class DynamoRealTimeStats implements RealTimeStats {
    static final Duration KEEP_DAYS = Duration.ofDays(90);
    static final Duration KEEP_EVENTS = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoRealTimeStats(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void recordChecked(String accountId, RealTimeEvent event) {
        boolean threat = event.action() != RealTimeAction.PASSED;
        count(accountId, event.at(), Map.of("checked", 1L, "threats", threat ? 1L : 0L,
                "blocked", event.action() == RealTimeAction.QUARANTINED ? 1L : 0L));
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(DynamoSubscriptionStore.PK, DynamoItems.s(accountId));
        item.put(DynamoSubscriptionStore.SK, DynamoItems.s("EVENT#" + DynamoSubscriptionStore.TIME.format(event.at())
                + "#" + HexFormat.of().formatHex(random)));
        item.put("at", DynamoItems.s(event.at().toString()));
        item.put("mailbox", DynamoItems.s(event.mailbox()));
        item.put("level", DynamoItems.s(event.level().name()));
        item.put("action", DynamoItems.s(event.action().name()));
        DynamoItems.putIfPresent(item, "detectionId", event.detectionId());
        if (!event.sender().isEmpty()) {
            item.put("sender", DynamoItems.s(event.sender()));
        }
        if (!event.subject().isEmpty()) {
            item.put("subject", DynamoItems.s(event.subject()));
        }
        item.put("latencyMillis", DynamoItems.n(event.latencyMillis()));
        item.put("expiresAt", DynamoItems.epochSeconds(event.at().plus(KEEP_EVENTS)));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void recordRejected(String accountId, Instant at, int count) {
        if (count > 0) {
            count(accountId, at, Map.of("rejected", (long) count));
        }
    }

    private void count(String accountId, Instant at, Map<String, Long> increments) {
        StringBuilder add = new StringBuilder();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        int i = 0;
        for (Map.Entry<String, Long> entry : increments.entrySet()) {
            add.append(i == 0 ? "" : ", ").append("#c").append(i).append(" :c").append(i);
            names.put("#c" + i, entry.getKey());
            values.put(":c" + i, DynamoItems.n(entry.getValue()));
            i++;
        }
        values.put(":ttl", DynamoItems.epochSeconds(at.plus(KEEP_DAYS)));
        dynamo.updateItem(r -> r.tableName(table).key(dayKey(accountId, LocalDate.ofInstant(at, ZoneOffset.UTC)))
                .updateExpression("ADD " + add + " SET expiresAt = if_not_exists(expiresAt, :ttl)")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    @Override
    public Day day(String accountId, LocalDate date) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(dayKey(accountId, date))).item();
        if (item == null || item.isEmpty()) {
            return Day.empty(date);
        }
        return new Day(date, DynamoItems.number(item, "checked"), DynamoItems.number(item, "threats"),
                DynamoItems.number(item, "blocked"), DynamoItems.number(item, "rejected"));
    }

    @Override
    public List<RealTimeEvent> latest(String accountId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<RealTimeEvent> events = new ArrayList<>();
        dynamo.query(r -> r.tableName(table)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", DynamoSubscriptionStore.PK, "#sk", DynamoSubscriptionStore.SK))
                        .expressionAttributeValues(Map.of(":pk", DynamoItems.s(accountId), ":prefix", DynamoItems.s("EVENT#")))
                        .scanIndexForward(false).limit(limit))
                .items().forEach(item -> events.add(new RealTimeEvent(Instant.parse(DynamoItems.string(item, "at")),
                        DynamoItems.string(item, "mailbox"), ThreatLevel.valueOf(DynamoItems.string(item, "level")),
                        RealTimeAction.valueOf(DynamoItems.string(item, "action")), DynamoItems.string(item, "detectionId"),
                        DynamoItems.string(item, "sender"), DynamoItems.string(item, "subject"),
                        DynamoItems.number(item, "latencyMillis"))));
        return events;
    }

    private static Map<String, AttributeValue> dayKey(String accountId, LocalDate date) {
        return Map.of(DynamoSubscriptionStore.PK, DynamoItems.s(accountId), DynamoSubscriptionStore.SK,
                DynamoItems.s("DAY#" + date));
    }
}
