package com.mailmoat.adapters.aws.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The Throttles table adapter against DynamoDB Local. */
class DynamoAttemptCounterTest {
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
    private final DynamoAttemptCounter counter = new DynamoAttemptCounter(LocalDynamoDb.client(),
            LocalDynamoDb.tables().get("ThrottlesTable"));

    @Test
    void concurrentIncrementsEachSeeADistinctCount() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> counts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                counts.add(pool.submit(() -> {
                    start.await();
                    return counter.increment("k", LATER);
                }));
            }
            start.countDown();
            List<Integer> seen = new ArrayList<>();
            for (Future<Integer> count : counts) {
                seen.add(count.get());
            }
            assertThat(seen).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void decrementStopsAtZeroAndClearForgets() {
        counter.decrement("d");
        assertThat(counter.count("d")).isZero();
        counter.increment("d", LATER);
        counter.increment("d", LATER);
        counter.decrement("d");
        assertThat(counter.count("d")).isEqualTo(1);
        counter.decrement("d");
        counter.decrement("d");
        assertThat(counter.count("d")).isZero();
        counter.increment("d", LATER);
        counter.clear("d");
        assertThat(counter.count("d")).isZero();
    }

    /** Finding 4: a 2,040-character key was over DynamoDB's 2,048-byte limit and made a 500. */
    @Test
    void overlongKeysStillWork() {
        String key = "login-account:" + "é".repeat(3000);
        assertThat(counter.increment(key, LATER)).isEqualTo(1);
        assertThat(counter.count(key)).isEqualTo(1);
    }
}
