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
    void scanWithoutJsonPrintsOneLinePerFile() {
        assertThat(run("scan", Fixtures.resource("mail/lang-extortion.eml").toString())).isZero();
        assertThat(outLines()).singleElement().asString().startsWith("MALICIOUS").contains("lang-extortion.eml");
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
