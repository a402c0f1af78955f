package com.mailmoat.detect.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.mailmoat.detect.Category;
import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.detect.Reason;
import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code scan}: one line (or JSON object) per message file. */
final class ScanCommand {

    private final DetectionEngine engine;
    private final PrintStream out;

    ScanCommand(DetectionEngine engine, PrintStream out) {
        this.engine = engine;
        this.out = out;
    }

    int run(List<String> inputs, boolean json, TenantContext context) throws IOException {
        if (!json) {
            out.println("# thresholds: SUSPICIOUS from score " + EvalCommand.number(engine.rules().suspiciousAt())
                    + ", MALICIOUS from " + EvalCommand.number(engine.rules().maliciousAt())
                    + (context.model() == null ? "; rules only" : "; with model: " + context.model().description()));
        }
        List<String[]> files = new ArrayList<>();
        for (String input : inputs) {
            Path p = Path.of(input);
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted().forEach(f -> files.add(new String[] {input, p.relativize(f).toString()}));
                }
            } else if (Files.isRegularFile(p)) {
                files.add(new String[] {input, null});
            } else {
                throw new DetectCli.BadInput("no such file or directory: " + input);
            }
        }
        for (String[] f : files) {
            String shown = f[1] == null ? f[0] : Path.of(f[0]).resolve(f[1]).toString();
            Path file = f[1] == null ? Path.of(f[0]) : Path.of(f[0]).resolve(f[1]);
            Verdict v = engine.evaluate(Files.readAllBytes(file), context);
            out.println(json ? toJson(shown, v) : toLine(shown, v));
        }
        return 0;
    }

    /**
     * The verdict as text: a line {@code LEVEL score categories path}, then one indented line
     * per reason ({@code weight RULE evidence}), every rule that fired. Input that is not an
     * email is {@code UNPARSEABLE} with the reason.
     */
    static String toLine(String path, Verdict v) {
        StringBuilder sb = new StringBuilder();
        if (v.unparseable()) {
            sb.append("UNPARSEABLE\t-\t-\t").append(path).append('\n');
            sb.append("\t").append(v.reasons().get(0).rule()).append('\t').append(v.reasons().get(0).evidence());
            return sb.toString();
        }
        sb.append(v.level()).append('\t').append(v.score()).append('\t');
        List<String> cats = v.categories().stream().map(Category::name).sorted().toList();
        sb.append(cats.isEmpty() ? "-" : String.join(",", cats)).append('\t').append(path);
        for (Reason r : v.reasons()) {
            sb.append('\n').append('\t').append(String.format(java.util.Locale.ROOT, "%+.2f", r.weight())).append('\t')
                    .append(r.rule()).append('\t').append(oneLine(r.evidence()));
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }

    static String toJson(String path, Verdict v) throws JsonProcessingException {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("path", path);
        o.put("level", v.level().name());
        o.put("score", v.score());
        o.put("categories", v.categories().stream().map(Category::name).sorted().toList());
        o.put("unparseable", v.unparseable());
        List<Map<String, Object>> reasons = new ArrayList<>();
        for (Reason r : v.reasons()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("analyzer", r.analyzer());
            m.put("rule", r.rule());
            m.put("message", r.message());
            m.put("evidence", r.evidence());
            m.put("weight", r.weight());
            reasons.add(m);
        }
        o.put("reasons", reasons);
        return DetectCli.JSON.writeValueAsString(o);
    }
}
