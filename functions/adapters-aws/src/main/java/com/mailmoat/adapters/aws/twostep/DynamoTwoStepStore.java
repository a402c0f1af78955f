package com.mailmoat.adapters.aws.twostep;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.twostep.TwoStepState;
import com.mailmoat.core.twostep.TwoStepStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Each account's two-step sign-in: one {@code TWO_STEP} item beside its profile in the Accounts
 * table (so erasing the account erases it), written with a version condition so a code or a
 * recovery code is spent once however requests race. Turning it off keeps the item, without its
 * secrets, so the version goes on counting (the notification ids depend on it).
 */
public final class DynamoTwoStepStore implements TwoStepStore {
    private static final String SK = "TWO_STEP";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTwoStepStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<TwoStepState> find(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(accountId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(accountId, item));
    }

    @Override
    public Optional<TwoStepState> save(TwoStepState state) {
        TwoStepState next = state.withVersion(state.version() + 1);
        try {
            if (state.version() == 0) {
                dynamo.putItem(r -> r.tableName(table).item(toItem(next))
                        .conditionExpression("attribute_not_exists(accountId)"));
            } else {
                dynamo.putItem(r -> r.tableName(table).item(toItem(next))
                        .conditionExpression("#v = :v")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":v", DynamoItems.n(state.version()))));
            }
            return Optional.of(next);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private static Map<String, AttributeValue> key(String accountId) {
        return Map.of("accountId", DynamoItems.s(accountId), "sk", DynamoItems.s(SK));
    }

    private static Map<String, AttributeValue> toItem(TwoStepState s) {
        Map<String, AttributeValue> item = new HashMap<>(key(s.accountId()));
        DynamoItems.putIfPresent(item, "secret", s.secret());
        DynamoItems.putIfPresent(item, "enabledAt", s.enabledAt());
        item.put("lastUsedStep", DynamoItems.n(s.lastUsedStep()));
        item.put("recoveryCodes", AttributeValue.fromL(s.recoveryCodeHashes().stream().map(DynamoItems::s).toList()));
        DynamoItems.putIfPresent(item, "pendingSecret", s.pendingSecret());
        DynamoItems.putIfPresent(item, "pendingSince", s.pendingSince());
        item.put("version", DynamoItems.n(s.version()));
        return item;
    }

    private static TwoStepState fromItem(String accountId, Map<String, AttributeValue> item) {
        List<String> recovery = item.containsKey("recoveryCodes")
                ? item.get("recoveryCodes").l().stream().map(AttributeValue::s).toList() : List.of();
        return new TwoStepState(accountId, DynamoItems.string(item, "secret"), DynamoItems.instant(item, "enabledAt"),
                DynamoItems.number(item, "lastUsedStep", 0), recovery, DynamoItems.string(item, "pendingSecret"),
                DynamoItems.instant(item, "pendingSince"), DynamoItems.number(item, "version"));
    }
}
