package com.mailmoat.lambda.snapstart;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    /** Every priming of this JVM, for {@link #runAll()}: without CRaC, {@code org.crac} keeps none. */
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    private final String function;
    private final List<Step> steps;

    /** One named piece of priming work. */
    public record Step(String name, Runnable work) {
    }

    private Priming(String function, List<Step> steps) {
        this.function = function;
        this.steps = List.copyOf(steps);
    }

    /** A step, named for logs and test failures. */
    public static Step step(String name, Runnable work) {
        return new Step(name, work);
    }

    /**
     * Registers {@code steps} with the JVM's CRaC context and returns the resource (kept by the
     * caller: CRaC holds resources weakly).
     */
    public static Priming register(String function, Step... steps) {
        Priming priming = new Priming(function, new ArrayList<>(List.of(steps)));
        Core.getGlobalContext().register(priming);
        REGISTERED.add(priming);
        return priming;
    }

    /**
     * Runs the priming of every wiring of this JVM, as a checkpoint would (the cold-start benchmark
     * measures a first request after it; this JVM has no CRaC to checkpoint with).
     */
    public static void runAll() {
        REGISTERED.forEach(priming -> priming.beforeCheckpoint(null));
    }

    /** Runs every step; a failing step is logged and skipped (priming is an optimisation). */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long started = System.nanoTime();
        List<String> failed = run();
        LOG.info("Primed {} in {} ms ({} of {} steps failed)", function, (System.nanoTime() - started) / 1_000_000,
                failed.size(), steps.size());
    }

    /** Runs every step and returns the failures ("step: exception"), empty when all succeeded. */
    public List<String> run() {
        List<String> failures = new ArrayList<>();
        for (Step step : steps) {
            try {
                step.work().run();
            } catch (RuntimeException e) {
                failures.add(step.name() + ": " + e);
                LOG.warn("Priming step {} of {} failed: {}", step.name(), function, e.toString());
            }
        }
        return failures;
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: clients reconnect on first use, and no credentials are cached here.
    }

    /** The steps' names, in order. */
    public List<String> stepNames() {
        return steps.stream().map(Step::name).toList();
    }
}
