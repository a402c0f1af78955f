package com.mailmoat.detect.cli;

import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.model.DetectionModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code train}: extracts the features of every labelled message (with the rules' verdict, which
 * the model is stacked on), trains and calibrates a base model, and writes it.
 */
final class TrainCommand {

    private final DetectionEngine engine;
    private final PrintStream out;

    TrainCommand(DetectionEngine engine, PrintStream out) {
        this.engine = engine;
        this.out = out;
    }

    /** Trains on the messages of {@code labels} (without printing). */
    static DetectionModel train(DetectionEngine engine, List<LabelledSet.Message> messages,
                                DetectionModel.TrainingOptions options) {
        List<DetectionModel.Example> examples = new ArrayList<>(messages.size());
        for (LabelledSet.Message m : messages) {
            examples.add(new DetectionModel.Example(engine.assess(m.mime(), TenantContext.empty(), null).features(),
                    m.phish(), 1.0));
        }
        return DetectionModel.train(examples, options);
    }

    int run(Path labels, Path root, Path outFile, Function<String, DetectionModel.TrainingOptions> options)
            throws IOException {
        long start = System.nanoTime();
        List<LabelledSet.Message> messages = LabelledSet.read(labels, root);
        long phish = messages.stream().filter(LabelledSet.Message::phish).count();
        DetectionModel model = train(engine, messages, options.apply("trained " + Instant.now() + " on "
                + labels.getFileName() + " (" + messages.size() + " messages, " + phish + " phish)"));
        byte[] bytes = model.toBytes();
        Files.write(outFile, bytes);
        DetectionModel.Calibration c = model.calibration();
        out.printf(Locale.ROOT, "trained on %d messages (%d phish, %d ham) in %.1f s%n", messages.size(), phish,
                messages.size() - phish, (System.nanoTime() - start) / 1e9);
        out.printf(Locale.ROOT, "model: %d bits, %d non-zero weights, rule scale %.3f, offset %.2f, bounds +%.1f/-%.1f"
                        + " (own mail +%.1f)%n", model.hashBits(), model.size(), model.ruleScale(), c.offset(), c.maxRaise(),
                c.maxLower(), c.maxRaiseGuarded());
        out.printf(Locale.ROOT, "wrote %s (%d bytes)%n", outFile, bytes.length);
        return 0;
    }
}
