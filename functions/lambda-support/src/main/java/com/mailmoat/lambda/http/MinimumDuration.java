package com.mailmoat.lambda.http;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Makes an answer take at least a fixed time, so that how long it took says nothing about which
 * path produced it (a new address, a known one without a password, a known one with one: the
 * same "accepted" after different amounts of work). The floor should sit well above the slowest
 * path; only answers that must not differ are paced, and errors are not.
 */
public final class MinimumDuration {
    /** Waits for a number of nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long floorNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    public MinimumDuration(Duration floor) {
        this(floor, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** For tests: a clock and a sleeper of their own. */
    public MinimumDuration(Duration floor, LongSupplier nanoTime, Sleeper sleeper) {
        this.floorNanos = floor.toNanos();
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Runs {@code work}; if it returns sooner than the floor, waits out the rest before returning. */
    public <T> T run(Supplier<T> work) {
        long started = nanoTime.getAsLong();
        T result = work.get();
        long remaining = floorNanos - (nanoTime.getAsLong() - started);
        if (remaining > 0) {
            try {
                sleeper.sleepNanos(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return result;
    }
}
