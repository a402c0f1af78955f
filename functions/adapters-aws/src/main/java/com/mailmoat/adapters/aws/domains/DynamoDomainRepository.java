package com.mailmoat.adapters.aws.domains;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.domains.DomainRecord;
import com.mailmoat.core.domains.DomainRepository;
import com.mailmoat.core.domains.DomainState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An account's domains as {@code DOMAIN#<name>} items beside its profile in the Accounts table. */
public final class DynamoDomainRepository implements DomainRepository {
    private static final String PREFIX = "DOMAIN#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDomainRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void save(DomainRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("accountId", DynamoItems.s(record.accountId()));
        item.put("sk", DynamoItems.s(PREFIX + record.domain()));
        item.put("domain", DynamoItems.s(record.domain()));
        item.put("token", DynamoItems.s(record.token()));
        item.put("state", DynamoItems.s(record.state().name()));
        DynamoItems.putIfPresent(item, "createdAt", record.createdAt());
        DynamoItems.putIfPresent(item, "verifiedAt", record.verifiedAt());
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public Optional<DomainRecord> find(String accountId, String domain) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("accountId", DynamoItems.s(accountId), "sk", DynamoItems.s(PREFIX + domain)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean delete(String accountId, String domain) {
        Map<String, AttributeValue> old = dynamo.deleteItem(r -> r.tableName(table)
                .key(Map.of("accountId", DynamoItems.s(accountId), "sk", DynamoItems.s(PREFIX + domain)))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    @Override
    public List<DomainRecord> list(String accountId) {
        return dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("accountId = :a AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId), ":p", DynamoItems.s(PREFIX))))
                .items().stream().map(DynamoDomainRepository::fromItem).toList();
    }

    private static DomainRecord fromItem(Map<String, AttributeValue> item) {
        return new DomainRecord(item.get("accountId").s(), item.get("domain").s(), item.get("token").s(),
                DomainState.valueOf(item.get("state").s()), DynamoItems.instant(item, "createdAt"),
                DynamoItems.instant(item, "verifiedAt"));
    }
}
