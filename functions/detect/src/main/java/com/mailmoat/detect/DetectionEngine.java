package com.mailmoat.detect;

import com.mailmoat.detect.attachment.AttachmentAnalyzer;
import com.mailmoat.detect.auth.SenderAuthenticationAnalyzer;
import com.mailmoat.detect.bulk.BulkMailAnalyzer;
import com.mailmoat.detect.correlation.CorrelationAnalyzer;
import com.mailmoat.detect.domain.DomainKnowledge;
import com.mailmoat.detect.forward.ForwardedOriginal;
import com.mailmoat.detect.impersonation.ImpersonationAnalyzer;
import com.mailmoat.detect.language.LanguageAnalyzer;
import com.mailmoat.detect.message.Limits;
import com.mailmoat.detect.message.MessageParser;
import com.mailmoat.detect.message.ParsedMessage;
import com.mailmoat.detect.model.DetectionModel;
import com.mailmoat.detect.model.FeatureExtractor;
import com.mailmoat.detect.model.MessageFeatures;
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
 * throws for any input — a message that cannot be parsed gets a verdict whose reasons say so,
 * and input that is not an email at all gets a SUSPICIOUS verdict saying so
 * ({@link Verdict#unparseable()}).
 *
 * <pre>{@code
 * DetectionEngine engine = DetectionEngine.withDefaultRules();
 * Verdict v = engine.evaluate(mimeBytes, tenantContext);
 * if (v.level() == Level.MALICIOUS) { ... v.reasons() ... }
 * }</pre>
 *
 * <h2>Rules and the learning layer</h2>
 * The rules (analyzers configured by the rules file) always run. When a
 * {@link DetectionModel} is given — in the context ({@link TenantContext#model()}) or as the
 * third argument of {@link #evaluate(byte[], TenantContext, DetectionModel)} — the message's
 * features are extracted and the model adds its bounded contribution as one more reason,
 * {@code MODEL_CONTENT}, whose evidence names the features that weighed most; so one engine
 * serves every tenant, each with its own model (or none). A model that fails is reported as
 * {@code ENGINE_ANALYZER_FAILED} and the verdict rests on the rules. {@link #assess} returns the
 * features with the verdict, for callers that learn from messages (see {@link DetectionModel}).
 *
 * <h2>Cost</h2>
 * One thread judges several thousand typical messages a second. Work and memory per message are
 * bounded by {@link Limits}: at most {@code maxDecodedBytes} of decoded parts (images are only
 * decoded as far as their signature), {@code maxTextChars} of text, {@code maxHtmlChars} per
 * HTML body, {@code maxLinks} links; the input itself is read in place, not copied.
 */
public final class DetectionEngine {

    private final RuleBook rules;
    private final MessageParser parser;
    private final List<Analyzer> analyzers;
    private final CorrelationAnalyzer correlation;
    private final Analyzer policy;
    /** Extractors by hash bits (models of different sizes may be in use at once). */
    private final java.util.concurrent.ConcurrentHashMap<Integer, FeatureExtractor> extractors =
            new java.util.concurrent.ConcurrentHashMap<>();

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
        this.correlation = new CorrelationAnalyzer(impersonation, domains, rules);
        this.policy = new SenderPolicyAnalyzer(rules);
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
     * Judges one message, with the context's model if it has one.
     *
     * @param mime    the raw RFC 5322 message as received or exported (.eml); any bytes are accepted
     * @param context what the engine knows about the receiving tenant; null means none
     * @return the verdict; never null, never throws
     */
    public Verdict evaluate(byte[] mime, TenantContext context) {
        return judge(mime, context, context == null ? null : context.model(), false).verdict();
    }

    /**
     * Judges one message with {@code model} (overriding the context's; null: rules alone).
     *
     * @return the verdict; never null, never throws
     */
    public Verdict evaluate(byte[] mime, TenantContext context, DetectionModel model) {
        return judge(mime, context, model, false).verdict();
    }

    /** As {@link #evaluate(byte[], TenantContext)}, also returning the message's features. Never throws. */
    public Assessment assess(byte[] mime, TenantContext context) {
        return judge(mime, context, context == null ? null : context.model(), true);
    }

    /** As {@link #evaluate(byte[], TenantContext, DetectionModel)}, also returning the features. Never throws. */
    public Assessment assess(byte[] mime, TenantContext context, DetectionModel model) {
        return judge(mime, context, model, true);
    }

    private Assessment judge(byte[] mime, TenantContext context, DetectionModel model, boolean wantFeatures) {
        TenantContext ctx = context == null ? TenantContext.empty() : context;
        int bits = model != null ? model.hashBits() : DetectionModel.DEFAULT_HASH_BITS;
        Findings findings = new Findings(rules);
        ParsedMessage message = parser.parse(mime);
        if (message.notEmail() != null) {
            return new Assessment(unparseable(message.notEmail()), MessageFeatures.empty(bits));
        }
        if (!message.problems().isEmpty()) {
            findings.fire("PARSE_PROBLEM", String.join("; ", message.problems()));
        }
        for (Analyzer analyzer : analyzers) {
            run(analyzer, message, ctx, findings);
        }
        run(correlation, message, ctx, findings);
        run(policy, message, ctx, findings);
        judgeForwardedOriginal(message, ctx, findings);
        MessageFeatures features = null;
        if (model != null || wantFeatures) {
            try {
                boolean guarded = correlation.organisationOwnMail(message, findings);
                features = extractor(bits).extract(message, findings.reasons(), findings.score(), guarded);
                if (model != null) {
                    applyModel(model, features, findings);
                }
            } catch (RuntimeException | StackOverflowError e) {
                findings.fire("ENGINE_ANALYZER_FAILED", "model: " + e);
            }
        }
        return new Assessment(verdict(findings), features != null ? features : MessageFeatures.empty(bits));
    }

    /**
     * Rules about who sent the original of an inline forward, and what that sender asks for,
     * carried into the forward's verdict: the forward's own sender is usually a colleague passing
     * it on, so these are the only signs of where it came from. Not carried: rules about header
     * fields a quoted block lacks (authentication, recipients), the tenant's own people (a colleague
     * forwarding a colleague's mail is ordinary), and the body's wording (the forward's text holds
     * it already).
     */
    private static final Set<String> CARRIED_FROM_ORIGINAL = Set.of(
            "AUTH_SENDER_SUSPICIOUS_TLD", "AUTH_SENDER_GENERATED_DOMAIN", "AUTH_SENDER_FREE_HOST",
            "IMP_BRAND_LOOKALIKE_DOMAIN", "IMP_BRAND_IN_SENDER_DOMAIN", "IMP_BRAND_NAME_UNOFFICIAL_SENDER",
            "IMP_BRAND_NAME_FREEMAIL", "IMP_AUTHORITY_NAME_UNOFFICIAL", "IMP_GOVERNMENT_LOOKALIKE_DOMAIN",
            "IMP_BRAND_NAME_CONFUSABLE", "IMP_BRAND_IN_SUBJECT_FREEMAIL", "IMP_ROLE_FROM_FREEMAIL", "IMP_PUNYCODE_SENDER",
            "IMP_SENDER_IMITATES_NAMED_ORG", "LANG_LURE_SENDER_NAME", "BULK_PICTOGRAPH_SENDER_NAME",
            "BULK_PADDED_SENDER_NAME", "CORR_OPENER_FROM_STRANGER", "CORR_INVOICE_FROM_FREEMAIL",
            "CORR_PAYMENT_REQUEST_FROM_FREEMAIL", "CORR_PAYMENT_DIVERSION", "CORR_LURE_NAMES_OTHER_BRAND",
            "CORR_CALLBACK_PHONE_AND_AMOUNT", "CORR_REPLY_ELSEWHERE");

    /** Judges the original of an inline forward and carries {@link #CARRIED_FROM_ORIGINAL} rules over. */
    private void judgeForwardedOriginal(ParsedMessage message, TenantContext ctx, Findings findings) {
        byte[] original = ForwardedOriginal.of(message);
        if (original == null) {
            return;
        }
        ParsedMessage quoted = parser.parse(original);
        if (quoted.notEmail() != null) {
            return;
        }
        Findings about = new Findings(rules);
        for (Analyzer analyzer : analyzers) {
            run(analyzer, quoted, ctx, about);
        }
        run(correlation, quoted, ctx, about);
        for (Reason r : about.reasons()) {
            if (CARRIED_FROM_ORIGINAL.contains(r.rule()) && !findings.has(r.rule())) {
                findings.fire(r.rule(), "in the forwarded message from " + quotedSender(quoted) + ": " + r.evidence());
            }
        }
    }

    private static String quotedSender(ParsedMessage quoted) {
        return quoted.from().address().isEmpty() ? "\"" + quoted.from().displayName() + "\"" : quoted.from().address();
    }

    private FeatureExtractor extractor(int bits) {
        return extractors.computeIfAbsent(bits, FeatureExtractor::new);
    }

    /** The model's contribution as reason MODEL_CONTENT, its strongest features as evidence. */
    private static void applyModel(DetectionModel model, MessageFeatures features, Findings findings) {
        DetectionModel.Explained explained = model.explained(features, features.guarded(), 5);
        double points = Math.round(explained.contribution() * 100.0) / 100.0;
        if (Math.abs(points) < 0.05) {
            return;
        }
        StringBuilder ev = new StringBuilder();
        ev.append(points > 0 ? "more like malicious mail" : "more like wanted mail");
        if (features.guarded() && points > 0) {
            ev.append(" (bounded: the sender's own mail about itself)");
        }
        ev.append(": ");
        boolean first = true;
        for (DetectionModel.Evidence e : explained.evidence(points > 0)) {
            if (!first) {
                ev.append(", ");
            }
            first = false;
            ev.append(e.feature()).append(' ');
            appendSignedPoints(ev, e.points());
        }
        findings.fire(MODEL_RULE, ev.toString(), points);
    }

    /**
     * Appends {@code x} as {@code String.format(Locale.ROOT, "%+.2f", x)} does, without a Formatter
     * (parsing the pattern and formatting cost about 4 % of the engine's time with a model):
     * values near a rounding tie, where the two could differ, and large ones (where a double's
     * hundredths are too coarse to tell a tie) still go through the Formatter.
     */
    static void appendSignedPoints(StringBuilder out, double x) {
        double hundredths = Math.abs(x) * 100;
        double fraction = hundredths - Math.floor(hundredths);
        if (x == 0 || !(hundredths < 1e6) || Math.abs(fraction - 0.5) < 1e-6) {
            out.append(String.format(java.util.Locale.ROOT, "%+.2f", x));
            return;
        }
        long n = Math.round(hundredths);
        long cents = n % 100;
        out.append(x < 0 ? '-' : '+').append(n / 100).append('.').append(cents < 10 ? "0" : "").append(cents);
    }

    /** Rule id under which the learning layer's contribution appears. */
    public static final String MODEL_RULE = "MODEL_CONTENT";

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
