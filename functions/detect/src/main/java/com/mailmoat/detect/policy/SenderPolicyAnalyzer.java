package com.mailmoat.detect.policy;

import com.mailmoat.detect.Category;
import com.mailmoat.detect.Reason;
import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.message.ParsedMessage;
import com.mailmoat.detect.rules.Analyzer;
import com.mailmoat.detect.rules.Findings;
import com.mailmoat.detect.rules.Rule;
import com.mailmoat.detect.rules.RuleBook;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tenant's permitted (Allowed) and blocked senders. Runs after the other analyzers, since an
 * allow entry is judged against what they found. It follows Microsoft's rules for allow entries of
 * the Tenant Allow/Block List:
 * <ul>
 *   <li>It never overrides malware or high-confidence phishing ("Messages that are identified as
 *       malware or high confidence phishing are always quarantined, regardless of the allowlist
 *       option you use": Microsoft Learn, "Create sender allowlists"; allow entries created directly
 *       override "Bulk, Spam, High confidence spam, Phishing (not high confidence phishing)":
 *       "Allow or block email using the Tenant Allow/Block List"). Here: when the findings of the
 *       MALWARE and PHISHING categories alone reach the malicious threshold, the entry is not applied
 *       ({@code POLICY_PERMITTED_NOT_APPLIED}).</li>
 *   <li>It applies only to mail whose sender is authenticated, since attackers spoof exactly the
 *       senders an organisation allows ({@code POLICY_PERMITTED_BUT_FORGED}). Microsoft's documents
 *       disagree on how strict that is, so the rules file chooses ({@value #AUTHENTICATION_SETTING}):
 *       {@code pass} (the default; the Tenant Allow/Block List: a message from an allowed sender is
 *       delivered "if a message passes email authentication checks, URL filtering, and file
 *       filtering") refuses the entry on a DMARC or composite-authentication failure and on an SPF
 *       failure that DMARC did not outweigh; {@code not-forged} (the anti-spam policies' allowed
 *       sender lists, whose senders "bypass ... sender authentication (SPF, DKIM, DMARC)" except
 *       those in the organisation's own domains, which "must pass email authentication checks")
 *       refuses it only on a DMARC or composite-authentication failure, or when mail claims the
 *       organisation's own domain from outside. Mail without any results (intra-organisation mail)
 *       has nothing failing. A sender on the spoofing exceptions is not judged on authentication
 *       (the authentication rules stay silent for it), as Microsoft's spoofed-sender allow entries.</li>
 *   <li>Otherwise it overrides what the other rules found: {@code POLICY_PERMITTED_SENDER} takes
 *       their points back (its weight is computed per message) and its evidence says what the
 *       verdict would have been.</li>
 * </ul>
 */
public final class SenderPolicyAnalyzer implements Analyzer {

    /** The rules file's setting choosing how strictly an allowed sender must be authenticated. */
    public static final String AUTHENTICATION_SETTING = "permitted-sender-authentication";

    /** How an allowed sender must be authenticated for its entry to apply. */
    public enum Authentication {
        /** No authentication failure that DMARC did not outweigh (Tenant Allow/Block List). */
        PASS,
        /** No DMARC or composite failure, no own domain from outside (anti-spam allowed sender lists). */
        NOT_FORGED
    }

    private final RuleBook rules;
    private final Authentication authentication;

    public SenderPolicyAnalyzer(RuleBook rules) {
        this.rules = rules;
        String value = rules.setting(AUTHENTICATION_SETTING, "pass");
        this.authentication = switch (value.toLowerCase(Locale.ROOT)) {
            case "pass" -> Authentication.PASS;
            case "not-forged" -> Authentication.NOT_FORGED;
            default -> throw new IllegalArgumentException("setting " + AUTHENTICATION_SETTING
                    + " must be pass or not-forged, not " + value);
        };
    }

    /** The authentication this engine requires of allowed senders. */
    public Authentication authentication() {
        return authentication;
    }

    @Override
    public String name() {
        return "policy";
    }

    @Override
    public void analyze(ParsedMessage m, TenantContext context, Findings f) {
        if (SenderLists.matches(context.blockedSenders(), m.from())) {
            f.fire("POLICY_BLOCKED_SENDER", m.from().address());
            return;
        }
        if (!SenderLists.matches(context.permittedSenders(), m.from())) {
            return;
        }
        String sender = m.from().address();
        String failed = authenticationFailure(f);
        if (failed != null) {
            f.fire("POLICY_PERMITTED_BUT_FORGED", sender + ": " + failed);
            return;
        }
        double hard = 0;
        List<String> hardRules = new ArrayList<>();
        for (Reason r : f.reasons()) {
            Rule rule = rules.rule(r.rule());
            if (r.weight() > 0 && rule != null && (rule.category() == Category.MALWARE || rule.category() == Category.PHISHING)) {
                hard += r.weight();
                hardRules.add(r.rule());
            }
        }
        if (hard >= rules.maliciousAt()) {
            f.fire("POLICY_PERMITTED_NOT_APPLIED", sender + ": malware and phishing findings score " + points(hard)
                    + " (malicious from " + points(rules.maliciousAt()) + "): " + String.join(", ", hardRules));
            return;
        }
        double score = f.score();
        if (score > 0) {
            f.fire("POLICY_PERMITTED_SENDER", sender + ": without the allow entry " + level(score) + " (score "
                    + points(score) + "), now clean", -score);
        } else {
            f.fire("POLICY_PERMITTED_SENDER", sender + ": nothing was found to override", 0);
        }
    }

    /** Why the allow entry cannot apply to this message's authentication, or null when it can. */
    private String authenticationFailure(Findings f) {
        List<String> failures = new ArrayList<>();
        for (String id : List.of("AUTH_OWN_DOMAIN_UNAUTHENTICATED", "AUTH_DMARC_FAIL", "AUTH_COMPAUTH_FAIL")) {
            if (f.has(id)) {
                failures.add(evidence(f, id));
            }
        }
        if (failures.isEmpty() && authentication == Authentication.PASS && f.has("AUTH_SPF_FAIL") && !f.has("AUTH_DMARC_PASS")) {
            failures.add(evidence(f, "AUTH_SPF_FAIL") + " and DMARC did not pass");
        }
        if (failures.isEmpty()) {
            return null;
        }
        return "failed authentication (" + String.join("; ", failures) + "): allow entries apply only to authenticated "
                + "senders (to allow a sender that fails, add it to the anti-spoofing exceptions)";
    }

    private static String evidence(Findings f, String id) {
        return f.reasons().stream().filter(r -> r.rule().equals(id)).map(Reason::evidence).findFirst().orElse(id);
    }

    private String level(double score) {
        return score >= rules.maliciousAt() ? "MALICIOUS" : score >= rules.suspiciousAt() ? "SUSPICIOUS" : "clean";
    }

    private static String points(double value) {
        double rounded = Math.round(value * 100.0) / 100.0;
        return rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded);
    }
}
