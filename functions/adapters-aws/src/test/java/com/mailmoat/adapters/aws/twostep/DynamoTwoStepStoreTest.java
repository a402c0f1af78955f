package com.mailmoat.adapters.aws.twostep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.adapters.aws.account.DynamoAccountRepository;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.security.SecretSealer;
import com.mailmoat.core.session.KnownBrowsers;
import com.mailmoat.core.session.LoginLimits;
import com.mailmoat.core.session.SignInSource;
import com.mailmoat.core.twostep.Base32;
import com.mailmoat.core.twostep.Totp;
import com.mailmoat.core.twostep.TwoStepCodes;
import com.mailmoat.core.twostep.TwoStepState;
import com.mailmoat.core.twostep.TwoStepUnavailableException;
import com.mailmoat.testkit.InMemoryAttemptCounter;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.LocalDynamoDb;
import com.mailmoat.testkit.MutableClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Two-step sign-in beside the account's profile, against DynamoDB Local: every field kept, a stale
 * write refused, the secrets sealed in the table, items from before sealing still working.
 */
class DynamoTwoStepStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static final String KEY_SECRET = "kept-in-secrets-manager-0123456789-abcdefghijklmnopqrstuvwxyz-AB";
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static String table;

    private final SecretSealer sealer = TwoStepKey.sealer(Settings.of(Map.of(TwoStepKey.SECRET, KEY_SECRET)), name -> {
        throw new AssertionError("the key secret is given directly");
    });
    private final DynamoTwoStepStore store = new DynamoTwoStepStore(DYNAMO, table, sealer);

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("AccountsTable");
    }

    private static String unique(String name) {
        return name + "-" + System.nanoTime();
    }

    @Test
    void aStateIsReadBackWithEveryFieldAtTheNextVersion() {
        String id = unique("acct");
        assertThat(store.find(id)).isEmpty();

        Optional<TwoStepState> pending = store.save(TwoStepState.off(id).withPending("JBSWY3DPEHPK3PXP", NOW));
        assertThat(pending).hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(1));
        TwoStepState on = store.save(store.find(id).orElseThrow().enabled(NOW.plusSeconds(30), 59_000_123L,
                List.of("hash-1", "hash-2"))).orElseThrow();

        assertThat(store.find(id)).contains(on);
        assertThat(on.secret()).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThat(on.pendingSecret()).isNull();
        assertThat(on.version()).isEqualTo(2);

        TwoStepState off = store.save(on.disabled()).orElseThrow();
        assertThat(store.find(id)).contains(off);
        assertThat(off.isOn()).isFalse();
        assertThat(off.recoveryCodeHashes()).isEmpty();
    }

    @Test
    void ofTwoWritesFromTheSameReadOnlyTheFirstIsSaved() {
        String id = unique("acct");
        TwoStepState read = store.save(TwoStepState.off(id).withPending("JBSWY3DPEHPK3PXP", NOW)).orElseThrow();
        read = store.save(read.enabled(NOW, 100, List.of("a", "b"))).orElseThrow();

        assertThat(store.save(read.withoutRecoveryCode("a"))).isPresent();
        assertThat(store.save(read.withoutRecoveryCode("a"))).as("the same recovery code spent twice").isEmpty();
        assertThat(store.save(read.withLastUsedStep(101))).isEmpty();
        assertThat(store.save(TwoStepState.off(id).withPending("X", NOW))).as("a first write over an existing item").isEmpty();
        assertThat(store.find(id).orElseThrow().recoveryCodeHashes()).containsExactly("b");
    }

    @Test
    void erasingTheAccountErasesItsTwoStepSignIn() {
        String id = unique("acct");
        DynamoAccountRepository accounts = new DynamoAccountRepository(DYNAMO, table);
        Account account = Account.signedUp(id, id + "@contoso.example", "Contoso", Region.US, NOW);
        accounts.create(account);
        store.save(TwoStepState.off(id).withPending("JBSWY3DPEHPK3PXP", NOW));

        accounts.erase(accounts.findById(id).orElseThrow().closed(NOW));

        assertThat(store.find(id)).isEmpty();
    }

    @Test
    void theTableHoldsTheSecretsSealedAndTheStoreReadsThemBack() {
        String id = unique("acct");
        TwoStepState pending = store.save(TwoStepState.off(id).withPending(SECRET, NOW)).orElseThrow();
        assertThat(item(id).get("pendingSecret").s()).startsWith("v2:1:").doesNotContain(SECRET);
        store.save(pending.enabled(NOW, 7, List.of("hash-1"))).orElseThrow();

        Map<String, AttributeValue> stored = item(id);
        assertThat(stored.get("secret").s()).startsWith("v2:1:").doesNotContain(SECRET);
        assertThat(stored).doesNotContainKey("pendingSecret");
        assertThat(store.find(id).orElseThrow().secret()).isEqualTo(SECRET);
        // A function restarted with the same key secret (read anew) opens it too.
        DynamoTwoStepStore restarted = new DynamoTwoStepStore(DYNAMO, table,
                SecretSealer.whenNeeded(() -> KEY_SECRET, "two-step"));
        assertThat(restarted.find(id).orElseThrow().secret()).isEqualTo(SECRET);
    }

    @Test
    void anItemFromBeforeSealingStillTakesItsCodesAndIsSealedByTheNextWrite() {
        String id = unique("acct");
        Map<String, AttributeValue> legacy = new HashMap<>(Map.of("accountId", AttributeValue.fromS(id),
                "sk", AttributeValue.fromS("TWO_STEP"), "secret", AttributeValue.fromS(SECRET),
                "enabledAt", AttributeValue.fromS(NOW.minusSeconds(86_400).toString()),
                "lastUsedStep", AttributeValue.fromN("0"), "version", AttributeValue.fromN("4"),
                "recoveryCodes", AttributeValue.fromL(List.of(AttributeValue.fromS("hash-1")))));
        DYNAMO.putItem(r -> r.tableName(table).item(legacy));
        MutableClock clock = new MutableClock(NOW);
        TwoStepCodes codes = new TwoStepCodes(store, new KnownBrowsers(new InMemoryTokens(), clock),
                new InMemoryAttemptCounter(), LoginLimits.DEFAULT, clock);
        byte[] key = Base32.decode(SECRET).orElseThrow();
        SignInSource from = SignInSource.address("203.0.113.7");

        assertThat(codes.isOn(id)).isTrue();
        assertThat(codes.check(id, Totp.code(key, Totp.step(NOW)), from)).isInstanceOf(TwoStepCodes.Check.Accepted.class);

        // The sign-in recorded the code's step, and with it sealed the secret.
        assertThat(item(id).get("secret").s()).startsWith("v2:1:").doesNotContain(SECRET);
        assertThat(store.find(id).orElseThrow()).satisfies(state -> {
            assertThat(state.secret()).isEqualTo(SECRET);
            assertThat(state.version()).isEqualTo(5);
            assertThat(state.recoveryCodeHashes()).containsExactly("hash-1");
        });
        clock.advance(java.time.Duration.ofSeconds(30));
        assertThat(codes.check(id, Totp.code(key, Totp.step(clock.instant())), from))
                .isInstanceOf(TwoStepCodes.Check.Accepted.class);
    }

    @Test
    void aSealedSecretCopiedIntoAnotherAccountMakesTwoStepUncheckableNeverOff() {
        String owner = unique("acct");
        String other = unique("acct");
        store.save(store.save(TwoStepState.off(owner).withPending(SECRET, NOW)).orElseThrow()
                .enabled(NOW, 1, List.of())).orElseThrow();
        store.save(store.save(TwoStepState.off(other).withPending("KRSXG5CTMVRXEZLU", NOW)).orElseThrow()
                .enabled(NOW, 1, List.of())).orElseThrow();
        // Someone with write access to the table gives the other account the owner's authenticator key.
        copyAttribute(owner, "secret", other, "secret");
        MutableClock clock = new MutableClock(NOW);
        TwoStepCodes codes = new TwoStepCodes(store, new KnownBrowsers(new InMemoryTokens(), clock),
                new InMemoryAttemptCounter(), LoginLimits.DEFAULT, clock);

        assertThatThrownBy(() -> store.find(other)).isInstanceOf(TwoStepUnavailableException.class)
                .satisfies(e -> assertThat(((TwoStepUnavailableException) e).accountId()).isEqualTo(other))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(item(owner).get("secret").s().substring(3)));
        assertThatThrownBy(() -> codes.isOn(other)).as("not 'off'").isInstanceOf(TwoStepUnavailableException.class);
        assertThatThrownBy(() -> codes.check(other, Totp.code(Base32.decode(SECRET).orElseThrow(), Totp.step(NOW)),
                SignInSource.address("203.0.113.7"))).isInstanceOf(TwoStepUnavailableException.class);
        assertThat(store.find(owner).orElseThrow().secret()).isEqualTo(SECRET);
    }

    @Test
    void aPendingSecretMovedToTheEnabledOneOrReadWithAnotherKeyDoesNotOpen() {
        String id = unique("acct");
        store.save(TwoStepState.off(id).withPending(SECRET, NOW)).orElseThrow();
        DynamoTwoStepStore otherKey = new DynamoTwoStepStore(DYNAMO, table,
                SecretSealer.derivedFrom(KEY_SECRET.replace('k', 'K'), "two-step"));
        assertThatThrownBy(() -> otherKey.find(id)).isInstanceOf(TwoStepUnavailableException.class);

        copyAttribute(id, "pendingSecret", id, "secret");
        assertThatThrownBy(() -> store.find(id)).isInstanceOf(TwoStepUnavailableException.class);
    }

    @Test
    void aKeyThatCannotBeHadRefusesToWriteAndToRead() {
        String id = unique("acct");
        store.save(TwoStepState.off(id).withPending(SECRET, NOW)).orElseThrow();
        DynamoTwoStepStore keyless = new DynamoTwoStepStore(DYNAMO, table, SecretSealer.whenNeeded(() -> {
            throw new IllegalStateException("Secrets Manager unreachable");
        }, "two-step"));

        assertThatThrownBy(() -> keyless.find(id)).isInstanceOf(TwoStepUnavailableException.class);
        assertThatThrownBy(() -> keyless.save(TwoStepState.off(unique("acct")).withPending(SECRET, NOW)))
                .isInstanceOf(TwoStepUnavailableException.class);
    }

    private static Map<String, AttributeValue> item(String accountId) {
        return DYNAMO.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "accountId", AttributeValue.fromS(accountId), "sk", AttributeValue.fromS("TWO_STEP")))).item();
    }

    private static void copyAttribute(String fromAccount, String fromAttribute, String toAccount, String toAttribute) {
        AttributeValue value = item(fromAccount).get(fromAttribute);
        DYNAMO.updateItem(r -> r.tableName(table).key(Map.of("accountId", AttributeValue.fromS(toAccount),
                        "sk", AttributeValue.fromS("TWO_STEP")))
                .updateExpression("SET #a = :v").expressionAttributeNames(Map.of("#a", toAttribute))
                .expressionAttributeValues(Map.of(":v", value)));
    }

    /**
     * A key rotation as the README's operations part describes it: the key ring names the new key current and
     * keeps the old one. Items sealed before key ids (v1) and under the old key still take codes, and the
     * sign-in's write seals them under the new key, after which the old key can go.
     */
    @Test
    void afterAKeyRotationOldItemsStillTakeCodesAndTheNextWriteSealsThemUnderTheNewKey() {
        String old = unique("acct");
        String legacyV1 = unique("acct");
        store.save(store.save(TwoStepState.off(old).withPending(SECRET, NOW)).orElseThrow().enabled(NOW, 1, List.of()))
                .orElseThrow();
        assertThat(item(old).get("secret").s()).startsWith("v2:1:");
        // An item written by the code before key ids: its secret sealed as v1 (no key id) with the same key secret.
        DYNAMO.putItem(r -> r.tableName(table).item(Map.of("accountId", AttributeValue.fromS(V1_ACCOUNT),
                "sk", AttributeValue.fromS("TWO_STEP"), "secret", AttributeValue.fromS(V1_SEALED),
                "enabledAt", AttributeValue.fromS(NOW.minusSeconds(86_400).toString()),
                "lastUsedStep", AttributeValue.fromN("0"), "version", AttributeValue.fromN("2"),
                "recoveryCodes", AttributeValue.fromL(List.of()))));

        String newKey = "rotated-in-secrets-manager-ZYXWVUTSRQPONMLKJIHGFEDCBA-9876543210-z";
        String ring = "{\"current\": \"2\", \"1\": \"" + KEY_SECRET + "\", \"2\": \"" + newKey + "\"}";
        DynamoTwoStepStore rotated = new DynamoTwoStepStore(DYNAMO, table, TwoStepKey.sealer(
                Settings.of(Map.of(TwoStepKey.SECRET, ring)), name -> {
                    throw new AssertionError("the key ring is given directly");
                }));
        MutableClock clock = new MutableClock(NOW);
        TwoStepCodes codes = new TwoStepCodes(rotated, new KnownBrowsers(new InMemoryTokens(), clock),
                new InMemoryAttemptCounter(), LoginLimits.DEFAULT, clock);
        SignInSource from = SignInSource.address("203.0.113.7");

        for (String account : List.of(old, V1_ACCOUNT)) {
            String secret = account.equals(old) ? SECRET : V1_SECRET;
            byte[] key = Base32.decode(secret).orElseThrow();
            assertThat(codes.check(account, Totp.code(key, Totp.step(NOW)), from)).as(account)
                    .isInstanceOf(TwoStepCodes.Check.Accepted.class);
            assertThat(item(account).get("secret").s()).as(account).startsWith("v2:2:");
            // The old key can now be taken out of the ring: the new one alone opens the item.
            DynamoTwoStepStore newKeyOnly = new DynamoTwoStepStore(DYNAMO, table,
                    SecretSealer.derivedFrom("{\"current\": \"2\", \"2\": \"" + newKey + "\"}", "two-step"));
            assertThat(newKeyOnly.find(account).orElseThrow().secret()).isEqualTo(secret);
        }
        // Before its next write, an item under a key taken out of the ring cannot be checked (never taken as off).
        DynamoTwoStepStore withoutOldKey = new DynamoTwoStepStore(DYNAMO, table,
                SecretSealer.derivedFrom("{\"current\": \"2\", \"2\": \"" + newKey + "\"}", "two-step"));
        store.save(store.save(TwoStepState.off(legacyV1).withPending(SECRET, NOW)).orElseThrow().enabled(NOW, 1, List.of()));
        assertThatThrownBy(() -> withoutOldKey.find(legacyV1)).isInstanceOf(TwoStepUnavailableException.class)
                .hasMessageContaining("key 1");
    }

    /** A secret sealed for V1_ACCOUNT's "secret" with KEY_SECRET by the code before key ids. */
    private static final String V1_ACCOUNT = "acct-sealed-before-key-ids";
    private static final String V1_SECRET = "JBSWY3DPEHPK3PXP";
    private static final String V1_SEALED = "v1:IR_Oy0IOYw7D2BVr0_H_LxB2LEd7qhl7cFBlsQE0mkcwfngKGsXVTZ8zApE";
}
