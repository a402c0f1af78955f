package com.mailmoat.adapters.aws.notify;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.notify.LogoImage;
import com.mailmoat.core.notify.LogoStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Each account's logo copy: one {@code BRANDING#LOGO} item beside its profile in the Accounts table (at most 100 KB). */
public final class DynamoLogoStore implements LogoStore {
    private static final String SK = "BRANDING#LOGO";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoLogoStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<LogoImage> find(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(accountId))).item();
        if (item == null || item.isEmpty() || item.get("image") == null) {
            return Optional.empty();
        }
        return Optional.of(new LogoImage(item.get("image").b().asByteArray(), DynamoItems.string(item, "contentType"),
                DynamoItems.string(item, "sourceUrl")));
    }

    @Override
    public void save(String accountId, LogoImage logo) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId));
        item.put("image", AttributeValue.fromB(SdkBytes.fromByteArray(logo.bytes())));
        item.put("contentType", DynamoItems.s(logo.contentType()));
        DynamoItems.putIfPresent(item, "sourceUrl", logo.sourceUrl());
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void delete(String accountId) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(accountId)));
    }

    private static Map<String, AttributeValue> key(String accountId) {
        return Map.of("accountId", DynamoItems.s(accountId), "sk", DynamoItems.s(SK));
    }
}
