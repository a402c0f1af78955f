package com.mailmoat.core.policy;

import com.mailmoat.core.account.Mode;
import com.mailmoat.core.detection.ThreatLevel;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A protection policy. The Default Policy is always there, applies to everyone the account's mode
 * targets, and has no target or mode of its own; user policies override it where their target
 * matches, the highest priority first.
 *
 * @param mode    a user policy's mode (PROTECT, MONITOR or DISABLED); null for the Default Policy,
 *                which follows the account's mode
 * @param actions in Protect, what to do per level (MALICIOUS, SUSPICIOUS); Monitor only records
 */
public record Policy(String id, String name, boolean isDefault, int priority, Mode mode, Set<Engine> engines,
                     Map<ThreatLevel, PolicyAction> actions, PolicyTarget target, boolean enabled,
                     Instant updatedAt, long version) {
    public static final String DEFAULT_ID = "default";

    public Policy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        engines = engines == null || engines.isEmpty() ? EnumSet.noneOf(Engine.class) : EnumSet.copyOf(engines);
        Map<ThreatLevel, PolicyAction> copy = new EnumMap<>(ThreatLevel.class);
        copy.putAll(defaultActions());
        if (actions != null) {
            copy.putAll(actions);
        }
        copy.remove(ThreatLevel.CLEAN);
        actions = Map.copyOf(copy);
        target = isDefault ? PolicyTarget.ANY : target == null ? PolicyTarget.ANY : target;
        engines = Set.copyOf(engines);
    }

    /** The defaults of the Default Policy: every engine; in Protect, malicious to quarantine, suspicious recorded. */
    public static Policy defaultPolicy(Instant now) {
        return new Policy(DEFAULT_ID, "Default Policy", true, 0, null, EnumSet.allOf(Engine.class), defaultActions(),
                PolicyTarget.ANY, true, now, 0);
    }

    public static Map<ThreatLevel, PolicyAction> defaultActions() {
        return Map.of(ThreatLevel.MALICIOUS, PolicyAction.QUARANTINE, ThreatLevel.SUSPICIOUS, PolicyAction.RECORD);
    }

    public Policy withVersion(long next, Instant at) {
        return new Policy(id, name, isDefault, priority, mode, engines, actions, target, enabled, at, next);
    }
}
