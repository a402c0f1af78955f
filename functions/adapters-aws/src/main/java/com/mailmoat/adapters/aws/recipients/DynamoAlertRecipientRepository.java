package com.mailmoat.adapters.aws.recipients;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.recipients.AlertRecipient;
import com.mailmoat.core.recipients.AlertRecipientRepository;
import com.mailmoat.core.security.SecretTokens;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Each account's alert recipients: one {@code ALERT_RECIPIENT#<hash of the address>} item per address
 * beside the account's profile in the Accounts table. Keyed by the address, so a conditional put keeps
 * one address to one item even when two adds race; the random recipient id is an attribute. Closing
 * the account erases them with the rest of its partition.
 */
public final class DynamoAlertRecipientRepository implements AlertRecipientRepository {
    static final String PREFIX = "ALERT_RECIPIENT#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAlertRecipientRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<AlertRecipient> list(String accountId) {
        List<AlertRecipient> found = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("accountId = :a AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId), ":p", DynamoItems.s(PREFIX))))
                .items().forEach(item -> found.add(fromItem(item)));
        found.sort(Comparator.comparing(AlertRecipient::addedAt).thenComparing(AlertRecipient::email));
        return found;
    }

    @Override
    public boolean add(AlertRecipient recipient) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(toItem(recipient))
                    .conditionExpression("attribute_not_exists(sk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean replace(AlertRecipient current, AlertRecipient next) {
        if (!current.recipientId().equals(next.recipientId()) || !current.email().equals(next.email())) {
            throw new IllegalArgumentException("A recipient is replaced by a later state of itself");
        }
        try {
            dynamo.putItem(r -> r.tableName(table).item(toItem(next))
                    .conditionExpression("recipientId = :id AND #v = :v")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":id", DynamoItems.s(current.recipientId()),
                            ":v", DynamoItems.n(current.version()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean remove(AlertRecipient recipient) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key(recipient.accountId(), recipient.email()))
                    .conditionExpression("recipientId = :id")
                    .expressionAttributeValues(Map.of(":id", DynamoItems.s(recipient.recipientId()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String accountId, String email) {
        return Map.of("accountId", DynamoItems.s(accountId), "sk", DynamoItems.s(PREFIX + SecretTokens.hash(email)));
    }

    private static Map<String, AttributeValue> toItem(AlertRecipient recipient) {
        Map<String, AttributeValue> item = new HashMap<>(key(recipient.accountId(), recipient.email()));
        item.put("recipientId", DynamoItems.s(recipient.recipientId()));
        item.put("email", DynamoItems.s(recipient.email()));
        DynamoItems.putIfPresent(item, "addedAt", recipient.addedAt());
        DynamoItems.putIfPresent(item, "confirmedAt", recipient.confirmedAt());
        DynamoItems.putIfPresent(item, "unsubscribedAt", recipient.unsubscribedAt());
        item.put("version", DynamoItems.n(recipient.version()));
        return item;
    }

    private static AlertRecipient fromItem(Map<String, AttributeValue> item) {
        return new AlertRecipient(DynamoItems.string(item, "recipientId"), DynamoItems.string(item, "accountId"),
                DynamoItems.string(item, "email"), DynamoItems.instant(item, "addedAt"), DynamoItems.instant(item, "confirmedAt"),
                DynamoItems.instant(item, "unsubscribedAt"), DynamoItems.number(item, "version", 1));
    }
}
