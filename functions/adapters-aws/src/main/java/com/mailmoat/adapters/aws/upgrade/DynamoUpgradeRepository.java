package com.mailmoat.adapters.aws.upgrade;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.upgrade.Upgrade;
import com.mailmoat.core.upgrade.UpgradeRepository;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Upgrades in the Jobs table: one item per account ({@code sk = UPGRADE}) holding the upgrade as
 * JSON and a {@code version} every write checks (the workflow's steps, the rules' sync and the API
 * all write it).
 */
public final class DynamoUpgradeRepository implements UpgradeRepository {
    static final String SK = "UPGRADE";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoUpgradeRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Upgrade> find(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(accountId))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(UpgradeJson.read(item.get("upgrade").s(), Long.parseLong(item.get("version").n())));
    }

    @Override
    public Upgrade save(Upgrade upgrade) {
        Upgrade next = upgrade.withVersion(upgrade.version() + 1);
        Map<String, AttributeValue> item = new HashMap<>(key(upgrade.accountId()));
        item.put("upgradeId", DynamoItems.s(upgrade.upgradeId()));
        item.put("status", DynamoItems.s(upgrade.status().name()));
        item.put("upgrade", DynamoItems.s(UpgradeJson.write(next)));
        item.put("version", DynamoItems.n(next.version()));
        try {
            if (upgrade.version() == 0) {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(accountId)"));
            } else {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("#v = :v")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":v", DynamoItems.n(upgrade.version()))));
            }
            return next;
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentUpdateException("The upgrade of account " + upgrade.accountId() + " changed since it was read");
        }
    }

    @Override
    public boolean deleteIfUnchanged(Upgrade upgrade) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key(upgrade.accountId())).conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", DynamoItems.n(upgrade.version()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void delete(String accountId) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(accountId)));
    }

    private static Map<String, AttributeValue> key(String accountId) {
        return Map.of("accountId", DynamoItems.s(accountId), "sk", DynamoItems.s(SK));
    }
}
