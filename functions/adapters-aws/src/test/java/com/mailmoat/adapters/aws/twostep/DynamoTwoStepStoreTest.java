package com.mailmoat.adapters.aws.twostep;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.adapters.aws.account.DynamoAccountRepository;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.twostep.TwoStepState;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Two-step sign-in beside the account's profile, against DynamoDB Local: every field kept, a stale write refused. */
class DynamoTwoStepStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static String table;

    private final DynamoTwoStepStore store = new DynamoTwoStepStore(DYNAMO, table);

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
}
