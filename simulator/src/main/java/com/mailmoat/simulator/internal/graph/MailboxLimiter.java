package com.mailmoat.simulator.internal.graph;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Outlook's per-app-per-mailbox limits: a sliding-window request budget and a cap on requests
 * in flight. A refused request does not count against the budget.
 */
final class MailboxLimiter {

    /** Why a request was refused and how long to wait, in seconds. */
    record Refusal(String limit, double retryAfterSeconds) {
    }

    private static final class State {
        final Deque<Long> starts = new ArrayDeque<>();
        int inFlight;
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    /** The mailbox's requests in flight right after this thread's successful acquire. */
    private final ThreadLocal<Integer> lastInFlight = ThreadLocal.withInitial(() -> 0);

    /** The acquiring mailbox's requests in flight just after this thread's last successful {@link #tryAcquire}. */
    int inFlightAfterAcquire() {
        return lastInFlight.get();
    }

    /** Takes a slot, or returns why not. Every successful acquire must be followed by {@link #release}. */
    Refusal tryAcquire(String key, int budget, Duration window, int concurrency, double concurrencyRetryAfter) {
        State state = states.computeIfAbsent(key, k -> new State());
        long now = System.nanoTime();
        synchronized (state) {
            long windowNanos = window.toNanos();
            while (!state.starts.isEmpty() && now - state.starts.peekFirst() >= windowNanos) {
                state.starts.pollFirst();
            }
            if (budget > 0 && state.starts.size() >= budget) {
                long waitNanos = state.starts.peekFirst() + windowNanos - now;
                return new Refusal("MailboxRequests", Math.max(0.001, waitNanos / 1e9));
            }
            if (concurrency > 0 && state.inFlight >= concurrency) {
                return new Refusal("MailboxConcurrency", concurrencyRetryAfter);
            }
            state.starts.addLast(now);
            state.inFlight++;
            lastInFlight.set(state.inFlight);
            return null;
        }
    }

    void release(String key) {
        State state = states.get(key);
        if (state != null) {
            synchronized (state) {
                state.inFlight--;
            }
        }
    }
}
