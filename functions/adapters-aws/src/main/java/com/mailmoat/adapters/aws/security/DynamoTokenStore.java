package com.mailmoat.adapters.aws.security;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Hashed tokens in the Tokens table; {@code expiresAt} (epoch seconds) is the table's TTL attribute.
 *
 * <p>Credential tokens (sessions, password links) are also listed in their account's partition of
 * the Accounts table as {@code (accountId, "TOKEN#<hash>")} items with the same TTL, written before
 * the token itself: a strongly consistent query of the partition then finds every token of the
 * account, however recent, for {@link #revokeAll}. The listing items are left to the TTL sweep
 * (deleting them would need DeleteItem on the Accounts table, which no function should hold).
 */
public final class DynamoTokenStore implements TokenStore {
    private static final String PK = "tokenHash";
    private static final String LISTING_PREFIX = "TOKEN#";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String accountsTable;

    /**
     * @param table         the Tokens table
     * @param accountsTable the Accounts table, where credential tokens are listed per account
     */
    public DynamoTokenStore(DynamoDbClient dynamo, String table, String accountsTable) {
        this.dynamo = dynamo;
        this.table = table;
        this.accountsTable = accountsTable;
    }

    @Override
    public void put(StoredToken token) {
        if (token.kind().isCredential()) {
            Map<String, AttributeValue> listing = new HashMap<>();
            listing.put("accountId", DynamoItems.s(token.accountId()));
            listing.put("sk", DynamoItems.s(LISTING_PREFIX + token.tokenHash()));
            listing.put("kind", DynamoItems.s(token.kind().name()));
            listing.put("expiresAt", DynamoItems.epochSeconds(token.expiresAt()));
            if (token.isMembers()) {
                listing.put(StoredToken.MEMBER_ID, DynamoItems.s(token.attributes().get(StoredToken.MEMBER_ID)));
            }
            dynamo.putItem(r -> r.tableName(accountsTable).item(listing));
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, DynamoItems.s(token.tokenHash()));
        item.put("kind", DynamoItems.s(token.kind().name()));
        item.put("accountId", DynamoItems.s(token.accountId()));
        item.put("expiresAt", DynamoItems.epochSeconds(token.expiresAt()));
        Map<String, AttributeValue> attributes = new HashMap<>();
        token.attributes().forEach((k, v) -> attributes.put(k, DynamoItems.s(v)));
        item.put("attributes", AttributeValue.fromM(attributes));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public Optional<StoredToken> find(String tokenHash) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(tokenHash))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<StoredToken> take(String tokenHash) {
        // A conditional delete: of racing callers exactly one deletes an existing item, the others fail
        // the condition. (An unconditional delete returning ALL_OLD is not enough: DynamoDB Local
        // hands the old item to every racer.)
        try {
            Map<String, AttributeValue> old = dynamo.deleteItem(r -> r.tableName(table)
                    .key(key(tokenHash))
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
        dynamo.deleteItem(r -> r.tableName(table).key(key(tokenHash)));
    }

    @Override
    public boolean annotateOnce(String tokenHash, String marker, Map<String, String> attributes) {
        if (!attributes.containsKey(marker)) {
            throw new IllegalArgumentException("The attributes must include the marker " + marker);
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET ");
        int i = 0;
        names.put("#a", "attributes");
        names.put("#pk", PK);
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            names.put("#k" + i, e.getKey());
            values.put(":v" + i, DynamoItems.s(e.getValue()));
            set.append(i == 0 ? "" : ", ").append("#a.#k").append(i).append(" = :v").append(i);
            if (e.getKey().equals(marker)) {
                names.put("#m", e.getKey());
            }
            i++;
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(tokenHash))
                    .updateExpression(set.toString())
                    .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#a.#m)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public int revokeAll(String accountId, Set<TokenKind> kinds, String keepTokenHash) {
        return revoke(accountId, kinds, keepTokenHash, true);
    }

    @Override
    public int revokeOwners(String accountId, Set<TokenKind> kinds, String keepTokenHash) {
        return revoke(accountId, kinds, keepTokenHash, false);
    }

    private int revoke(String accountId, Set<TokenKind> kinds, String keepTokenHash, boolean members) {
        int revoked = 0;
        Iterable<Map<String, AttributeValue>> listings = dynamo.queryPaginator(r -> r.tableName(accountsTable)
                .consistentRead(true)
                .keyConditionExpression("accountId = :a AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId), ":p", DynamoItems.s(LISTING_PREFIX))))
                .items();
        for (Map<String, AttributeValue> listing : listings) {
            String hash = listing.get("sk").s().substring(LISTING_PREFIX.length());
            TokenKind kind = TokenKind.valueOf(listing.get("kind").s());
            if (!kinds.contains(kind) || hash.equals(keepTokenHash) || !members && listing.containsKey(StoredToken.MEMBER_ID)) {
                continue;
            }
            Map<String, AttributeValue> old = dynamo.deleteItem(r -> r.tableName(table).key(key(hash))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            if (old != null && !old.isEmpty()) {
                revoked++;
            }
        }
        return revoked;
    }

    private static Map<String, AttributeValue> key(String tokenHash) {
        return Map.of(PK, DynamoItems.s(tokenHash));
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
