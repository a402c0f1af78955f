package com.mailmoat.adapters.aws.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.adapters.aws.realtime.DynamoSubscriptionStore;
import com.mailmoat.adapters.aws.security.DynamoTokenStore;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountErasure;
import com.mailmoat.core.account.ErasureRequest;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A closed account erased from every table against DynamoDB Local, and nobody else's items with it. */
class DynamoAccountErasureTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    /** Logical id of each table keyed by account, with its sort key. */
    private static final Map<String, String> TABLES = Map.of(
            "DetectionsTable", "detectionId", "ScansTable", "sk", "JobsTable", "sk", "LearningTable", "sk",
            "PoliciesTable", "sk", "DirectoryTable", "sk", "RealTimeTable", "sk", "NotificationsTable", "sk");
    /** The administrator's own: kept when only the tenant's data goes. */
    private static final java.util.Set<String> ADMINISTRATORS = java.util.Set.of("PoliciesTable", "NotificationsTable");
    private static Map<String, String> names;

    private final DynamoAccountRepository accounts = new DynamoAccountRepository(DYNAMO, names.get("AccountsTable"));
    private final DynamoAccountData data = new DynamoAccountData(DYNAMO, TABLES.entrySet().stream()
            .map(t -> new DynamoAccountData.Table(names.get(t.getKey()), t.getValue(),
                    !ADMINISTRATORS.contains(t.getKey()), t.getKey().equals("RealTimeTable")))
            .toList());
    private final DynamoTokenStore tokens = new DynamoTokenStore(DYNAMO, names.get("TokensTable"), names.get("AccountsTable"));
    private final List<ErasureRequest> nextPasses = new ArrayList<>();

    @BeforeAll
    static void tables() {
        names = LocalDynamoDb.tables();
    }

    @Test
    void everyItemOfTheClosedAccountGoesAndTheOtherAccountKeepsAllOfItsOwn() {
        String closed = "erased-" + System.nanoTime();
        String kept = "kept-" + System.nanoTime();
        seed(closed, 60);
        seed(kept, 3);
        accounts.update(accounts.findById(closed).orElseThrow().closed(NOW));

        AccountErasure erasure = new AccountErasure(accounts, data, nextPasses::add, Clock.systemUTC());
        assertThat(erasure.erase(ErasureRequest.wholeAccount(closed), Duration.ofMinutes(1))).isEqualTo(AccountErasure.Outcome.ERASED);

        TABLES.forEach((table, sortKey) -> assertThat(items(names.get(table), closed)).as(table).isZero());
        assertThat(items(names.get("AccountsTable"), closed)).as("profile, listings, branding").isZero();
        assertThat(accounts.findByEmail(closed + "@contoso.example")).isEmpty();
        assertThat(item(names.get("RealTimeTable"), DynamoSubscriptionStore.ownerItemKey("sub-" + closed))).isFalse();
        TABLES.forEach((table, sortKey) -> assertThat(items(names.get(table), kept)).as(table).isEqualTo(3));
        assertThat(accounts.findByEmail(kept + "@contoso.example")).isPresent();
        assertThat(item(names.get("RealTimeTable"), DynamoSubscriptionStore.ownerItemKey("sub-" + kept))).isTrue();
        assertThat(nextPasses).isEmpty();
        // The address can sign up again.
        assertThat(accounts.create(Account.signedUp(closed + "-again", closed + "@contoso.example", "Contoso",
                Region.US, NOW))).isTrue();
    }

    @Test
    void aPassThatRunsOutOfTimeLeavesTheAccountForTheNextOne() {
        String closed = "partly-" + System.nanoTime();
        seed(closed, 120);
        accounts.update(accounts.findById(closed).orElseThrow().closed(NOW));

        AccountErasure erasure = new AccountErasure(accounts, data, nextPasses::add, Clock.systemUTC());
        assertThat(erasure.erase(ErasureRequest.wholeAccount(closed), Duration.ZERO)).isEqualTo(AccountErasure.Outcome.CONTINUES);
        assertThat(nextPasses).containsExactly(ErasureRequest.wholeAccount(closed));
        assertThat(accounts.findById(closed)).isPresent();

        AccountErasure.Outcome outcome;
        do {
            outcome = erasure.erase(ErasureRequest.wholeAccount(closed), Duration.ZERO);
        } while (outcome == AccountErasure.Outcome.CONTINUES);
        assertThat(outcome).isEqualTo(AccountErasure.Outcome.ERASED);
        assertThat(items(names.get("DetectionsTable"), closed)).isZero();
        assertThat(accounts.findById(closed)).isEmpty();
    }

    @Test
    void disconnectingFromTheTenantErasesWhatCameFromItAndKeepsTheAdministratorsOwn() {
        String offboarded = "offboarded-" + System.nanoTime();
        seed(offboarded, 4);

        AccountErasure erasure = new AccountErasure(accounts, data, nextPasses::add, Clock.systemUTC());
        assertThat(erasure.erase(ErasureRequest.tenantData(offboarded, "tenant-1"), Duration.ofMinutes(1)))
                .isEqualTo(AccountErasure.Outcome.ERASED);

        TABLES.forEach((table, sortKey) -> assertThat(items(names.get(table), offboarded)).as(table)
                .isEqualTo(ADMINISTRATORS.contains(table) ? 4 : 0));
        assertThat(item(names.get("RealTimeTable"), DynamoSubscriptionStore.ownerItemKey("sub-" + offboarded))).isFalse();
        assertThat(accounts.findById(offboarded)).isPresent();
        assertThat(accounts.findByEmail(offboarded + "@contoso.example")).isPresent();
    }

    /** An account with {@code perTable} items in every table, a session, and a subscription with its owner item. */
    private void seed(String accountId, int perTable) {
        assertThat(accounts.create(Account.signedUp(accountId, accountId + "@contoso.example", "Contoso", Region.US, NOW)))
                .isTrue();
        tokens.put(new StoredToken("hash-" + accountId, TokenKind.SESSION, accountId, NOW.plusSeconds(3600), Map.of()));
        TABLES.forEach((table, sortKey) -> {
            for (int i = 0; i < perTable; i++) {
                String sk = table.equals("RealTimeTable") && i == 0 ? "SUB#sub-" + accountId : "ITEM#" + i;
                Map<String, AttributeValue> item = new HashMap<>(Map.of("accountId", DynamoItems.s(accountId),
                        sortKey, DynamoItems.s(sk), "note", DynamoItems.s("seeded")));
                DYNAMO.putItem(r -> r.tableName(names.get(table)).item(item));
            }
        });
        Map<String, AttributeValue> owner = new HashMap<>(DynamoSubscriptionStore.ownerItemKey("sub-" + accountId));
        owner.put("ownerAccountId", DynamoItems.s(accountId));
        DYNAMO.putItem(r -> r.tableName(names.get("RealTimeTable")).item(owner));
    }

    private static int items(String table, String accountId) {
        return DYNAMO.query(r -> r.tableName(table).consistentRead(true).keyConditionExpression("accountId = :a")
                .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId)))).count();
    }

    private static boolean item(String table, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> found = DYNAMO.getItem(r -> r.tableName(table).consistentRead(true).key(key)).item();
        return found != null && !found.isEmpty();
    }
}
