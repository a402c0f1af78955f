package com.mailmoat.core.policy;

import com.mailmoat.core.account.Mode;
import com.mailmoat.core.detection.ThreatLevel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides which policy applies to a message: one pure function of the account's mode and Targeted
 * To, its policies and the message's parties.
 *
 * <ol>
 *   <li>Enabled user policies whose target matches (and whose exceptions do not), highest priority
 *       first (ties: by name), override the default; the first one applies with its own mode.</li>
 *   <li>Otherwise the Default Policy applies with the account's mode to recipients in Targeted To;
 *       recipients outside it keep the Threat Scan only.</li>
 *   <li>A sender on the permitted list is never quarantined (recorded at most).</li>
 * </ol>
 * Monitor and Threat Scan Only record what they find; Protect applies the policy's actions;
 * Disabled judges nothing.
 */
public final class PolicyResolver {
    private PolicyResolver() {
    }

    public static EffectivePolicy resolve(Mode accountMode, TargetedTo targetedTo, List<Policy> policies,
                                          MessageParties parties, boolean senderPermitted) {
        List<String> reasons = new ArrayList<>();
        Policy defaults = policies.stream().filter(Policy::isDefault).findFirst()
                .orElseGet(() -> Policy.defaultPolicy(null));
        List<Policy> candidates = policies.stream().filter(p -> !p.isDefault() && p.enabled())
                .sorted(Comparator.comparingInt(Policy::priority).reversed().thenComparing(Policy::name))
                .toList();
        for (Policy policy : candidates) {
            String why = policy.target().matchReason(parties);
            if (why != null) {
                reasons.add("'" + policy.name() + "' (priority " + policy.priority() + ") matches: " + why + ".");
                return effective(policy, policy.mode(), senderPermitted, reasons);
            }
        }
        if (!candidates.isEmpty()) {
            reasons.add("No user policy matches this sender and recipient.");
        }
        Mode mode = accountMode;
        if (accountMode != Mode.THREAT_SCAN_ONLY && accountMode != Mode.DISABLED
                && (targetedTo == null || !targetedTo.includes(parties.recipient(), parties.recipientGroups()))) {
            reasons.add(parties.recipient() + " is not in Targeted To, so only the Threat Scan covers this mailbox.");
            mode = Mode.THREAT_SCAN_ONLY;
        } else {
            reasons.add("The Default Policy applies with the account's mode, " + accountMode.label() + ".");
        }
        return effective(defaults, mode, senderPermitted, reasons);
    }

    private static EffectivePolicy effective(Policy policy, Mode mode, boolean senderPermitted, List<String> reasons) {
        PolicyAction malicious;
        PolicyAction suspicious;
        switch (mode) {
            case PROTECT -> {
                malicious = policy.actions().get(ThreatLevel.MALICIOUS);
                suspicious = policy.actions().get(ThreatLevel.SUSPICIOUS);
            }
            case DISABLED -> {
                malicious = PolicyAction.NONE;
                suspicious = PolicyAction.NONE;
                reasons.add("Mailmoat is disabled: the message is not judged.");
            }
            default -> {
                malicious = PolicyAction.RECORD;
                suspicious = PolicyAction.RECORD;
            }
        }
        if (senderPermitted) {
            if (malicious == PolicyAction.QUARANTINE) {
                malicious = PolicyAction.RECORD;
            }
            if (suspicious == PolicyAction.QUARANTINE) {
                suspicious = PolicyAction.RECORD;
            }
            reasons.add("The sender is on your Allowed senders list: never quarantined.");
        }
        return new EffectivePolicy(policy.id(), policy.name(), mode, policy.engines(), malicious, suspicious, reasons);
    }
}
