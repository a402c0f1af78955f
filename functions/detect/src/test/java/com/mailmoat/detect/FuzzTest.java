package com.mailmoat.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Feeds 10,000 mutated messages (truncated, corrupted bytes and encodings, deep nesting, huge
 * headers, random garbage) to the engine with a learning-layer model loaded (trained on
 * {@link TrainingMail}, saved and loaded back as a tenant would): each must get a verdict,
 * without exception, and none may take longer than a generous hang guard.
 */
class FuzzTest {

    private static final int MESSAGES = 10_000;
    private static final long HANG_GUARD_SECONDS = 5;
    private static final String[] SEEDS = {
        "auth-own-domain-spoofed.eml", "imp-ceo-freemail.eml", "imp-brand-lookalike.eml", "url-ip-mismatch.eml",
        "url-newsletter-benign.eml", "att-double-extension.eml", "att-zip-script.eml", "att-html-form.eml",
        "att-pdf-benign.eml", "lang-extortion.eml", "broken-truncated.eml"
    };

    private static ExecutorService worker;
    private static TenantContext context;

    @BeforeAll
    static void start() throws Exception {
        com.mailmoat.detect.model.DetectionModel model = com.mailmoat.detect.model.DetectionModel.fromBytes(
                TrainingMail.trainedModel(Fixtures.ENGINE, 8, 11L).toBytes());
        context = Fixtures.contoso().toBuilder().model(model).knownSenders(java.util.Set.of("partner.example")).build();
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    @Test
    void everyMutatedMessageGetsAVerdictWithoutExceptionOrHang() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String s : SEEDS) {
            seeds.add(Fixtures.mail(s));
        }
        Random random = new Random(20250101L);
        int withParseNotes = 0;
        int withModel = 0;
        for (int i = 0; i < MESSAGES; i++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random, i);
            Future<Verdict> result = worker.submit(() -> Fixtures.ENGINE.evaluate(input, context));
            Verdict v;
            try {
                v = result.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                result.cancel(true);
                fail("message " + i + " (" + input.length + " bytes) took more than " + HANG_GUARD_SECONDS + " s");
                return;
            } catch (ExecutionException e) {
                throw new AssertionError("message " + i + " threw", e.getCause());
            }
            assertThat(v).isNotNull();
            assertThat(v.level()).isNotNull();
            assertThat(v.reasons()).noneMatch(r -> r.rule().equals("ENGINE_ANALYZER_FAILED"));
            if (Fixtures.rules(v).contains("PARSE_PROBLEM") || v.unparseable()) {
                withParseNotes++;
            }
            if (Fixtures.rules(v).contains(DetectionEngine.MODEL_RULE)) {
                withModel++;
            }
        }
        // the mutations really do break things: many verdicts must say what could not be parsed (or that
        // the input is no email at all)
        assertThat(withParseNotes).isGreaterThan(MESSAGES / 20);
        // and the model really took part
        assertThat(withModel).isGreaterThan(MESSAGES / 4);
    }

    private static byte[] mutate(byte[] seed, Random r, int i) {
        if (i % 50 == 4) {
            return hugeHeader(seed, r);
        }
        if (i % 50 == 3) {
            return deepNesting(r.nextInt(3) == 0 ? 200 : 20 + r.nextInt(30));
        }
        return switch (i % 8) {
            case 0 -> java.util.Arrays.copyOf(seed, r.nextInt(seed.length + 1));
            case 1 -> flipBytes(seed, r, 1 + r.nextInt(20));
            case 2 -> corruptEncodings(seed, r);
            case 3 -> deepNesting(3 + r.nextInt(10));
            case 4 -> flipBytes(seed, r, 50);
            case 5 -> randomBytes(r, r.nextInt(4096));
            case 6 -> splice(seed, r);
            default -> flipBytes(java.util.Arrays.copyOf(seed, Math.max(1, seed.length / 2)), r, 5);
        };
    }

    private static byte[] flipBytes(byte[] seed, Random r, int n) {
        byte[] b = seed.clone();
        for (int k = 0; k < n && b.length > 0; k++) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static byte[] corruptEncodings(byte[] seed, Random r) {
        String s = new String(seed, StandardCharsets.ISO_8859_1);
        String[] swaps = {"base64", "quoted-printable", "x-uuencode", "7bit", "bogus-encoding"};
        s = s.replace("base64", swaps[r.nextInt(swaps.length)]).replace("quoted-printable", swaps[r.nextInt(swaps.length)])
                .replace("charset=utf-8", r.nextBoolean() ? "charset=\"x-nonexistent\"" : "charset=utf-16")
                .replace("=\r\n", "=ZZ\r\n").replace("boundary=\"", r.nextBoolean() ? "boundary=\"\"" : "boundary=\"x");
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] deepNesting(int depth) {
        StringBuilder sb = new StringBuilder("From: a@b.example\r\nSubject: nested\r\nMIME-Version: 1.0\r\n");
        for (int d = 0; d < depth; d++) {
            sb.append("Content-Type: multipart/mixed; boundary=\"b").append(d).append("\"\r\n\r\n--b").append(d).append("\r\n");
        }
        sb.append("Content-Type: text/html\r\n\r\n<a href=\"http://192.0.2.1/\">x</a>\r\n");
        for (int d = depth - 1; d >= 0; d--) {
            sb.append("--b").append(d).append("--\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] hugeHeader(byte[] seed, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String name = r.nextBoolean() ? "Subject: " : "X-Filler: ";
        out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        int size = 20_000 + r.nextInt(100_000);
        for (int k = 0; k < size; k++) {
            out.write(k % 997 == 0 ? '\n' : k % 991 == 0 ? ' ' : 'a' + (k % 26));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int k = 0; k < 300 && r.nextBoolean(); k++) {
            out.writeBytes(("To: u" + k + "@x.example\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(seed);
        return out.toByteArray();
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] splice(byte[] seed, Random r) {
        int cut = r.nextInt(seed.length + 1);
        byte[] junk = randomBytes(r, r.nextInt(512));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(seed, 0, cut);
        out.writeBytes(junk);
        out.write(seed, cut, seed.length - cut);
        return out.toByteArray();
    }
}
