package com.mailmoat.adapters.aws.trial;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.adapters.aws.account.DynamoAccountRepository;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.trial.TrialAccounts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Trials ending soon, found through the Accounts table's {@code byTrialEnd} index (profiles keyed by
 * the UTC day their trial ends: one query per day of the window, no scan), and the notices sent, as
 * {@code NOTICE#TRIAL#<days>#<trial end>} items beside each profile.
 */
public final class DynamoTrialAccounts implements TrialAccounts {
    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoAccountRepository accounts;

    public DynamoTrialAccounts(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.accounts = new DynamoAccountRepository(dynamo, table);
    }

    @Override
    public List<Account> trialsEndingBetween(Instant from, Instant to) {
        List<Account> found = new ArrayList<>();
        LocalDate last = to.atOffset(ZoneOffset.UTC).toLocalDate();
        for (LocalDate day = from.atOffset(ZoneOffset.UTC).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            String key = day.toString();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> after = start;
                QueryResponse page = dynamo.query(r -> r.tableName(table).indexName(DynamoAccountRepository.TRIAL_END_INDEX)
                        .keyConditionExpression("#day = :day")
                        .expressionAttributeNames(Map.of("#day", DynamoAccountRepository.TRIAL_END_DAY))
                        .expressionAttributeValues(Map.of(":day", DynamoItems.s(key)))
                        .exclusiveStartKey(after));
                for (Map<String, AttributeValue> item : page.items()) {
                    accounts.findById(item.get("accountId").s())
                            .filter(a -> a.trialEndsAt() != null && a.trialEndsAt().isAfter(from)
                                    && !a.trialEndsAt().isAfter(to))
                            .ifPresent(found::add);
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
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
