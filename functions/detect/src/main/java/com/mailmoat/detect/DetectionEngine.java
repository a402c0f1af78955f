package com.mailmoat.detect;

import com.mailmoat.detect.attachment.AttachmentAnalyzer;
import com.mailmoat.detect.auth.SenderAuthenticationAnalyzer;
import com.mailmoat.detect.bulk.BulkMailAnalyzer;
import com.mailmoat.detect.correlation.CorrelationAnalyzer;
import com.mailmoat.detect.domain.DomainKnowledge;
import com.mailmoat.detect.impersonation.ImpersonationAnalyzer;
import com.mailmoat.detect.language.LanguageAnalyzer;
import com.mailmoat.detect.message.Limits;
import com.mailmoat.detect.message.MessageParser;
import com.mailmoat.detect.message.ParsedMessage;
import com.mailmoat.detect.policy.SenderPolicyAnalyzer;
import com.mailmoat.detect.rules.Analyzer;
import com.mailmoat.detect.rules.Findings;
import com.mailmoat.detect.rules.Rule;
import com.mailmoat.detect.rules.RuleBook;
import com.mailmoat.detect.url.UrlAnalyzer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The detection engine: raw MIME bytes and the tenant's context in, a {@link Verdict} with
 * reasons out. Build it once (loading the rules file and compiling its lists takes tens of
 * milliseconds) and share it: it is immutable and thread-safe, and {@link #evaluate} never
 * throws for any input — a message that cannot be parsed gets a verdict whose reasons say so.
 *
 * <pre>{@code
 * DetectionEngine engine = DetectionEngine.withDefaultRules();
 * Verdict v = engine.evaluate(mimeBytes, tenantContext);
 * if (v.level() == Level.MALICIOUS) { ... v.reasons() ... }
 * }</pre>
 */
public final class DetectionEngine {

    private final RuleBook rules;
    private final MessageParser parser;
    private final List<Analyzer> analyzers;
    private final Analyzer correlation;
    private final Analyzer policy;

    private DetectionEngine(RuleBook rules, Limits limits) {
        this.rules = rules;
        this.parser = new MessageParser(limits);
        DomainKnowledge domains = new DomainKnowledge(rules);
        ImpersonationAnalyzer impersonation = new ImpersonationAnalyzer(rules, domains);
        this.analyzers = List.of(
                new SenderAuthenticationAnalyzer(domains),
                impersonation,
                new UrlAnalyzer(domains),
                new AttachmentAnalyzer(rules, domains, limits.maxArchiveEntries()),
                new LanguageAnalyzer(rules),
                new BulkMailAnalyzer());
        this.correlation = new CorrelationAnalyzer(impersonation, domains);
        this.policy = new SenderPolicyAnalyzer();
    }

    /** An engine with the rules file shipped in this module ({@value RuleBook#DEFAULT_RESOURCE}). */
    public static DetectionEngine withDefaultRules() {
        return new DetectionEngine(RuleBook.loadDefault(), Limits.defaults());
    }

    /** An engine with already-loaded rules and explicit limits (tests, tuning). */
    public static DetectionEngine withRules(RuleBook rules, Limits limits) {
        return new DetectionEngine(rules, limits);
    }

    /**
     * An engine with a rules file a security engineer edited (same format as the shipped one).
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the file is malformed (the message names the line)
     */
    public static DetectionEngine fromRulesFile(Path rulesFile) throws IOException {
        try (InputStream in = Files.newInputStream(rulesFile)) {
            return new DetectionEngine(RuleBook.load(in), Limits.defaults());
        }
    }

    /** The rules in force (for listing and explaining them). */
    public RuleBook rules() {
        return rules;
    }

    /**
     * Judges one message.
     *
     * @param mime    the raw RFC 5322 message as received or exported (.eml); any bytes are accepted
     * @param context what the engine knows about the receiving tenant; null means none
     * @return the verdict; never null, never throws
     */
    public Verdict evaluate(byte[] mime, TenantContext context) {
        TenantContext ctx = context == null ? TenantContext.empty() : context;
        Findings findings = new Findings(rules);
        ParsedMessage message = parser.parse(mime);
        if (message.notEmail() != null) {
            return unparseable(message.notEmail());
        }
        if (!message.problems().isEmpty()) {
            findings.fire("PARSE_PROBLEM", String.join("; ", message.problems()));
        }
        for (Analyzer analyzer : analyzers) {
            run(analyzer, message, ctx, findings);
        }
        run(correlation, message, ctx, findings);
        run(policy, message, ctx, findings);
        return verdict(findings);
    }

    private static void run(Analyzer analyzer, ParsedMessage message, TenantContext ctx, Findings findings) {
        try {
            analyzer.analyze(message, ctx, findings);
        } catch (RuntimeException | StackOverflowError e) {
            findings.fire("ENGINE_ANALYZER_FAILED", analyzer.name() + ": " + e);
        }
    }

    /**
     * The verdict on input that is not an email (a PDF, an image, random bytes, text without
     * header fields): judging its bytes as a message would give a meaningless CLEAN with a score,
     * so it is SUSPICIOUS (a human should look at what reached the mailbox) with one reason.
     */
    private Verdict unparseable(String why) {
        Rule rule = rules.rule(Verdict.UNPARSEABLE_RULE);
        double weight = rule == null ? rules.suspiciousAt() : rule.weight();
        String message = rule == null ? "The input is not an email and was not analysed" : rule.message();
        Reason reason = new Reason("parser", Verdict.UNPARSEABLE_RULE, message, why, weight);
        return new Verdict(Level.SUSPICIOUS, weight, Set.of(), List.of(reason));
    }

    private Verdict verdict(Findings findings) {
        double score = Math.round(findings.score() * 100.0) / 100.0;
        Level level = score >= rules.maliciousAt() ? Level.MALICIOUS
                : score >= rules.suspiciousAt() ? Level.SUSPICIOUS : Level.CLEAN;
        List<Reason> reasons = new ArrayList<>(findings.reasons());
        reasons.sort(Comparator.comparingDouble(Reason::weight).reversed());
        Set<Category> categories = EnumSet.noneOf(Category.class);
        if (level != Level.CLEAN) {
            Map<Category, Double> weightOf = new EnumMap<>(Category.class);
            for (Reason r : reasons) {
                Rule rule = rules.rule(r.rule());
                if (rule != null && rule.category() != null && r.weight() > 0) {
                    weightOf.merge(rule.category(), r.weight(), Double::sum);
                }
            }
            // a category needs real weight behind it; the strongest one is always named
            weightOf.forEach((c, w) -> {
                if (w >= 2.5) {
                    categories.add(c);
                }
            });
            if (categories.isEmpty() && !weightOf.isEmpty()) {
                categories.add(weightOf.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey());
            }
        }
        return new Verdict(level, score, categories, reasons);
    }
}
