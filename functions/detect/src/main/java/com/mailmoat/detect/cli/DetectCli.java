package com.mailmoat.detect.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.model.DetectionModel;
import com.mailmoat.detect.model.ModelFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mailmoat-detect} command line: {@code scan} judges .eml files and folders,
 * {@code eval} measures the engine on a labelled set. Exit code 0 on success, 2 on bad input
 * (with a message on standard error).
 */
public final class DetectCli {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private static final String USAGE = """
            usage:
              mailmoat-detect scan FILE|DIR... [--json] [--context context.json] [--rules rules.txt] [--model model.bin]
              mailmoat-detect eval --labels labels.csv [--root DIR] [--rules rules.txt]
                                   [--model model.bin | --train train-labels.csv]
              mailmoat-detect train --labels labels.csv [--root DIR] [--rules rules.txt] --out model.bin
            train and eval --train also take [--confidence P] [--max-raise POINTS]: how sure the model must be,
            with the rules, to tip a message over the SUSPICIOUS threshold (default 0.98), and the most points
            it may add (default 4).
            labels.csv has lines "path,label" (label phish or ham; paths relative to --root, else to the file).
            eval --train trains a model on one labels file and scores the messages of --labels with it.
            """;

    private DetectCli() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        int code = run(args, out, System.err);
        out.flush();
        System.exit(code);
    }

    /** Runs a command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            Options o = Options.parse(args);
            DetectionEngine engine = o.rules == null ? DetectionEngine.withDefaultRules() : DetectionEngine.fromRulesFile(o.rules);
            DetectionModel model = loadModel(o.model);
            return switch (args[0]) {
                case "scan" -> {
                    TenantContext ctx = loadContext(o.context);
                    yield new ScanCommand(engine, out).run(o.inputs, o.json, model != null ? ctx.withModel(model) : ctx);
                }
                case "eval" -> {
                    if (o.labels == null) {
                        throw new BadInput("eval needs --labels labels.csv");
                    }
                    if (o.train != null) {
                        if (model != null) {
                            throw new BadInput("eval takes --model or --train, not both");
                        }
                        long start = System.nanoTime();
                        model = TrainCommand.train(engine, LabelledSet.read(o.train, o.root),
                                o.trainingOptions(engine, "trained on " + o.train.getFileName()));
                        err.printf(java.util.Locale.ROOT, "mailmoat-detect: trained on %s in %.1f s%n", o.train,
                                (System.nanoTime() - start) / 1e9);
                    }
                    yield new EvalCommand(engine, model, out).run(o.labels, o.root);
                }
                case "train" -> {
                    if (o.labels == null || o.out == null) {
                        throw new BadInput("train needs --labels labels.csv and --out model.bin");
                    }
                    yield new TrainCommand(engine, out).run(o.labels, o.root, o.out, d -> o.trainingOptions(engine, d));
                }
                default -> throw new BadInput("unknown command '" + args[0] + "'");
            };
        } catch (BadInput e) {
            err.println("mailmoat-detect: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("mailmoat-detect: " + e);
            return 2;
        }
    }

    private static DetectionModel loadModel(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return DetectionModel.fromBytes(Files.readAllBytes(file));
        } catch (ModelFormatException e) {
            throw new BadInput("cannot use model " + file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new BadInput("cannot read model " + file + ": " + e);
        }
    }

    private static TenantContext loadContext(Path file) {
        if (file == null) {
            return TenantContext.empty();
        }
        try {
            return JSON.readValue(Files.readAllBytes(file), TenantContext.class);
        } catch (IOException e) {
            throw new BadInput("cannot read context " + file + ": " + e.getMessage());
        }
    }

    /** Wrong arguments or unreadable input: reported with usage, exit code 2. */
    static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }

    /** Parsed command-line options. */
    private static final class Options {
        final List<String> inputs = new ArrayList<>();
        boolean json;
        Path context;
        Path rules;
        Path labels;
        Path root;
        Path model;
        Path train;
        Path out;
        Double confidence;
        Double maxRaise;

        /** The training defaults with this command line's --confidence and --max-raise. */
        DetectionModel.TrainingOptions trainingOptions(DetectionEngine engine, String description) {
            DetectionModel.TrainingOptions t = DetectionModel.TrainingOptions.defaults(engine.rules().suspiciousAt(), description);
            if (confidence != null) {
                t = t.withConfidence(confidence);
            }
            if (maxRaise != null) {
                t = t.withCalibrationBounds(maxRaise, t.maxLower(), t.maxRaiseGuarded());
            }
            return t;
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--json" -> o.json = true;
                    case "--context" -> o.context = Path.of(value(args, ++i, a));
                    case "--rules" -> o.rules = Path.of(value(args, ++i, a));
                    case "--labels" -> o.labels = Path.of(value(args, ++i, a));
                    case "--root" -> o.root = Path.of(value(args, ++i, a));
                    case "--model" -> o.model = Path.of(value(args, ++i, a));
                    case "--train" -> o.train = Path.of(value(args, ++i, a));
                    case "--out" -> o.out = Path.of(value(args, ++i, a));
                    case "--confidence" -> o.confidence = number(value(args, ++i, a), a, 0.5, 1);
                    case "--max-raise" -> o.maxRaise = number(value(args, ++i, a), a, 0, 100);
                    default -> {
                        if (a.startsWith("--")) {
                            throw new BadInput("unknown option " + a);
                        }
                        o.inputs.add(a);
                    }
                }
            }
            if (args[0].equals("scan") && o.inputs.isEmpty()) {
                throw new BadInput("scan needs at least one FILE or DIR");
            }
            return o;
        }

        private static double number(String text, String option, double above, double below) {
            try {
                double v = Double.parseDouble(text);
                if (v > above && v < below) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new BadInput(option + " needs a number above " + above + " and below " + below + ": " + text);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new BadInput(option + " needs a value");
            }
            return args[i];
        }
    }
}
