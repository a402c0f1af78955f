package com.mailmoat.detect.policy;

import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.message.ParsedMessage;
import com.mailmoat.detect.rules.Analyzer;
import com.mailmoat.detect.rules.Findings;

/**
 * The tenant's permitted and blocked senders. Runs after the other analyzers: a permitted
 * sender is trusted only when the From address was not shown to be forged, since attackers
 * spoof exactly the senders an organisation allows.
 */
public final class SenderPolicyAnalyzer implements Analyzer {

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
        if (SenderLists.matches(context.permittedSenders(), m.from())) {
            if (f.has("AUTH_DMARC_FAIL") || f.has("AUTH_COMPAUTH_FAIL")) {
                f.fire("POLICY_PERMITTED_BUT_FORGED", m.from().address());
            } else {
                f.fire("POLICY_PERMITTED_SENDER", m.from().address());
            }
        }
    }
}
