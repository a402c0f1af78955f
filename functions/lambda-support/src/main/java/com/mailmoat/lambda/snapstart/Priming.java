package com.mailmoat.lambda.snapstart;

import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: work a function's wiring registers to run once before Lambda snapshots the
 * initialised JVM (CRaC {@code beforeCheckpoint}), so the restored instance has its classes loaded
 * and its clients' first-use paths exercised. Priming must not write anything: read a key that does
 * not exist, serialise a sample, build a request without sending it. Outside a checkpoint (tests,
 * the local runtime, the java21 runtime without SnapStart) nothing runs unless called directly.
 */
public final class Priming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

    private final String function;
    private final List<Runnable> steps;

    private Priming(String function, List<Runnable> steps) {
        this.function = function;
        this.steps = List.copyOf(steps);
    }

    /**
     * Registers {@code steps} with the JVM's CRaC context and returns the resource (kept by the
     * caller: CRaC holds resources weakly).
     */
    public static Priming register(String function, Runnable... steps) {
        Priming priming = new Priming(function, new ArrayList<>(List.of(steps)));
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** Runs every step; a failing step is logged and skipped (priming is an optimisation). */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long started = System.nanoTime();
        int failed = 0;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("Priming step of {} failed: {}", function, e.toString());
            }
        }
        LOG.info("Primed {} in {} ms ({} of {} steps failed)", function, (System.nanoTime() - started) / 1_000_000,
                failed, steps.size());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: clients reconnect on first use, and no credentials are cached here.
    }

    /** For tests: how many steps are registered. */
    public int size() {
        return steps.size();
    }
}
