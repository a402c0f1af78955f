package com.mailmoat.detect.cli;

import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.detect.Level;
import com.mailmoat.detect.Reason;
import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.Verdict;
import com.mailmoat.detect.model.DetectionModel;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code eval}: recall on phish, false-positive rate on ham (flagged = SUSPICIOUS or
 * MALICIOUS), confusion table, per-subset results (file-name prefix before the first '-'),
 * rule statistics, single-thread throughput (CPU time of this thread, the median of at least five
 * timed passes after warm-up passes that last until the JIT has stopped compiling), memory allocated
 * per message, the worst misses and
 * false positives, and a last line {@code recall=R fpr=F msgs_per_s=T}.
 */
final class EvalCommand {

    private static final long MIN_TIMED_NANOS = 2_000_000_000L;
    private static final int MAX_TIMED_PASSES = 20;
    private static final int MIN_TIMED_PASSES = 5;
    /** Warm-up ends after a pass during which the JIT compiled for less than this (all compiler threads). */
    private static final long SETTLED_COMPILE_MILLIS = 25;
    private static final int MIN_WARM_PASSES = 3;
    private static final long MAX_WARM_NANOS = 30_000_000_000L;
    private String warmUp = "";
    private double slowestPass;
    private double fastestPass;

    private final DetectionEngine engine;
    private final PrintStream out;
    private final DetectionModel model;

    EvalCommand(DetectionEngine engine, DetectionModel model, PrintStream out) {
        this.engine = engine;
        this.model = model;
        this.out = out;
    }

    /** One labelled message and its verdict. */
    private record Sample(String path, boolean phish, String subset, byte[] mime, Verdict[] verdict) {
    }

    int run(Path labels, Path rootOrNull) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (LabelledSet.Message m : LabelledSet.read(labels, rootOrNull)) {
            samples.add(new Sample(m.path(), m.phish(), m.subset(), m.mime(), new Verdict[1]));
        }
        TenantContext ctx = TenantContext.empty().withModel(model);
        long bytes = 0;
        for (Sample s : samples) {
            s.verdict()[0] = engine.evaluate(s.mime(), ctx); // also the warm-up pass
            bytes += s.mime().length;
        }
        // Throughput is measured in CPU time of this (single) thread, so that other processes
        // sharing the machine do not distort it; wall-clock time is reported beside it.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
        // untimed passes until the JIT has compiled the hot paths: HotSpot's C2 keeps compiling for
        // several seconds on this corpus, and a fixed three passes measured partly compiled code, so
        // warm up until a whole pass adds less than SETTLED_COMPILE_MILLIS of compilation
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long warmStart = System.nanoTime();
        long warmCpuStart = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
        int warmPasses = 1;
        boolean settled = false;
        while (!settled && System.nanoTime() - warmStart < MAX_WARM_NANOS) {
            long compiledBefore = jitTimed ? jit.getTotalCompilationTime() : 0;
            for (Sample s : samples) {
                engine.evaluate(s.mime(), ctx);
            }
            warmPasses++;
            settled = warmPasses >= MIN_WARM_PASSES
                    && (!jitTimed || jit.getTotalCompilationTime() - compiledBefore < SETTLED_COMPILE_MILLIS);
        }
        long warmTook = cpuTime ? threads.getCurrentThreadCpuTime() - warmCpuStart : System.nanoTime() - warmStart;
        // the rate while the JIT was still at work: what a freshly started process (a cold Lambda) gets first
        double warmRate = samples.size() * (warmPasses - 1) / (Math.max(1, warmTook) / 1e9);
        this.warmUp = String.format(Locale.ROOT, "%d warm-up passes (%.1f s%s, at %.0f msgs/s)", warmPasses,
                (System.nanoTime() - warmStart) / 1e9, !jitTimed ? "" : settled ? " until the JIT settled" : ", the JIT still compiling",
                warmRate);
        long allocatedBefore = allocatedBytes(threads);
        // several timed passes, each timed on its own: the median pass is the figure, so that one
        // pass disturbed by a busy machine does not decide it
        List<Double> rates = new ArrayList<>();
        long start = System.nanoTime();
        long cpuStart = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
        long elapsed;
        do {
            long passWall = System.nanoTime();
            long passCpu = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
            for (Sample s : samples) {
                engine.evaluate(s.mime(), ctx);
            }
            long took = cpuTime ? threads.getCurrentThreadCpuTime() - passCpu : System.nanoTime() - passWall;
            rates.add(samples.size() / (Math.max(1, took) / 1e9));
            elapsed = System.nanoTime() - start;
        } while ((rates.size() < MIN_TIMED_PASSES || elapsed < MIN_TIMED_NANOS) && rates.size() < MAX_TIMED_PASSES);
        int passes = rates.size();
        double wallSeconds = elapsed / 1e9;
        double seconds = cpuTime ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : wallSeconds;
        long allocated = allocatedBytes(threads) - allocatedBefore;
        List<Double> sorted = new ArrayList<>(rates);
        java.util.Collections.sort(sorted);
        double msgsPerSecond = sorted.get(sorted.size() / 2);
        double mbPerSecond = msgsPerSecond * bytes / samples.size() / 1e6;
        double wallMsgsPerSecond = samples.size() * (double) passes / wallSeconds;
        this.slowestPass = sorted.get(0);
        this.fastestPass = sorted.get(sorted.size() - 1);
        report(samples, bytes, msgsPerSecond, mbPerSecond, passes, wallMsgsPerSecond, cpuTime,
                allocated < 0 ? -1 : allocated / ((double) samples.size() * passes));
        return 0;
    }

    /** Bytes this thread has allocated so far (HotSpot), or -1 when unknown. */
    private static long allocatedBytes(ThreadMXBean threads) {
        if (threads instanceof com.sun.management.ThreadMXBean hotspot && hotspot.isThreadAllocatedMemorySupported()) {
            return hotspot.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    private void report(List<Sample> samples, long bytes, double msgsPerSecond, double mbPerSecond, int passes,
                        double wallMsgsPerSecond, boolean cpuTime, double allocatedPerMessage) {
        int tp = 0, fn = 0, fp = 0, tn = 0;
        int[] levels = new int[Level.values().length * 2];
        Map<String, int[]> subsets = new TreeMap<>();
        Map<String, int[]> ruleHits = new TreeMap<>();
        for (Sample s : samples) {
            Verdict v = s.verdict()[0];
            boolean flagged = v.flagged();
            if (s.phish()) {
                if (flagged) tp++; else fn++;
            } else {
                if (flagged) fp++; else tn++;
            }
            levels[v.level().ordinal() * 2 + (s.phish() ? 0 : 1)]++;
            int[] sub = subsets.computeIfAbsent(s.subset() + (s.phish() ? " (phish)" : " (ham)"), k -> new int[2]);
            sub[0]++;
            if (flagged) {
                sub[1]++;
            }
            for (Reason r : v.reasons()) {
                ruleHits.computeIfAbsent(r.rule(), k -> new int[2])[s.phish() ? 0 : 1]++;
            }
        }
        int phish = tp + fn;
        int ham = fp + tn;
        double recall = phish == 0 ? 0 : tp / (double) phish;
        double fpr = ham == 0 ? 0 : fp / (double) ham;
        out.printf(Locale.ROOT, "messages: %d (phish %d, ham %d), %.1f MB%n", samples.size(), phish, ham, bytes / 1e6);
        out.printf(Locale.ROOT, "thresholds: suspicious at %s, malicious at %s; model: %s%n", number(engine.rules().suspiciousAt()),
                number(engine.rules().maliciousAt()), model == null ? "none (rules only)" : model.toString());
        out.println();
        out.println("confusion (flagged = SUSPICIOUS or MALICIOUS):");
        out.printf(Locale.ROOT, "  %-8s %8s %8s%n", "", "flagged", "clean");
        out.printf(Locale.ROOT, "  %-8s %8d %8d%n", "phish", tp, fn);
        out.printf(Locale.ROOT, "  %-8s %8d %8d%n", "ham", fp, tn);
        out.printf(Locale.ROOT, "  levels phish: CLEAN %d, SUSPICIOUS %d, MALICIOUS %d%n", levels[0], levels[2], levels[4]);
        out.printf(Locale.ROOT, "  levels ham:   CLEAN %d, SUSPICIOUS %d, MALICIOUS %d%n", levels[1], levels[3], levels[5]);
        out.printf(Locale.ROOT, "  recall %.3f, false-positive rate %.3f, precision %.3f%n", recall, fpr,
                tp + fp == 0 ? 0 : tp / (double) (tp + fp));
        out.println();
        out.println("per subset (phish: recall; ham: false-positive rate):");
        subsets.forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s %5d messages %5d flagged  %.3f%n", k, v[0], v[1], v[1] / (double) v[0]));
        out.println();
        out.println("rules fired (phish / ham messages):");
        ruleHits.forEach((k, v) -> out.printf(Locale.ROOT, "  %-34s %5d %5d%n", k, v[0], v[1]));
        out.println();
        out.printf(Locale.ROOT, "throughput: %.0f msgs/s, %.1f MB/s per %s second of one thread: median of %d timed passes"
                        + " (slowest %.0f, fastest %.0f) after %s (wall clock: %.0f msgs/s)%n",
                msgsPerSecond, mbPerSecond, cpuTime ? "CPU" : "wall-clock", passes, slowestPass, fastestPass, warmUp,
                wallMsgsPerSecond);
        if (allocatedPerMessage >= 0) {
            out.printf(Locale.ROOT, "memory: %.0f KB allocated per message on average (all of it garbage once the verdict is"
                    + " returned)%n", allocatedPerMessage / 1024);
        }
        out.println();
        out.println("worst misses (phish judged CLEAN, lowest scores):");
        samples.stream().filter(s -> s.phish() && !s.verdict()[0].flagged())
                .sorted(Comparator.comparingDouble(s -> s.verdict()[0].score())).limit(10).forEach(this::printSample);
        out.println();
        out.println("worst false positives (ham flagged, highest scores):");
        samples.stream().filter(s -> !s.phish() && s.verdict()[0].flagged())
                .sorted(Comparator.comparingDouble((Sample s) -> s.verdict()[0].score()).reversed()).limit(10).forEach(this::printSample);
        out.println();
        out.printf(Locale.ROOT, "recall=%.3f fpr=%.3f msgs_per_s=%d%n", recall, fpr, Math.round(msgsPerSecond));
    }

    static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private void printSample(Sample s) {
        Verdict v = s.verdict()[0];
        out.printf(Locale.ROOT, "  %s  %s %.2f%n", s.path(), v.level(), v.score());
        if (v.reasons().isEmpty()) {
            out.println("      (no rule fired)");
        }
        for (Reason r : v.reasons()) {
            out.printf(Locale.ROOT, "      %+.1f %s: %s%n", r.weight(), r.rule(), r.evidence());
        }
    }
}
