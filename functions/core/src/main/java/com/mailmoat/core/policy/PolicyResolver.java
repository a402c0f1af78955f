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
 *       first (ties: by name), override the default; the first one applies with its own mode, as
 *       long as the account protects mail in real time (Monitor or Protect). With the account in
 *       Disabled nothing is judged; in Threat Scan only, new mail is not checked and scans record
 *       what they find (a user policy's Disabled still leaves its mail alone): the answer says what
 *       really happens, not what the policy would do.</li>
 *   <li>Otherwise the Default Policy applies with the account's mode to recipients in Targeted To;
 *       recipients outside it keep the Threat Scan only.</li>
 *   <li>Malicious mail is always at least recorded where mail is judged: an action of NONE on
 *       MALICIOUS (refused when a policy is saved, but possibly stored before) counts as RECORD.</li>
 *   <li>A sender on the Allowed list changes no action here: the engine applies the allow entry
 *       (it overrides spam and phishing findings below malicious strength for authenticated senders,
 *       never malware or high-confidence phishing, which stay quarantined in Protect, as Microsoft's
 *       allow entries); the reasons say so.</li>
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
                Mode mode = policy.mode();
                if (accountMode == Mode.DISABLED || (accountMode == Mode.THREAT_SCAN_ONLY && mode != Mode.DISABLED)) {
                    mode = accountMode;
                    reasons.add(realTimeOff(accountMode) + " '" + policy.name() + "' (" + policy.mode().label()
                            + ") applies once the account is in Monitor or Protect.");
                }
                return effective(policy, mode, senderPermitted, reasons);
            }
        }
        if (!candidates.isEmpty()) {
            reasons.add("No user policy matches this sender and recipient.");
        }
        Mode mode = accountMode;
        if (accountMode == Mode.THREAT_SCAN_ONLY || accountMode == Mode.DISABLED) {
            reasons.add("The Default Policy applies. " + realTimeOff(accountMode));
        } else if (targetedTo == null || !targetedTo.includes(parties.recipient(), parties.recipientGroups())) {
            reasons.add(parties.recipient() + " is not in Targeted To, so only the Threat Scan covers this mailbox.");
            mode = Mode.THREAT_SCAN_ONLY;
        } else {
            reasons.add("The Default Policy applies with the account's mode, " + accountMode.label() + ".");
        }
        return effective(defaults, mode, senderPermitted, reasons);
    }

    /** What the account's mode means when it is not Monitor or Protect. */
    private static String realTimeOff(Mode accountMode) {
        return "Real-time protection is off for the account (mode " + accountMode.label() + "): new mail is not checked"
                + (accountMode == Mode.DISABLED ? " and scans judge nothing." : "; Threat Scans record what they find.");
    }

    private static EffectivePolicy effective(Policy policy, Mode mode, boolean senderPermitted, List<String> reasons) {
        PolicyAction malicious;
        PolicyAction suspicious;
        switch (mode) {
            case PROTECT -> {
                malicious = policy.actions().get(ThreatLevel.MALICIOUS);
                suspicious = policy.actions().get(ThreatLevel.SUSPICIOUS);
                if (malicious == PolicyAction.NONE) {
                    malicious = PolicyAction.RECORD;
                    reasons.add("Malicious mail is always recorded as a detection, whatever the policy's action.");
                }
            }
            case DISABLED -> {
                malicious = PolicyAction.NONE;
                suspicious = PolicyAction.NONE;
                reasons.add("Mailmoat is disabled for this mail: the message is not judged.");
            }
            default -> {
                malicious = PolicyAction.RECORD;
                suspicious = PolicyAction.RECORD;
            }
        }
        if (senderPermitted && mode != Mode.DISABLED) {
            reasons.add("The sender is on your Allowed senders list: when a message from it passes authentication, spam, "
                    + "bulk, impersonation and phishing findings are overridden; malware and high-confidence phishing never "
                    + "are (" + (malicious == PolicyAction.QUARANTINE ? "moved to quarantine" : "recorded") + " as any other).");
        }
        return new EffectivePolicy(policy.id(), policy.name(), mode, policy.engines(), malicious, suspicious, reasons);
    }
}
