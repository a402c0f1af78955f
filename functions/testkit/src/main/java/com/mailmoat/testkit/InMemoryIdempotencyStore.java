package com.mailmoat.testkit;

import com.mailmoat.core.idempotency.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Idempotency records in memory, with the same lease rules as the DynamoDB store. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
    private record Entry(boolean done, String outcome, Instant leaseUntil) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryIdempotencyStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Claim claim(String key, Duration lease) {
        Entry existing = entries.get(key);
        Instant now = clock.instant();
        if (existing != null && existing.done()) {
            return Claim.done(existing.outcome());
        }
        if (existing != null && existing.leaseUntil().isAfter(now)) {
            return Claim.inProgress();
        }
        entries.put(key, new Entry(false, null, now.plus(lease)));
        return Claim.acquired();
    }

    @Override
    public synchronized void complete(String key, String outcome) {
        entries.put(key, new Entry(true, outcome, Instant.MAX));
    }

    @Override
    public synchronized void release(String key) {
        Entry existing = entries.get(key);
        if (existing != null && !existing.done()) {
            entries.remove(key);
        }
    }

    public boolean isDone(String key) {
        Entry entry = entries.get(key);
        return entry != null && entry.done();
    }
}
