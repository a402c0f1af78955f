package com.mailmoat.adapters.aws.security;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Hashed tokens in the Tokens table; {@code expiresAt} (epoch seconds) is the table's TTL attribute. */
public final class DynamoTokenStore implements TokenStore {
    private static final String PK = "tokenHash";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTokenStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void put(StoredToken token) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, DynamoItems.s(token.tokenHash()));
        item.put("kind", DynamoItems.s(token.kind().name()));
        item.put("accountId", DynamoItems.s(token.accountId()));
        item.put("expiresAt", DynamoItems.epochSeconds(token.expiresAt()));
        if (!token.attributes().isEmpty()) {
            Map<String, AttributeValue> attributes = new HashMap<>();
            token.attributes().forEach((k, v) -> attributes.put(k, DynamoItems.s(v)));
            item.put("attributes", AttributeValue.fromM(attributes));
        }
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public Optional<StoredToken> find(String tokenHash) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(PK, DynamoItems.s(tokenHash)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<StoredToken> take(String tokenHash) {
        // A conditional delete: of racing callers exactly one deletes an existing item, the others fail
        // the condition. (An unconditional delete returning ALL_OLD is not enough: DynamoDB Local
        // hands the old item to every racer.)
        try {
            Map<String, AttributeValue> old = dynamo.deleteItem(r -> r.tableName(table)
                    .key(Map.of(PK, DynamoItems.s(tokenHash)))
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            return old == null || old.isEmpty() ? Optional.empty() : Optional.of(fromItem(old));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String tokenHash) {
        dynamo.deleteItem(r -> r.tableName(table).key(Map.of(PK, DynamoItems.s(tokenHash))));
    }

    private static StoredToken fromItem(Map<String, AttributeValue> item) {
        Map<String, String> attributes = new HashMap<>();
        if (item.containsKey("attributes")) {
            item.get("attributes").m().forEach((k, v) -> attributes.put(k, v.s()));
        }
        return new StoredToken(item.get(PK).s(), TokenKind.valueOf(item.get("kind").s()),
                item.get("accountId").s(), Instant.ofEpochSecond(Long.parseLong(item.get("expiresAt").n())),
                attributes);
    }
}
