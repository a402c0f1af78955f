package com.mailmoat.testkit;

import com.mailmoat.core.session.AttemptCounter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Attempt counters in memory, atomic like the DynamoDB ones. */
public final class InMemoryAttemptCounter implements AttemptCounter {
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    @Override
    public int count(String key) {
        return counts.getOrDefault(key, 0);
    }

    @Override
    public int increment(String key, Instant expiresAt) {
        return counts.merge(key, 1, Integer::sum);
    }

    @Override
    public void decrement(String key) {
        counts.computeIfPresent(key, (k, v) -> v > 0 ? v - 1 : 0);
    }

    @Override
    public void clear(String key) {
        counts.remove(key);
    }
}
