package com.mailmoat.adapters.detect;

import com.mailmoat.core.detection.Assessment;
import com.mailmoat.core.detection.Evidence;
import com.mailmoat.core.detection.MessageInspector;
import com.mailmoat.core.detection.TenantProfile;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.detect.Category;
import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.detect.Reason;
import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.Verdict;
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
