package com.mailmoat.adapters.aws.trial;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.adapters.aws.account.DynamoAccountRepository;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.trial.TrialAccounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Trials ending soon, found by a filtered scan of the Accounts table's profiles (once a day, over
 * one item per account), and the notices sent, as {@code NOTICE#TRIAL#<days>#<trial end>} items
 * beside each profile.
 */
public final class DynamoTrialAccounts implements TrialAccounts {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTrialAccounts(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<Account> trialsEndingBetween(Instant from, Instant to) {
        // trialEndsAt is stored as ISO-8601 text: compare a day wider on both sides, then exactly here.
        String lower = from.minus(Duration.ofDays(1)).toString();
        String upper = to.plus(Duration.ofDays(1)).toString();
        List<Account> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> after = start;
            ScanResponse page = dynamo.scan(r -> r.tableName(table)
                    .filterExpression("#sk = :profile AND trialEndsAt BETWEEN :lower AND :upper")
                    .expressionAttributeNames(Map.of("#sk", "sk"))
                    .expressionAttributeValues(Map.of(":profile", DynamoItems.s("PROFILE"),
                            ":lower", DynamoItems.s(lower), ":upper", DynamoItems.s(upper)))
                    .exclusiveStartKey(after));
            for (Map<String, AttributeValue> item : page.items()) {
                Account account = DynamoAccountRepository.fromItem(item);
                if (account.trialEndsAt() != null && account.trialEndsAt().isAfter(from)
                        && !account.trialEndsAt().isAfter(to)) {
                    found.add(account);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return found;
    }

    @Override
    public boolean noticeSent(String accountId, int daysBefore, Instant trialEndsAt) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(accountId, daysBefore, trialEndsAt))).item();
        return item != null && !item.isEmpty();
    }

    @Override
    public void markNoticeSent(String accountId, int daysBefore, Instant trialEndsAt, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, daysBefore, trialEndsAt));
        item.put("sentAt", DynamoItems.s(at.toString()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> key(String accountId, int daysBefore, Instant trialEndsAt) {
        return Map.of("accountId", DynamoItems.s(accountId),
                "sk", DynamoItems.s("NOTICE#TRIAL#" + daysBefore + "#" + trialEndsAt.getEpochSecond()));
    }
}
