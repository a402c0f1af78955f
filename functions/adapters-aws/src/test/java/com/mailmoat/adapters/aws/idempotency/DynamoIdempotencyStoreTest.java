package com.mailmoat.adapters.aws.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.idempotency.IdempotencyStore.Claim;
import com.mailmoat.core.idempotency.IdempotencyStore.Status;
import com.mailmoat.testkit.LocalDynamoDb;
import com.mailmoat.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Claims with leases, outcomes and releases against DynamoDB Local, time moved by hand. */
class DynamoIdempotencyStoreTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static String table;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final DynamoIdempotencyStore store = new DynamoIdempotencyStore(DYNAMO, table, clock);

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("IdempotencyTable");
    }

    private static String key() {
        return "notification#" + System.nanoTime();
    }

    @Test
    void theFirstClaimAcquiresAndASecondWhileItIsHeldIsInProgress() {
        String key = key();

        assertThat(store.claim(key, LEASE)).isEqualTo(Claim.acquired());
        assertThat(store.claim(key, LEASE)).isEqualTo(Claim.inProgress());
        assertThat(store.claim(key(), LEASE).status()).isEqualTo(Status.ACQUIRED);
    }

    @Test
    void aCompletedItemIsDoneWithItsOutcomeForeverAfterEvenPastTheLease() {
        String key = key();
        store.claim(key, LEASE);

        store.complete(key, "DELIVERED");

        assertThat(store.claim(key, LEASE)).isEqualTo(Claim.done("DELIVERED"));
        clock.advance(LEASE.multipliedBy(3));
        assertThat(store.claim(key, LEASE)).isEqualTo(Claim.done("DELIVERED"));
    }

    @Test
    void aReleasedClaimCanBeTakenAgainAtOnce() {
        String key = key();
        store.claim(key, LEASE);

        store.release(key);

        assertThat(store.claim(key, LEASE).status()).isEqualTo(Status.ACQUIRED);
    }

    @Test
    void releasingAfterCompletionIsANoOpAndKeepsTheItemDone() {
        String key = key();
        store.claim(key, LEASE);
        store.complete(key, "DELIVERED");

        store.release(key);
        store.release("never-claimed-" + key);

        assertThat(store.claim(key, LEASE)).isEqualTo(Claim.done("DELIVERED"));
    }

    @Test
    void aClaimThatWasNeverCompletedLapsesAfterItsLease() {
        String key = key();
        store.claim(key, LEASE);

        clock.advance(LEASE.minusSeconds(1));
        assertThat(store.claim(key, LEASE).status()).isEqualTo(Status.IN_PROGRESS);

        clock.advance(Duration.ofSeconds(2));
        assertThat(store.claim(key, LEASE).status()).isEqualTo(Status.ACQUIRED);
        // The new claim has a lease of its own.
        assertThat(store.claim(key, LEASE).status()).isEqualTo(Status.IN_PROGRESS);
    }

    @Test
    void ofManyConcurrentClaimsOfOneItemExactlyOneAcquires() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            String key = key();
            List<Callable<Claim>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                claims.add(() -> store.claim(key, LEASE));
            }
            int acquired = 0;
            for (Future<Claim> result : threads.invokeAll(claims)) {
                acquired += result.get().status() == Status.ACQUIRED ? 1 : 0;
            }
            assertThat(acquired).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void recordsExpireThroughTheTablesTtlAttributeInEpochSeconds() {
        String key = key();
        store.claim(key, LEASE);

        Map<String, AttributeValue> item = DYNAMO.getItem(r -> r.tableName(table)
                .key(Map.of("idempotencyKey", AttributeValue.fromS(key)))).item();
        long expiresAt = Long.parseLong(item.get("expiresAt").n());
        assertThat(Instant.ofEpochSecond(expiresAt)).isAfter(clock.instant().plus(LEASE));
    }
}
