package com.mailmoat.adapters.detect;

import com.mailmoat.core.detection.Assessment;
import com.mailmoat.core.detection.Evidence;
import com.mailmoat.core.detection.MessageInspector;
import com.mailmoat.core.detection.TenantProfile;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.policy.Engine;
import com.mailmoat.detect.Category;
import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.detect.Reason;
import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.Verdict;
import com.mailmoat.adapters.detect.learning.TenantModel;
import com.mailmoat.adapters.detect.learning.TenantModels;
import com.mailmoat.core.learning.FeedbackKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;

/**
 * Core's {@link MessageInspector} on the detection engine: the tenant profile becomes the engine's
 * {@link TenantContext}, the verdict becomes an {@link Assessment}. One engine is shared by every
 * call (it is immutable and thread-safe).
 */
public final class EngineInspector implements MessageInspector {
    /** Rule id of the reason that says the account's learnt model moved the verdict. */
    public static final String TENANT_MODEL_RULE = "TENANT_MODEL";

    private final DetectionEngine engine;
    private final TenantModels models;
    private final AtomicReferenceArray<ContextOf> recentContexts = new AtomicReferenceArray<>(16);

    public EngineInspector(DetectionEngine engine) {
        this(engine, null);
    }

    /**
     * With each account's learnt model ({@link TenantProfile#accountId()} names the account); null:
     * rules alone for everyone.
     */
    public EngineInspector(DetectionEngine engine, TenantModels models) {
        this.engine = engine;
        this.models = models;
    }

    /** The engine judging (shared with the learner, so it learns from the features the scan sees). */
    public DetectionEngine engine() {
        return engine;
    }

    /** With the engine's shipped rules. */
    public static EngineInspector withDefaultRules() {
        return new EngineInspector(DetectionEngine.withDefaultRules());
    }

    /** With the engine's shipped rules and each account's learnt model from {@code store} (bounded cache). */
    public static EngineInspector withDefaultRules(com.mailmoat.core.learning.TenantModelStore store) {
        DetectionEngine engine = DetectionEngine.withDefaultRules();
        return new EngineInspector(engine, new TenantModels(store, TenantModels.emptyBase(engine)));
    }

    @Override
    public Assessment inspect(byte[] mime, TenantProfile tenant) {
        Verdict verdict = judge(mime, tenant);
        return new Assessment(ThreatLevel.valueOf(verdict.level().name()), verdict.score(),
                verdict.categories().stream().map(Category::name).collect(Collectors.toSet()),
                verdict.reasons().stream().map(EngineInspector::evidence).toList());
    }

    /**
     * Judges, then leaves out what switched-off engines found: their reasons go, and the level is
     * recomputed from the remaining score with the rules' thresholds (categories of dropped reasons
     * go too when nothing else backs them).
     */
    @Override
    public Assessment inspect(byte[] mime, TenantProfile tenant, Set<Engine> engines) {
        if (engines.containsAll(EnumSet.allOf(Engine.class))) {
            return inspect(mime, tenant);
        }
        Verdict verdict = judge(mime, tenant);
        List<Reason> kept = verdict.reasons().stream().filter(r -> switchedOn(r.analyzer(), engines)).toList();
        if (kept.size() == verdict.reasons().size()) {
            return inspect(mime, tenant);
        }
        double score = Math.round(kept.stream().mapToDouble(Reason::weight).sum() * 100.0) / 100.0;
        ThreatLevel level = score >= engine.rules().maliciousAt() ? ThreatLevel.MALICIOUS
                : score >= engine.rules().suspiciousAt() ? ThreatLevel.SUSPICIOUS : ThreatLevel.CLEAN;
        Set<String> categories = level == ThreatLevel.CLEAN ? Set.of() : kept.stream()
                .map(r -> engine.rules().rule(r.rule()))
                .filter(rule -> rule != null && rule.category() != null)
                .map(rule -> rule.category().name()).collect(Collectors.toSet());
        return new Assessment(level, score, categories, kept.stream().map(EngineInspector::evidence).toList());
    }

    /**
     * The engine's verdict, with the account's learnt model when it has one: the model's reason
     * then says what the organisation taught it ("Your organisation released 3 similar messages").
     */
    private Verdict judge(byte[] mime, TenantProfile tenant) {
        TenantModel model = models == null || tenant == null ? null : models.forAccount(tenant.accountId());
        if (model == null) {
            return models == null || models.operatorBase() == null ? engine.evaluate(mime, contextOf(tenant))
                    : engine.evaluate(mime, contextOf(tenant), models.operatorBase());
        }
        com.mailmoat.detect.Assessment assessed = engine.assess(mime, contextOf(tenant), model.layer());
        Verdict verdict = assessed.verdict();
        Reason learnt = verdict.reasons().stream().filter(r -> r.rule().equals(DetectionEngine.MODEL_RULE))
                .findFirst().orElse(null);
        if (learnt == null) {
            return verdict;
        }
        Map<FeedbackKind, Integer> similar = model.similar(assessed.features());
        String said = said(similar, learnt.weight() < 0);
        if (said == null) {
            return verdict;
        }
        List<Reason> reasons = new ArrayList<>(verdict.reasons());
        reasons.set(reasons.indexOf(learnt), new Reason("learning", TENANT_MODEL_RULE, said, learnt.evidence(),
                learnt.weight()));
        return new Verdict(verdict.level(), verdict.score(), verdict.categories(), reasons);
    }

    /** What the organisation said about messages like this one, in the direction the model moved it. */
    static String said(Map<FeedbackKind, Integer> similar, boolean towardsWanted) {
        if (towardsWanted) {
            int released = similar.getOrDefault(FeedbackKind.RELEASED, 0);
            int notThreat = similar.getOrDefault(FeedbackKind.NOT_A_THREAT, 0);
            if (released + notThreat == 0) {
                return null;
            }
            if (notThreat == 0) {
                return "Your organisation released " + count(released) + " similar to this one";
            }
            if (released == 0) {
                return "Your organisation marked " + count(notThreat) + " similar to this one as not a threat";
            }
            return "Your organisation released or marked as not a threat " + count(released + notThreat)
                    + " similar to this one";
        }
        int reported = similar.getOrDefault(FeedbackKind.REPORTED, 0) + similar.getOrDefault(FeedbackKind.REMOVED, 0);
        return reported == 0 ? null : "Your organisation reported " + count(reported) + " similar to this one as a threat";
    }

    private static String count(int n) {
        return n == 1 ? "1 message" : n + " messages";
    }

    private static boolean switchedOn(String analyzer, Set<Engine> engines) {
        return switch (analyzer) {
            case "impersonation" -> engines.contains(Engine.IMPERSONATION);
            case "url" -> engines.contains(Engine.URL);
            case "attachment" -> engines.contains(Engine.ATTACHMENT);
            case "bulk" -> engines.contains(Engine.SPAM_BULK);
            default -> true;
        };
    }

    /** The engine's view of a tenant (also what a test or the command line passes to compare verdicts). */
    public static TenantContext context(TenantProfile tenant) {
        if (tenant == null) {
            return TenantContext.empty();
        }
        return new TenantContext(tenant.domains(),
                tenant.people().stream().map(p -> new TenantContext.User(p.displayName(), p.address())).toList(),
                tenant.vipNames(), tenant.permittedSenders(), tenant.blockedSenders(), tenant.spoofingExceptions(),
                tenant.knownSenders(), null);
    }

    /** A profile's context, built once per profile instance: a scan page judges its messages with one profile. */
    private record ContextOf(TenantProfile profile, TenantContext context) {
    }

    private TenantContext contextOf(TenantProfile tenant) {
        if (tenant == null) {
            return TenantContext.empty();
        }
        // the context copies every list in lower case (thousands of known senders), too much for each message
        int slot = System.identityHashCode(tenant) & (recentContexts.length() - 1);
        ContextOf recent = recentContexts.get(slot);
        if (recent != null && recent.profile() == tenant) {
            return recent.context();
        }
        TenantContext built = context(tenant);
        recentContexts.set(slot, new ContextOf(tenant, built));
        return built;
    }

    private static Evidence evidence(Reason reason) {
        return new Evidence(reason.analyzer(), reason.rule(), reason.message(), reason.evidence(), reason.weight());
    }
}
