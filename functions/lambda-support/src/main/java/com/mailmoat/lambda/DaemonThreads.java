package com.mailmoat.lambda;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads for a function's worker pools: daemons, so an idle pool never keeps a runtime from ending. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads named {@code <name>-1}, {@code <name>-2}, … (as they show in thread dumps and logs). */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
