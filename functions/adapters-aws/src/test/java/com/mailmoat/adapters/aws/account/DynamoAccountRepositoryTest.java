package com.mailmoat.adapters.aws.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.account.Region;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Accounts, their e-mail and tenant claims, and optimistic locking, against DynamoDB Local. */
class DynamoAccountRepositoryTest {
    private static final Instant NOW = Instant.parse("2026-11-23T17:30:00Z");
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static String table;
    private static ExecutorService threads;

    private final DynamoAccountRepository accounts = new DynamoAccountRepository(DYNAMO, table);

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("AccountsTable");
        threads = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
    }

    private static Account account(String id, String email) {
        return Account.signedUp(id, email, "Contoso", Region.US, NOW);
    }

    private static String unique(String name) {
        return name + "-" + System.nanoTime();
    }

    @Test
    void aCreatedAccountIsFoundByIdAndByEmailWithEveryFieldAtVersionOne() {
        String id = unique("acct");
        Account created = account(id, id + "@contoso.example")
                .withPassword("argon2id$hash", NOW.plusSeconds(60))
                .withTenant("tenant-" + id, List.of("contoso.example", "contoso.onmicrosoft.com"));

        assertThat(accounts.create(created)).isTrue();

        assertThat(accounts.findById(id)).contains(created.withVersion(1));
        assertThat(accounts.findByEmail(id + "@contoso.example")).contains(created.withVersion(1));
        assertThat(accounts.findByEmail("nobody@contoso.example")).isEmpty();
        assertThat(accounts.findById("no-such-account")).isEmpty();
    }

    @Test
    void aSecondAccountForTheSameEmailIsRefusedAndLeavesNoProfileBehind() {
        String email = unique("taken") + "@contoso.example";
        String first = unique("first");
        String second = unique("second");
        assertThat(accounts.create(account(first, email))).isTrue();

        assertThat(accounts.create(account(second, email))).isFalse();

        assertThat(accounts.findById(second)).isEmpty();
        assertThat(accounts.findByEmail(email).map(Account::accountId)).contains(first);
    }

    @Test
    void creatingTheSameAccountIdTwiceIsRefusedAndClaimsNoSecondEmail() {
        String id = unique("acct");
        assertThat(accounts.create(account(id, id + "@contoso.example"))).isTrue();

        assertThat(accounts.create(account(id, id + "-other@contoso.example"))).isFalse();

        assertThat(accounts.findByEmail(id + "-other@contoso.example")).isEmpty();
        assertThat(accounts.findById(id).map(Account::email)).contains(id + "@contoso.example");
    }

    @Test
    void ofTwentyConcurrentSignUpsForOneEmailExactlyOneSucceeds() throws Exception {
        String email = unique("race") + "@contoso.example";
        List<Callable<Boolean>> signUps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = unique("racer" + i);
            signUps.add(() -> accounts.create(account(id, email)));
        }

        long succeeded = 0;
        for (Future<Boolean> result : threads.invokeAll(signUps)) {
            succeeded += result.get() ? 1 : 0;
        }

        assertThat(succeeded).isEqualTo(1);
        assertThat(accounts.findByEmail(email)).isPresent();
    }

    @Test
    void updateBumpsTheVersionAndAStaleCopyIsRefused() {
        String id = unique("acct");
        accounts.create(account(id, id + "@contoso.example"));
        Account read = accounts.findById(id).orElseThrow();

        Account saved = accounts.update(read.withPassword("hash-1", NOW));

        assertThat(saved.version()).isEqualTo(2);
        assertThat(accounts.findById(id)).contains(saved);
        assertThatThrownBy(() -> accounts.update(read.withPassword("hash-2", NOW)))
                .isInstanceOf(ConcurrentUpdateException.class);
        assertThat(accounts.findById(id).orElseThrow().passwordHash()).isEqualTo("hash-1");
        assertThat(accounts.update(saved.withPassword("hash-3", NOW)).version()).isEqualTo(3);
    }

    @Test
    void updatingAnAccountThatWasNeverCreatedIsRefusedRatherThanCreatingAProfileWithoutItsEmailClaim() {
        String id = unique("ghost");

        assertThatThrownBy(() -> accounts.update(account(id, id + "@contoso.example").withVersion(1)))
                .isInstanceOf(ConcurrentUpdateException.class);

        assertThat(accounts.findById(id)).isEmpty();
    }

    @Test
    void linkingATenantStoresItWithItsDomainsAndClaimsIt() {
        String id = unique("acct");
        String tenant = unique("tenant");
        accounts.create(account(id, id + "@contoso.example"));
        Account read = accounts.findById(id).orElseThrow();

        assertThat(accounts.linkTenant(read.withTenant(tenant, List.of("contoso.example"), "Contoso"))).isTrue();

        Account linked = accounts.findById(id).orElseThrow();
        assertThat(linked.tenantId()).isEqualTo(tenant);
        assertThat(linked.tenantDomains()).containsExactly("contoso.example");
        assertThat(linked.tenantName()).isEqualTo("Contoso");
        assertThat(linked.version()).isEqualTo(2);
        // Re-consent by the same account re-links its own tenant.
        assertThat(accounts.linkTenant(linked)).isTrue();
        assertThat(accounts.findById(id).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void aTenantClaimedByAnotherAccountIsRefusedAndTheAccountIsLeftAsItWas() {
        String tenant = unique("tenant");
        String owner = unique("owner");
        String other = unique("other");
        accounts.create(account(owner, owner + "@contoso.example"));
        accounts.create(account(other, other + "@fabrikam.example"));
        assertThat(accounts.linkTenant(accounts.findById(owner).orElseThrow().withTenant(tenant, List.of()))).isTrue();
        Account otherRead = accounts.findById(other).orElseThrow();

        assertThat(accounts.linkTenant(otherRead.withTenant(tenant, List.of("fabrikam.example")))).isFalse();

        assertThat(accounts.findById(other)).contains(otherRead);
        assertThat(claimOwner("TENANT#" + tenant)).isEqualTo(owner);
        assertThat(accounts.tenantOwner(tenant.toUpperCase(java.util.Locale.ROOT))).as("looked up before consent").contains(owner);
        assertThat(accounts.tenantOwner(unique("unlinked"))).isEmpty();
    }

    @Test
    void aTenantIdInAnotherLetterCaseIsStillTheSameTenant() {
        String tenant = unique("tenant-abcdef");
        String owner = unique("owner");
        String other = unique("other");
        accounts.create(account(owner, owner + "@contoso.example"));
        accounts.create(account(other, other + "@fabrikam.example"));
        assertThat(accounts.linkTenant(accounts.findById(owner).orElseThrow().withTenant(tenant, List.of()))).isTrue();

        assertThat(accounts.linkTenant(accounts.findById(other).orElseThrow()
                .withTenant(tenant.toUpperCase(java.util.Locale.ROOT), List.of()))).isFalse();

        assertThat(accounts.findById(other).orElseThrow().isTenantLinked()).isFalse();
    }

    @Test
    void aStaleAccountIsAConcurrentUpdateAndClaimsNoTenant() {
        String id = unique("acct");
        String tenant = unique("tenant");
        accounts.create(account(id, id + "@contoso.example"));
        Account stale = accounts.findById(id).orElseThrow();
        accounts.update(stale.withPassword("hash", NOW));

        assertThatThrownBy(() -> accounts.linkTenant(stale.withTenant(tenant, List.of())))
                .isInstanceOf(ConcurrentUpdateException.class);

        assertThat(accounts.findById(id).orElseThrow().isTenantLinked()).isFalse();
        assertThat(claimOwner("TENANT#" + tenant)).isNull();
        // The tenant is still free for whoever links it with a current copy.
        assertThat(accounts.linkTenant(accounts.findById(id).orElseThrow().withTenant(tenant, List.of()))).isTrue();
    }

    @Test
    void aStaleAccountAskingForAnotherAccountsTenantIsToldTheTenantIsTakenSinceARetryCouldNotChangeThat() {
        String tenant = unique("tenant");
        String owner = unique("owner");
        String other = unique("other");
        accounts.create(account(owner, owner + "@contoso.example"));
        accounts.create(account(other, other + "@fabrikam.example"));
        accounts.linkTenant(accounts.findById(owner).orElseThrow().withTenant(tenant, List.of()));
        Account stale = accounts.findById(other).orElseThrow();
        accounts.update(stale.withPassword("hash", NOW));

        assertThat(accounts.linkTenant(stale.withTenant(tenant, List.of()))).isFalse();
    }

    @Test
    void ofTwoAccountsRacingForOneTenantExactlyOneGetsIt() throws Exception {
        for (int round = 0; round < 5; round++) {
            String tenant = unique("contested");
            List<Callable<Boolean>> links = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String id = unique("racer" + i);
                accounts.create(account(id, id + "@contoso.example"));
                Account read = accounts.findById(id).orElseThrow();
                links.add(() -> accounts.linkTenant(read.withTenant(tenant, List.of())));
            }
            long linked = 0;
            for (Future<Boolean> result : threads.invokeAll(links)) {
                linked += result.get() ? 1 : 0;
            }
            assertThat(linked).as("round %d", round).isEqualTo(1);
        }
    }

    private static String claimOwner(String claimKey) {
        Map<String, AttributeValue> item = DYNAMO.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("accountId", AttributeValue.fromS(claimKey), "sk", AttributeValue.fromS("CLAIM")))).item();
        return item == null || item.isEmpty() ? null : item.get("ownerAccountId").s();
    }

    @Test
    void connectedAccountsAreListedFromTheSparseIndexAndOthersAreNot() {
        String linked = unique("acct");
        String alone = unique("acct");
        accounts.create(account(linked, linked + "@contoso.example"));
        accounts.create(account(alone, alone + "@contoso.example"));
        Account created = accounts.findById(linked).orElseThrow();
        assertThat(accounts.linkTenant(created.withTenant("tenant-" + linked, List.of("contoso.example")))).isTrue();
        assertThat(accounts.connectedAccountIds()).contains(linked).doesNotContain(alone);
    }
}
