package com.mailmoat.simulator.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, "every planted threat is a detection": runs the detection engine, with the tenant
 * context a scan gives it (the tenant's domain and its people; no VIP list, no sender history),
 * over every kind of threat {@link ThreatMail} writes, in all its random variants (sender domain,
 * lookalike alteration, lure, attachment), for several tenant domains (the default one and ones
 * whose names contain the letters the lookalikes swap), and over the legitimate mail
 * {@link HamMail} writes, which must stay unflagged. Misses are listed per variant (sender domain
 * with digits masked, and the subject's first words) so a failure says what was missed and why.
 */
class PlantedThreatDetectionTest {

    private static final String[] TENANT_DOMAINS = {"contoso-demo.example", "northwind.example", "litware.example",
            "fabrikam.example"};
    private static final int SAMPLES_PER_TENANT = 600;
    private static final Instant SENT = Instant.parse("2026-11-20T09:30:00Z");
    private static final Pattern FROM = Pattern.compile("(?m)^From: .*?<?([^<>\\s]+@([^<>\\s]+?))>?\\r?$");
    private static final Pattern SUBJECT = Pattern.compile("(?m)^Subject: (.*?)\\r?$");

    private final DetectionEngine engine = DetectionEngine.withDefaultRules();

    @Test
    void everyPlantedThreatVariantIsFlagged() {
        Map<String, int[]> variants = new TreeMap<>();
        Map<String, String> missExample = new TreeMap<>();
        Map<String, double[]> scoreRange = new TreeMap<>(); // per subject kind: lowest and highest score
        for (String domain : TENANT_DOMAINS) {
            Org org = new Org(domain, "Demo", People.staff(25, domain));
            TenantContext context = contextOf(org);
            Random random = new Random(domain.hashCode());
            ThreatMail threats = new ThreatMail(random, org);
            for (int i = 0; i < SAMPLES_PER_TENANT; i++) {
                Person to = org.staff().get(random.nextInt(org.staff().size()));
                byte[] mime = threats.received(to, SENT).build();
                Verdict verdict = engine.evaluate(mime, context);
                String variant = variant(mime, domain);
                String kind = variant.substring(variant.indexOf('|') + 2);
                kind = kind.contains(" ") ? kind.substring(0, kind.indexOf(' ')) : kind;
                double[] range = scoreRange.computeIfAbsent(kind, k -> new double[] {Double.MAX_VALUE, 0});
                range[0] = Math.min(range[0], verdict.score());
                range[1] = Math.max(range[1], verdict.score());
                int[] counts = variants.computeIfAbsent(variant, k -> new int[2]);
                counts[0]++;
                if (!verdict.flagged()) {
                    counts[1]++;
                    missExample.putIfAbsent(variant, verdict.level() + " " + verdict.score() + " "
                            + verdict.reasons().stream().map(r -> r.rule() + "(" + r.weight() + ")").toList());
                }
            }
        }
        List<String> misses = new ArrayList<>();
        variants.forEach((variant, counts) -> {
            if (counts[1] > 0) {
                misses.add(variant + ": missed " + counts[1] + " of " + counts[0] + " -> " + missExample.get(variant));
            }
        });
        System.out.println("Planted-threat variants: " + variants.size() + ", missed: " + misses.size());
        scoreRange.forEach((kind, range) -> System.out.println("  scores of \"" + kind + "...\": " + range[0] + " to " + range[1]));
        misses.forEach(m -> System.out.println("  MISS " + m));
        assertThat(variants.size()).as("variants seen").isGreaterThan(40);
        assertThat(misses).as("planted threat variants the engine does not flag").isEmpty();
    }

    @Test
    void theGeneratorsLegitimateMailStaysClean() {
        List<String> falsePositives = new ArrayList<>();
        int count = 0;
        for (String domain : TENANT_DOMAINS) {
            Org org = new Org(domain, "Demo", People.staff(25, domain));
            TenantContext context = contextOf(org);
            Random random = new Random(31L * domain.hashCode());
            HamMail ham = new HamMail(random, org);
            for (int i = 0; i < SAMPLES_PER_TENANT; i++) {
                Person person = org.staff().get(random.nextInt(org.staff().size()));
                byte[] mime = (i % 5 == 0 ? ham.sent(person, SENT) : ham.received(person, SENT)).build();
                count++;
                Verdict verdict = engine.evaluate(mime, context);
                if (verdict.flagged()) {
                    falsePositives.add(variant(mime, domain) + " -> " + verdict.level() + " " + verdict.score() + " "
                            + verdict.reasons().stream().map(r -> r.rule() + "(" + r.weight() + ") " + r.evidence())
                            .toList());
                }
            }
        }
        System.out.println("Generated legitimate messages: " + count + ", flagged: " + falsePositives.size());
        falsePositives.stream().distinct().limit(40).forEach(f -> System.out.println("  FP " + f));
        assertThat(falsePositives).as("legitimate generated mail the engine flags").isEmpty();
    }

    /** What a scan knows about the tenant: its domain and its people (see EngineInspector.context). */
    private static TenantContext contextOf(Org org) {
        return TenantContext.builder().domains(List.of(org.domain()))
                .users(org.staff().stream().map(p -> new TenantContext.User(p.name(), p.address())).toList())
                .build();
    }

    /** The sender's domain (digits of random parts masked, the tenant's domain named) and the subject's first words. */
    private static String variant(byte[] mime, String tenantDomain) {
        String text = new String(mime, StandardCharsets.ISO_8859_1);
        Matcher from = FROM.matcher(text);
        String sender = from.find() ? from.group(2) : "?";
        Matcher subject = SUBJECT.matcher(text);
        String words = subject.find() ? subject.group(1) : "";
        words = words.replaceAll("\\d+", "#");
        String[] parts = words.split(" ");
        String shortSubject = String.join(" ", java.util.Arrays.copyOf(parts, Math.min(3, parts.length))).strip();
        return "[" + tenantDomain + "] " + sender.replace(tenantDomain, "TENANT") + " | " + shortSubject;
    }
}
