package com.mailmoat.adapters.aws.twostep;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.security.SecretSealer;
import com.mailmoat.core.security.UnopenableSecretException;
import com.mailmoat.core.twostep.Base32;
import com.mailmoat.core.twostep.TwoStepState;
import com.mailmoat.core.twostep.TwoStepStore;
import com.mailmoat.core.twostep.TwoStepUnavailableException;
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
 *
 * <p>{@code secret} and {@code pendingSecret} are stored sealed ({@link SecretSealer}, bound to the
 * account and the attribute): reading the table does not give anyone the account's codes. An item
 * written before secrets were sealed holds them in clear (base32); it is read as it is and sealed by
 * its next write (a sign-in with an authenticator code writes one).
 */
public final class DynamoTwoStepStore implements TwoStepStore {
    private static final String SK = "TWO_STEP";
    private static final String SECRET = "secret";
    private static final String PENDING_SECRET = "pendingSecret";

    private final DynamoDbClient dynamo;
    private final String table;
    private final SecretSealer sealer;

    public DynamoTwoStepStore(DynamoDbClient dynamo, String table, SecretSealer sealer) {
        this.dynamo = dynamo;
        this.table = table;
        this.sealer = sealer;
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
        Map<String, AttributeValue> item = toItem(next);
        try {
            if (state.version() == 0) {
                dynamo.putItem(r -> r.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(accountId)"));
            } else {
                dynamo.putItem(r -> r.tableName(table).item(item)
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

    private Map<String, AttributeValue> toItem(TwoStepState s) {
        Map<String, AttributeValue> item = new HashMap<>(key(s.accountId()));
        DynamoItems.putIfPresent(item, SECRET, seal(s.secret(), s.accountId(), SECRET));
        DynamoItems.putIfPresent(item, "enabledAt", s.enabledAt());
        item.put("lastUsedStep", DynamoItems.n(s.lastUsedStep()));
        item.put("recoveryCodes", AttributeValue.fromL(s.recoveryCodeHashes().stream().map(DynamoItems::s).toList()));
        DynamoItems.putIfPresent(item, PENDING_SECRET, seal(s.pendingSecret(), s.accountId(), PENDING_SECRET));
        DynamoItems.putIfPresent(item, "pendingSince", s.pendingSince());
        item.put("version", DynamoItems.n(s.version()));
        return item;
    }

    private TwoStepState fromItem(String accountId, Map<String, AttributeValue> item) {
        List<String> recovery = item.containsKey("recoveryCodes")
                ? item.get("recoveryCodes").l().stream().map(AttributeValue::s).toList() : List.of();
        return new TwoStepState(accountId, open(item, accountId, SECRET), DynamoItems.instant(item, "enabledAt"),
                DynamoItems.number(item, "lastUsedStep", 0), recovery, open(item, accountId, PENDING_SECRET),
                DynamoItems.instant(item, "pendingSince"), DynamoItems.number(item, "version"));
    }

    private String seal(String secret, String accountId, String attribute) {
        if (secret == null) {
            return null;
        }
        try {
            return sealer.seal(secret, accountId, attribute);
        } catch (RuntimeException e) {
            // The key could not be had (Secrets Manager unreachable, not granted): nothing is written.
            throw new TwoStepUnavailableException(accountId, "its " + attribute + " cannot be sealed (the key could "
                    + "not be had: " + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The attribute's secret, opened; in clear as an item written before sealing holds it; or an error. */
    private String open(Map<String, AttributeValue> item, String accountId, String attribute) {
        String stored = DynamoItems.string(item, attribute);
        if (stored == null) {
            return null;
        }
        if (!SecretSealer.isSealed(stored)) {
            if (Base32.decode(stored).filter(bytes -> bytes.length > 0).isEmpty()) {
                throw new TwoStepUnavailableException(accountId, "its " + attribute + " is neither sealed nor base32", null);
            }
            return stored;
        }
        try {
            return sealer.open(stored, accountId, attribute);
        } catch (RuntimeException e) {
            // Another key, altered, copied from another account or attribute, or no key: two-step cannot be checked.
            throw new TwoStepUnavailableException(accountId, "its " + attribute + " does not open ("
                    + (e instanceof UnopenableSecretException ? e.getMessage()
                    : "the key could not be had: " + e.getClass().getSimpleName()) + ")", e);
        }
    }
}
