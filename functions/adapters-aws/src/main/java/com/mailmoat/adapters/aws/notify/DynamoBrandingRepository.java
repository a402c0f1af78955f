package com.mailmoat.adapters.aws.notify;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.notify.Branding;
import com.mailmoat.core.notify.BrandingRepository;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Each account's email branding: one {@code BRANDING} item beside its profile in the Accounts table. */
public final class DynamoBrandingRepository implements BrandingRepository {
    private static final String SK = "BRANDING";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoBrandingRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Branding find(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(accountId))).item();
        if (item == null || item.isEmpty()) {
            return Branding.NONE;
        }
        return new Branding(DynamoItems.string(item, "logoUrl"), DynamoItems.string(item, "accentColor"));
    }

    @Override
    public void save(String accountId, Branding branding) {
        if (branding.logoUrl() == null && branding.accentColor() == null) {
            dynamo.deleteItem(r -> r.tableName(table).key(key(accountId)));
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>(key(accountId));
        DynamoItems.putIfPresent(item, "logoUrl", branding.logoUrl());
        DynamoItems.putIfPresent(item, "accentColor", branding.accentColor());
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> key(String accountId) {
        return Map.of("accountId", DynamoItems.s(accountId), "sk", DynamoItems.s(SK));
    }
}
