package com.mailmoat.adapters.aws.notify;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.notify.EmailChoices;
import com.mailmoat.core.notify.EmailChoicesRepository;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Each account's email choices: one {@code EMAIL_CHOICES} item beside its profile in the Accounts table. */
public final class DynamoEmailChoicesRepository implements EmailChoicesRepository {
    private static final String SK = "EMAIL_CHOICES";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoEmailChoicesRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public EmailChoices find(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(accountId))).item();
        if (item == null || item.isEmpty()) {
            return EmailChoices.ALL;
        }
        return new EmailChoices(flag(item, "removals"), flag(item, "realTimeAlerts"));
    }

    @Override
    public void save(String accountId, EmailChoices choices) {
        if (choices.equals(EmailChoices.ALL)) {
            dynamo.deleteItem(r -> r.tableName(table).key(key(accountId)));
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>(key(accountId));
        item.put("removals", AttributeValue.fromBool(choices.removals()));
        item.put("realTimeAlerts", AttributeValue.fromBool(choices.realTimeAlerts()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    /** A missing flag is the default: the email is sent. */
    private static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.bool() == null || value.bool();
    }

    private static Map<String, AttributeValue> key(String accountId) {
        return Map.of("accountId", DynamoItems.s(accountId), "sk", DynamoItems.s(SK));
    }
}
