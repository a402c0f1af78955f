package com.mailmoat.adapters.aws.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Single-item DynamoDB writes run side by side: a scan's start writes two items per mailbox, and a tenant's tens of
 * thousands of mailboxes must fit in one invocation (one after another they take about 5 ms each).
 */
final class ParallelWrites {
    /** Requests in flight at once; well within on-demand tables' limits and the HTTP client's reuse. */
    static final int AT_ONCE = 16;
    /** Below this, threads cost more than they save. */
    private static final int SEQUENTIAL_UP_TO = 4;

    private ParallelWrites() {
    }

    /** Applies {@code write} to every item; when any fails, the first failure is thrown once all have run. */
    static <T> void each(List<T> items, Consumer<T> write) {
        if (items.size() <= SEQUENTIAL_UP_TO) {
            items.forEach(write);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(AT_ONCE, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "mailmoat-parallel-writes");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = new ArrayList<>(items.size());
            for (T item : items) {
                running.add(pool.submit(() -> write.accept(item)));
            }
            RuntimeException first = null;
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while writing", e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
