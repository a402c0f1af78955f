package com.mailmoat.adapters.aws.realtime;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.realtime.MailSubscription;
import com.mailmoat.core.realtime.SubscriptionStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Subscriptions in the RealTime table: {@code (accountId, SUB#<subscriptionId>)} per subscription,
 * and beside it, written and deleted in the same transaction, an owner item
 * {@code (SUBSCRIPTION#<subscriptionId>, OWNER)} naming the account (as the Accounts table's claim
 * items do), so the webhook finds a notification's subscription with two consistent key reads.
 * The sparse index {@code byExpiry} (partition: the expiry's UTC day, sort: the expiry) gives the
 * renewal schedule the subscriptions due without a scan.
 */
public final class DynamoSubscriptionStore implements SubscriptionStore {
    static final String PK = "accountId";
    static final String SK = "sk";
    static final String PREFIX = "SUB#";
    static final String OWNER = "OWNER";
    static final String EXPIRY_INDEX = "byExpiry";
    /** Fixed width, so the sort key's text order is time order. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSubscriptionStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<MailSubscription> list(String accountId) {
        List<MailSubscription> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":pk", DynamoItems.s(accountId), ":prefix", DynamoItems.s(PREFIX)))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> all.add(fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return all;
    }

    @Override
    public Optional<MailSubscription> find(String accountId, String subscriptionId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(accountId, PREFIX + subscriptionId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<MailSubscription> findById(String subscriptionId) {
        Map<String, AttributeValue> owner = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(ownerKey(subscriptionId), OWNER))).item();
        if (owner == null || owner.isEmpty() || DynamoItems.string(owner, "ownerAccountId") == null) {
            return Optional.empty();
        }
        return find(DynamoItems.string(owner, "ownerAccountId"), subscriptionId);
    }

    @Override
    public void put(MailSubscription subscription) {
        Map<String, AttributeValue> item = new HashMap<>(key(subscription.accountId(), PREFIX + subscription.subscriptionId()));
        item.put("subscriptionId", DynamoItems.s(subscription.subscriptionId()));
        item.put("tenantId", DynamoItems.s(subscription.tenantId()));
        item.put("mailboxId", DynamoItems.s(subscription.mailboxId()));
        item.put("mailbox", DynamoItems.s(subscription.mailbox()));
        item.put("clientStateHash", DynamoItems.s(subscription.clientStateHash()));
        putExpiry(item, subscription.expiresAt());
        DynamoItems.putIfPresent(item, "createdAt", subscription.createdAt());
        item.put("excludedFolderIds", AttributeValue.fromL(subscription.excludedFolderIds().stream()
                .map(DynamoItems::s).toList()));
        Map<String, AttributeValue> owner = new HashMap<>(key(ownerKey(subscription.subscriptionId()), OWNER));
        owner.put("ownerAccountId", DynamoItems.s(subscription.accountId()));
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(owner).build()).build()));
    }

    @Override
    public void renewed(String accountId, String subscriptionId, Instant expiresAt) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(accountId, PREFIX + subscriptionId))
                    .updateExpression("SET subscriptionExpiresAt = :at, expiryDay = :day")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":at", DynamoItems.s(TIME.format(expiresAt)),
                            ":day", DynamoItems.s(day(expiresAt)))));
        } catch (ConditionalCheckFailedException e) {
            // Deleted meanwhile (a concurrent sync): the next sync sorts it out.
        }
    }

    @Override
    public void delete(String accountId, String subscriptionId) {
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(accountId, PREFIX + subscriptionId)).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(ownerKey(subscriptionId), OWNER)).build()).build()));
    }

    @Override
    public List<String> accountsExpiring(Instant from, Instant until) {
        Set<String> accounts = new LinkedHashSet<>();
        for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(LocalDate.ofInstant(until, ZoneOffset.UTC));
             day = day.plusDays(1)) {
            String partition = day.toString();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> after = start;
                QueryResponse page = dynamo.query(r -> r.tableName(table).indexName(EXPIRY_INDEX)
                        .keyConditionExpression("expiryDay = :day AND subscriptionExpiresAt BETWEEN :from AND :until")
                        .expressionAttributeValues(Map.of(":day", DynamoItems.s(partition),
                                ":from", DynamoItems.s(TIME.format(from)), ":until", DynamoItems.s(TIME.format(until))))
                        .exclusiveStartKey(after));
                page.items().forEach(item -> accounts.add(DynamoItems.string(item, PK)));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return List.copyOf(accounts);
    }

    private static void putExpiry(Map<String, AttributeValue> item, Instant expiresAt) {
        item.put("subscriptionExpiresAt", DynamoItems.s(TIME.format(expiresAt)));
        item.put("expiryDay", DynamoItems.s(day(expiresAt)));
    }

    private static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    /** The key of the item naming a subscription's account (Graph's notifications carry only the subscription). */
    public static Map<String, AttributeValue> ownerItemKey(String subscriptionId) {
        return key(ownerKey(subscriptionId), OWNER);
    }

    /** The subscription an account's item is about ({@code SUB#<id>}), or null for its other items. */
    public static String subscriptionOf(String sortKey) {
        return sortKey.startsWith(PREFIX) ? sortKey.substring(PREFIX.length()) : null;
    }

    static String ownerKey(String subscriptionId) {
        return "SUBSCRIPTION#" + subscriptionId;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, DynamoItems.s(pk), SK, DynamoItems.s(sk));
    }

    private static MailSubscription fromItem(Map<String, AttributeValue> item) {
        List<String> excluded = item.containsKey("excludedFolderIds") && item.get("excludedFolderIds").hasL()
                ? item.get("excludedFolderIds").l().stream().map(AttributeValue::s).toList() : List.of();
        return new MailSubscription(DynamoItems.string(item, PK), DynamoItems.string(item, "subscriptionId"),
                DynamoItems.string(item, "tenantId"), DynamoItems.string(item, "mailboxId"),
                DynamoItems.string(item, "mailbox"), DynamoItems.string(item, "clientStateHash"),
                Instant.parse(DynamoItems.string(item, "subscriptionExpiresAt")), DynamoItems.instant(item, "createdAt"),
                Set.copyOf(excluded));
    }
}
