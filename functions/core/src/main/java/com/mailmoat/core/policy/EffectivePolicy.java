package com.mailmoat.core.policy;

import com.mailmoat.core.account.Mode;
import com.mailmoat.core.detection.ThreatLevel;
import java.util.List;
import java.util.Set;

/**
 * The policy that applies to one message and why: its mode for this recipient, the engines that
 * run, and what each level leads to.
 *
 * @param reasons how the resolution went, in words (shown by the policy tester)
 */
public record EffectivePolicy(String policyId, String policyName, Mode mode, Set<Engine> engines,
                              PolicyAction onMalicious, PolicyAction onSuspicious, List<String> reasons) {
    public EffectivePolicy {
        engines = Set.copyOf(engines);
        reasons = List.copyOf(reasons);
    }

    /** Whether messages under this policy are judged at all. */
    public boolean scans() {
        return mode != Mode.DISABLED;
    }

    public PolicyAction actionFor(ThreatLevel level) {
        return switch (level) {
            case MALICIOUS -> onMalicious;
            case SUSPICIOUS -> onSuspicious;
            case CLEAN -> PolicyAction.NONE;
        };
    }
}
