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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Core's {@link MessageInspector} on the detection engine: the tenant profile becomes the engine's
 * {@link TenantContext}, the verdict becomes an {@link Assessment}. One engine is shared by every
 * call (it is immutable and thread-safe).
 */
public final class EngineInspector implements MessageInspector {
    private final DetectionEngine engine;

    public EngineInspector(DetectionEngine engine) {
        this.engine = engine;
    }

    /** With the engine's shipped rules. */
    public static EngineInspector withDefaultRules() {
        return new EngineInspector(DetectionEngine.withDefaultRules());
    }

    @Override
    public Assessment inspect(byte[] mime, TenantProfile tenant) {
        Verdict verdict = engine.evaluate(mime, context(tenant));
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
        Verdict verdict = engine.evaluate(mime, context(tenant));
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
                tenant.vipNames(), tenant.permittedSenders(), tenant.blockedSenders(), tenant.spoofingExceptions());
    }

    private static Evidence evidence(Reason reason) {
        return new Evidence(reason.analyzer(), reason.rule(), reason.message(), reason.evidence(), reason.weight());
    }
}
