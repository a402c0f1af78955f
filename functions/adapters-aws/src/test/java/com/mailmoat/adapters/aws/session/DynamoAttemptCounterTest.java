package com.mailmoat.adapters.aws.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.LocalDynamoDb;
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

/** Failure counters against DynamoDB Local. */
class DynamoAttemptCounterTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static final Instant FORGET_AT = Instant.parse("2026-11-23T18:00:00Z");
    private static String table;

    private final DynamoAttemptCounter counter = new DynamoAttemptCounter(DYNAMO, table);

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("ThrottlesTable");
    }

    @Test
    void anUnknownKeyHasNoFailuresAndEachIncrementReturnsTheNewCount() {
        String key = "account:a@contoso.example#" + System.nanoTime();
        assertThat(counter.count(key)).isZero();

        assertThat(counter.increment(key, FORGET_AT)).isEqualTo(1);
        assertThat(counter.increment(key, FORGET_AT)).isEqualTo(2);

        assertThat(counter.count(key)).isEqualTo(2);
        assertThat(counter.count(key + "-other")).isZero();
    }

    @Test
    void concurrentIncrementsAreNeverLost() throws Exception {
        String key = "source:198.51.100.7#" + System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> increments = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                increments.add(() -> counter.increment(key, FORGET_AT));
            }
            List<Integer> returned = new ArrayList<>();
            for (Future<Integer> result : threads.invokeAll(increments)) {
                returned.add(result.get());
            }
            assertThat(counter.count(key)).isEqualTo(40);
            // Every caller saw a different count: each increment is atomic.
            assertThat(returned).doesNotHaveDuplicates().hasSize(40);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void clearStartsAgainFromZero() {
        String key = "account:b@contoso.example#" + System.nanoTime();
        counter.increment(key, FORGET_AT);
        counter.increment(key, FORGET_AT);

        counter.clear(key);

        assertThat(counter.count(key)).isZero();
        assertThat(counter.increment(key, FORGET_AT)).isEqualTo(1);
    }

    @Test
    void theCounterCarriesTheTablesTtlAttributeInEpochSeconds() {
        String key = "account:c@contoso.example#" + System.nanoTime();
        counter.increment(key, FORGET_AT);

        Map<String, AttributeValue> item = DYNAMO.getItem(r -> r.tableName(table)
                .key(Map.of("throttleKey", AttributeValue.fromS(key)))).item();
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(FORGET_AT.getEpochSecond()));
    }

    @Test
    void decrementStopsAtZero() {
        String key = "source:d#" + System.nanoTime();
        counter.decrement(key);
        assertThat(counter.count(key)).isZero();
        counter.increment(key, FORGET_AT);
        counter.increment(key, FORGET_AT);
        counter.decrement(key);
        assertThat(counter.count(key)).isEqualTo(1);
        counter.decrement(key);
        counter.decrement(key);
        assertThat(counter.count(key)).isZero();
    }

    /** Issue 19, finding 4: a 2,040-character key was over DynamoDB's 2,048-byte limit and made a 500. */
    @Test
    void overlongKeysStillWork() {
        String key = "login-account:" + "\u00e9".repeat(3000) + System.nanoTime();
        assertThat(counter.increment(key, FORGET_AT)).isEqualTo(1);
        assertThat(counter.count(key)).isEqualTo(1);
    }
}
