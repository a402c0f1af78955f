package com.mailmoat.detect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.detect.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return DetectCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> outLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void scanJsonPrintsOneObjectPerMessageWithPathLevelScoreCategoriesAndReasons() throws Exception {
        Path dir = Fixtures.resource("mail");
        int code = run("scan", dir.toString(), "--json", "--context", Fixtures.resource("context.json").toString());
        assertThat(code).isZero();
        List<String> lines = outLines();
        assertThat(lines).hasSize((int) Files.list(dir).count());
        ObjectMapper json = new ObjectMapper();
        JsonNode spoofed = null;
        for (String line : lines) {
            JsonNode o = json.readTree(line);
            assertThat(o.fieldNames()).toIterable().contains("path", "level", "score", "categories", "reasons");
            if (o.get("path").asText().endsWith("auth-own-domain-spoofed.eml")) {
                spoofed = o;
            }
        }
        assertThat(spoofed).isNotNull();
        assertThat(spoofed.get("path").asText()).isEqualTo(dir.resolve("auth-own-domain-spoofed.eml").toString());
        assertThat(spoofed.get("level").asText()).isEqualTo("MALICIOUS");
        assertThat(spoofed.get("categories").toString()).contains("SPOOFING");
        JsonNode reason = spoofed.get("reasons").get(0);
        assertThat(reason.fieldNames()).toIterable().contains("analyzer", "message", "evidence");
    }

    @Test
    void scanWithoutJsonShowsThresholdsAVerdictLineAndEveryRuleThatFired() throws Exception {
        assertThat(run("scan", Fixtures.resource("mail/url-ip-mismatch.eml").toString())).isZero();
        List<String> lines = outLines();
        assertThat(lines.get(0)).startsWith("#").contains("SUSPICIOUS from score 4", "MALICIOUS from 9");
        assertThat(lines.get(1)).startsWith("MALICIOUS").contains("url-ip-mismatch.eml");
        List<String> reasonLines = lines.subList(2, lines.size());
        JsonNode json = jsonVerdict(Fixtures.resource("mail/url-ip-mismatch.eml"));
        assertThat(json.get("reasons").size()).isGreaterThan(4); // more than the four the first version showed
        assertThat(reasonLines).hasSize(json.get("reasons").size()).allMatch(l -> l.startsWith("\t"));
        for (JsonNode r : json.get("reasons")) {
            assertThat(reasonLines).anyMatch(l -> l.contains("\t" + r.get("rule").asText() + "\t"));
        }
    }

    private JsonNode jsonVerdict(Path file) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DetectCli.run(new String[] {"scan", file.toString(), "--json"}, new PrintStream(buffer, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return new ObjectMapper().readTree(buffer.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void aFileThatIsNotAnEmailIsUnparseableWithAReason(@TempDir Path dir) throws Exception {
        Path pdf = dir.resolve("invoice.eml");
        Files.write(pdf, "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj <<>> endobj\n".getBytes(StandardCharsets.ISO_8859_1));
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "Shopping list\nmilk, eggs\n");
        assertThat(run("scan", pdf.toString(), text.toString())).isZero();
        List<String> lines = outLines();
        assertThat(lines).anyMatch(l -> l.startsWith("UNPARSEABLE") && l.contains("invoice.eml"));
        assertThat(lines).anyMatch(l -> l.contains("PARSE_NOT_AN_EMAIL") && l.contains("a PDF document"));
        assertThat(lines).anyMatch(l -> l.contains("no header fields") && l.contains("Shopping list"));
        assertThat(lines).noneMatch(l -> l.startsWith("CLEAN"));
        JsonNode json = jsonVerdict(pdf);
        assertThat(json.get("unparseable").asBoolean()).isTrue();
        assertThat(json.get("level").asText()).isEqualTo("SUSPICIOUS");
    }

    @Test
    void evalReportsFiguresAndEndsWithTheSummaryLine() {
        int code = run("eval", "--labels", Fixtures.resource("labels.csv").toString());
        assertThat(code).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("confusion", "per subset", "throughput", "worst misses", "worst false positives");
        List<String> lines = outLines();
        String last = lines.get(lines.size() - 1);
        assertThat(last).matches("recall=1\\.000 fpr=0\\.000 msgs_per_s=\\d+");
    }

    /** Writes TrainingMail messages and a labels file into {@code dir}. */
    private static Path labelledSet(Path dir, int perFamily, long seed) throws Exception {
        StringBuilder labels = new StringBuilder("path,label\n");
        int i = 0;
        for (com.mailmoat.detect.TrainingMail.Labelled m : com.mailmoat.detect.TrainingMail.generate(perFamily, seed)) {
            String name = (m.malicious() ? "phish" : "ham") + "-" + seed + "-" + (i++) + ".eml";
            Files.write(dir.resolve(name), m.mime());
            labels.append(name).append(',').append(m.malicious() ? "phish" : "ham").append('\n');
        }
        Path file = dir.resolve("labels-" + seed + ".csv");
        Files.writeString(file, labels.toString());
        return file;
    }

    @Test
    void trainWritesAModelThatScanAndEvalUse(@TempDir Path dir) throws Exception {
        Path train = labelledSet(dir, 8, 1L);
        Path test = labelledSet(dir, 2, 2L);
        Path model = dir.resolve("model.bin");
        assertThat(run("train", "--labels", train.toString(), "--out", model.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("trained on 80 messages", "wrote");
        assertThat(Files.size(model)).isPositive();

        out.reset();
        assertThat(run("eval", "--labels", test.toString(), "--model", model.toString())).isZero();
        List<String> lines = outLines();
        assertThat(lines.get(lines.size() - 1)).matches("recall=\\d\\.\\d{3} fpr=\\d\\.\\d{3} msgs_per_s=\\d+");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("model: DetectionModel[base");

        out.reset();
        assertThat(run("eval", "--train", train.toString(), "--labels", test.toString())).isZero();
        assertThat(outLines().get(outLines().size() - 1)).startsWith("recall=");

        out.reset();
        assertThat(run("scan", "--json", "--model", model.toString(), dir.resolve("phish-2-0.eml").toString())).isZero();
        JsonNode v = new ObjectMapper().readTree(outLines().get(0));
        assertThat(v.get("reasons").toString()).contains("MODEL_CONTENT");
    }

    @Test
    void aBrokenModelFileIsABadInputNotACrash(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.bin");
        Files.writeString(bad, "MMDM but not really a model, and far too short to be one");
        assertThat(run("scan", "--model", bad.toString(), Fixtures.resource("mail/lang-extortion.eml").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot use model");
    }

    @Test
    void badInputExitsNonZeroWithAMessage(@TempDir Path dir) throws Exception {
        assertThat(run("eval", "--labels", dir.resolve("missing.csv").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("labels file not found");

        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "path,label\na.eml,spam\n");
        err.reset();
        assertThat(run("eval", "--labels", labels.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("label must be phish or ham");

        err.reset();
        assertThat(run("scan", dir.resolve("nothing-here.eml").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file");

        err.reset();
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command");
    }
}
