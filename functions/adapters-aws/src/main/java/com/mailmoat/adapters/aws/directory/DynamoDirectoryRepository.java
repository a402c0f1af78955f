package com.mailmoat.adapters.aws.directory;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.directory.DirectoryRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The imported directory in the Directory table: {@code USER#<address>} (id, name, group ids) and
 * {@code GROUP#<id>} (name, mail, member count) per account, plus {@code IMPORT} (when). Searches
 * read the account's partition (directories are thousands of entries, read by an admin's picker).
 */
public final class DynamoDirectoryRepository implements DirectoryRepository {
    private static final String PK = "accountId";
    private static final String SK = "sk";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDirectoryRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void replace(String accountId, List<UserEntry> users, List<GroupEntry> groups, Instant importedAt) {
        Set<String> keep = new HashSet<>();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (UserEntry user : users) {
            Map<String, AttributeValue> item = new HashMap<>(key(accountId, "USER#" + user.address()));
            item.put("id", DynamoItems.s(user.id()));
            item.put("address", DynamoItems.s(user.address()));
            item.put("displayName", DynamoItems.s(user.displayName()));
            item.put("search", DynamoItems.s((user.address() + "\n" + user.displayName()).toLowerCase(Locale.ROOT)));
            if (!user.groupIds().isEmpty()) {
                item.put("groupIds", AttributeValue.fromSs(new ArrayList<>(user.groupIds())));
            }
            items.add(item);
            keep.add("USER#" + user.address());
        }
        for (GroupEntry group : groups) {
            Map<String, AttributeValue> item = new HashMap<>(key(accountId, "GROUP#" + group.id()));
            item.put("id", DynamoItems.s(group.id()));
            item.put("displayName", DynamoItems.s(group.displayName()));
            item.put("mail", DynamoItems.s(group.mail()));
            item.put("members", DynamoItems.n(group.members()));
            item.put("search", DynamoItems.s((group.displayName() + "\n" + group.mail()).toLowerCase(Locale.ROOT)));
            items.add(item);
            keep.add("GROUP#" + group.id());
        }
        // One write per item (no batch writes: the function may only put and delete what it names).
        items.forEach(item -> dynamo.putItem(r -> r.tableName(table).item(item)));
        for (Map<String, AttributeValue> existing : all(accountId, "")) {
            String sk = existing.get(SK).s();
            if ((sk.startsWith("USER#") || sk.startsWith("GROUP#")) && !keep.contains(sk)) {
                dynamo.deleteItem(r -> r.tableName(table).key(key(accountId, sk)));
            }
        }
        Map<String, AttributeValue> stamp = new HashMap<>(key(accountId, "IMPORT"));
        stamp.put("importedAt", DynamoItems.s(importedAt.toString()));
        dynamo.putItem(r -> r.tableName(table).item(stamp));
    }

    @Override
    public List<UserEntry> users(String accountId, String query, int limit) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        return all(accountId, "USER#").stream().filter(i -> q.isEmpty() || i.get("search").s().contains(q))
                .map(DynamoDirectoryRepository::user).sorted(Comparator.comparing(UserEntry::displayName, String.CASE_INSENSITIVE_ORDER))
                .limit(limit).toList();
    }

    @Override
    public List<GroupEntry> groups(String accountId, String query, int limit) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        return all(accountId, "GROUP#").stream().filter(i -> q.isEmpty() || i.get("search").s().contains(q))
                .map(DynamoDirectoryRepository::group).sorted(Comparator.comparing(GroupEntry::displayName, String.CASE_INSENSITIVE_ORDER))
                .limit(limit).toList();
    }

    @Override
    public Optional<UserEntry> user(String accountId, String address) {
        return get(accountId, "USER#" + address.toLowerCase(Locale.ROOT)).map(DynamoDirectoryRepository::user);
    }

    @Override
    public Optional<GroupEntry> group(String accountId, String groupId) {
        return get(accountId, "GROUP#" + groupId).map(DynamoDirectoryRepository::group);
    }

    @Override
    public Optional<Instant> importedAt(String accountId) {
        return get(accountId, "IMPORT").map(i -> Instant.parse(i.get("importedAt").s()));
    }

    private List<Map<String, AttributeValue>> all(String accountId, String prefix) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table)
                    .keyConditionExpression(prefix.isEmpty() ? "#pk = :a" : "#pk = :a AND begins_with(#sk, :p)")
                    .expressionAttributeNames(prefix.isEmpty() ? Map.of("#pk", PK) : Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(prefix.isEmpty() ? Map.of(":a", DynamoItems.s(accountId))
                            : Map.of(":a", DynamoItems.s(accountId), ":p", DynamoItems.s(prefix)))
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private Optional<Map<String, AttributeValue>> get(String accountId, String sk) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(accountId, sk))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static Map<String, AttributeValue> key(String accountId, String sk) {
        return Map.of(PK, DynamoItems.s(accountId), SK, DynamoItems.s(sk));
    }

    private static UserEntry user(Map<String, AttributeValue> item) {
        return new UserEntry(item.get("id").s(), item.get("address").s(), item.get("displayName").s(),
                item.containsKey("groupIds") ? new HashSet<>(item.get("groupIds").ss()) : Set.of());
    }

    private static GroupEntry group(Map<String, AttributeValue> item) {
        return new GroupEntry(item.get("id").s(), item.get("displayName").s(), DynamoItems.string(item, "mail"),
                (int) DynamoItems.number(item, "members"));
    }
}
