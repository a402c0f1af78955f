package com.mailmoat.adapters.aws.idempotency;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.idempotency.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Idempotency records in the Idempotency table, claimed with a conditional write: a record can be
 * taken when absent or when an earlier claim's lease ran out without completing.
 */
public final class DynamoIdempotencyStore implements IdempotencyStore {
    private static final String PK = "idempotencyKey";
    private static final Duration KEEP_COMPLETED = Duration.ofDays(7);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoIdempotencyStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Claim claim(String key, Duration lease) {
        Instant now = clock.instant();
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of(PK, DynamoItems.s(key),
                            "status", DynamoItems.s("IN_PROGRESS"),
                            "leaseUntil", DynamoItems.epochSeconds(now.plus(lease)),
                            "expiresAt", DynamoItems.epochSeconds(now.plus(KEEP_COMPLETED))))
                    .conditionExpression("attribute_not_exists(#pk) OR (#status = :inProgress AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#status", "status"))
                    .expressionAttributeValues(Map.of(":inProgress", DynamoItems.s("IN_PROGRESS"),
                            ":now", DynamoItems.epochSeconds(now)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Claim.acquired();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> existing = e.item();
            if (existing != null && "COMPLETED".equals(DynamoItems.string(existing, "status"))) {
                return Claim.done(DynamoItems.string(existing, "outcome"));
            }
            return Claim.inProgress();
        }
    }

    @Override
    public void complete(String key, String outcome) {
        dynamo.updateItem(r -> r.tableName(table).key(Map.of(PK, DynamoItems.s(key)))
                .updateExpression("SET #status = :done, outcome = :outcome")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":done", DynamoItems.s("COMPLETED"),
                        ":outcome", DynamoItems.s(outcome == null ? "" : outcome))));
    }

    /**
     * Deletes the claim unless the item was completed meanwhile (then, or when there is nothing to
     * release, this does nothing). It does not tell one worker's claim from another's: leases must
     * outlast the function's timeout, so a live worker's claim never lapses and is never retaken.
     */
    @Override
    public void release(String key) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(Map.of(PK, DynamoItems.s(key)))
                    .conditionExpression("#status = :inProgress")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":inProgress", DynamoItems.s("IN_PROGRESS"))));
        } catch (ConditionalCheckFailedException e) {
            // Completed (keep the record) or already gone.
        }
    }
}
