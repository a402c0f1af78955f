package com.mailmoat.bench;

import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread throughput of {@link DetectionEngine#evaluate}: each operation judges the next
 * message of a folder of .eml files (cycling), so the score is messages per second over the
 * folder's real mix of sizes. The folder defaults to {@code ../shared/corpus} (run from the
 * repository root) and is set with {@code -p corpus=/path}; {@code -p model=/path/model.bin} adds
 * a learning-layer model.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@Threads(1)
public class DetectionEngineBenchmark {

    @Param("../shared/corpus")
    public String corpus;

    /** A model file written by {@code mailmoat-detect train} to evaluate with; empty for rules only. */
    @Param("")
    public String model;

    private DetectionEngine engine;
    private TenantContext context;
    private byte[][] messages;
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        engine = DetectionEngine.withDefaultRules();
        context = TenantContext.empty();
        if (!model.isEmpty()) {
            try {
                context = context.withModel(com.mailmoat.detect.model.DetectionModel.fromBytes(Files.readAllBytes(Path.of(model))));
            } catch (com.mailmoat.detect.model.ModelFormatException e) {
                throw new IllegalArgumentException("cannot use model " + model + ": " + e.getMessage(), e);
            }
        }
        List<byte[]> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(corpus))) {
            files.filter(p -> p.toString().endsWith(".eml")).sorted().forEach(p -> {
                try {
                    all.add(Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("no .eml files under " + corpus + " (set -p corpus=/path)");
        }
        messages = all.toArray(new byte[0][]);
    }

    @Benchmark
    public Verdict evaluateNextMessage() {
        byte[] mime = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        return engine.evaluate(mime, context);
    }
}
