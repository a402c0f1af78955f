package com.mailmoat.detect.auth;

import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.domain.DomainKnowledge;
import com.mailmoat.detect.message.Address;
import com.mailmoat.detect.message.Hosts;
import com.mailmoat.detect.message.ParsedMessage;
import com.mailmoat.detect.policy.SenderLists;
import com.mailmoat.detect.rules.Analyzer;
import com.mailmoat.detect.rules.Findings;
import java.util.List;
import java.util.Locale;

/**
 * Sender authentication: what the receiving side recorded (Authentication-Results, else the
 * first ARC-Authentication-Results), alignment of From with Return-Path and Reply-To, mail
 * claiming the tenant's own domains from outside, and malformed From headers.
 */
public final class SenderAuthenticationAnalyzer implements Analyzer {

    private final DomainKnowledge domains;

    public SenderAuthenticationAnalyzer(DomainKnowledge domains) {
        this.domains = domains;
    }

    @Override
    public String name() {
        return "authentication";
    }

    @Override
    public void analyze(ParsedMessage m, TenantContext context, Findings f) {
        Address from = m.from();
        String fromDomain = from.domain();
        if (from.address().isEmpty() || fromDomain.isEmpty()) {
            f.fire("AUTH_FROM_MISSING", from.displayName().isEmpty() ? "(no From address)" : from.displayName());
        } else if (fromDomain.indexOf('.') < 0 || !Character.isLetter(fromDomain.charAt(fromDomain.length() - 1))) {
            f.fire("AUTH_FROM_INVALID_DOMAIN", from.address());
        } else {
            if (domains.hasSuspiciousTld(fromDomain)) {
                f.fire("AUTH_SENDER_SUSPICIOUS_TLD", fromDomain);
            }
            if (looksGenerated(Hosts.brandLabel(fromDomain))) {
                f.fire("AUTH_SENDER_GENERATED_DOMAIN", fromDomain);
            }
            if (domains.isFreeHost(fromDomain)) {
                // app-hosting defaults (project.firebaseapp.com, site.pages.dev) send for anyone who signs up
                f.fire("AUTH_SENDER_FREE_HOST", fromDomain);
            }
        }
        if (m.fromCount() > 1) {
            f.fire("AUTH_FROM_MULTIPLE", m.fromCount() + " mailboxes in From");
        }
        boolean excepted = SenderLists.matches(context.spoofingExceptions(), from);
        AuthResults results = receivingResults(m);
        if (results != null && !excepted) {
            boolean aboutFrom = results.headerFrom().isEmpty() || fromDomain.isEmpty()
                    || Hosts.registrable(results.headerFrom()).equals(Hosts.registrable(fromDomain));
            if (results.dmarc().startsWith("fail") && aboutFrom) {
                f.fire("AUTH_DMARC_FAIL", "dmarc=" + results.dmarc() + " for " + fromDomain);
            }
            if (results.compauth().equals("fail")) {
                f.fire("AUTH_COMPAUTH_FAIL", "compauth=fail for " + fromDomain);
            }
            if (results.spf().equals("fail") || results.spf().equals("softfail")) {
                f.fire("AUTH_SPF_FAIL", "spf=" + results.spf());
            }
            if (results.dkim().equals("fail")) {
                f.fire("AUTH_DKIM_FAIL", "dkim=fail");
            }
            if (results.dmarc().equals("pass") && aboutFrom && !fromDomain.isEmpty()) {
                f.fire("AUTH_DMARC_PASS", "dmarc=pass for " + fromDomain);
            }
        }
        boolean ownDomain = !fromDomain.isEmpty() && isOwn(context, fromDomain);
        if (ownDomain && !excepted) {
            boolean authenticated = results != null && (results.dmarc().equals("pass") || results.compauth().equals("pass"));
            boolean authFailed = results != null && !authenticated
                    && (results.dmarc().startsWith("fail") || results.compauth().equals("fail") || results.spf().equals("fail"));
            Address rp = m.returnPath();
            boolean envelopeForeign = rp != null && !rp.domain().isEmpty() && !isOwn(context, rp.domain());
            // intra-organisation mail often carries no results at all: only evidence of an outside origin counts
            if (!authenticated && (authFailed || envelopeForeign)) {
                f.fire("AUTH_OWN_DOMAIN_UNAUTHENTICATED", from.address() + " from outside ("
                        + (rp == null ? "no Return-Path" : "Return-Path " + rp.address()) + ")");
            }
        }
        if (!fromDomain.isEmpty()) {
            String fromOrg = Hosts.registrable(fromDomain);
            com.mailmoat.detect.domain.Brand fromBrand = domains.ownerOf(fromDomain);
            // mailing lists rewrite From to themselves ("Ann via some-list") and keep the author in Reply-To
            boolean listRewrite = from.displayName().toLowerCase(Locale.ROOT).contains(" via ");
            for (Address reply : listRewrite ? List.<Address>of() : m.replyTo()) {
                if (reply.domain().isEmpty() || Hosts.registrable(reply.domain()).equals(fromOrg)
                        || (fromBrand != null && domains.isOfficial(fromBrand, reply.domain()))) {
                    continue; // the same organisation under another of its domains (google.com, gmail.com)
                }
                if (m.to().stream().anyMatch(to -> to.address().equals(reply.address()))) {
                    continue; // replies go to the list or group the mail was sent to: how mailing lists work
                }
                if (domains.isFreemail(reply.domain()) && !domains.isFreemail(fromDomain)) {
                    f.fire("AUTH_REPLY_TO_FREEMAIL", "From " + fromDomain + ", Reply-To " + reply.address());
                } else if (domains.isFreemail(reply.domain()) && domains.isFreemail(fromDomain)
                        && !reply.address().equals(from.address())) {
                    f.fire("AUTH_REPLY_TO_OTHER_FREEMAIL", "From " + from.address() + ", Reply-To " + reply.address());
                } else {
                    f.fire("AUTH_REPLY_TO_DIVERGES", "From " + fromDomain + ", Reply-To " + reply.domain());
                }
            }
        }
    }

    /**
     * The results of the receiving side: the topmost Authentication-Results, else the
     * ARC-Authentication-Results of the first ARC hop (i=1), the first server that saw the mail.
     */
    private static AuthResults receivingResults(ParsedMessage m) {
        List<String> ar = m.headers("Authentication-Results");
        for (String value : ar) {
            AuthResults r = AuthResults.parse(value);
            if (!r.isEmpty()) {
                return r;
            }
        }
        AuthResults first = null;
        for (String value : m.headers("ARC-Authentication-Results")) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            AuthResults r = AuthResults.parse(value);
            if (v.startsWith("i=1;") || v.startsWith("i=1 ")) {
                return r.isEmpty() ? null : r;
            }
            if (first == null && !r.isEmpty()) {
                first = r;
            }
        }
        return first;
    }

    /**
     * True for domain labels that look machine-generated: long runs of consonants, or letters
     * and digits interleaved, as bulk abusers register by the thousand.
     */
    static boolean looksGenerated(String label) {
        if (label.length() < 8) {
            return false;
        }
        int digits = 0;
        int switches = 0;
        int consonantRun = 0;
        int maxConsonantRun = 0;
        char prev = 0;
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean digit = Character.isDigit(c);
            if (digit) {
                digits++;
            }
            if (i > 0 && Character.isDigit(prev) != digit && c != '-' && prev != '-') {
                switches++;
            }
            if (Character.isLetter(c) && "aeiouy".indexOf(c) < 0) {
                consonantRun++;
                maxConsonantRun = Math.max(maxConsonantRun, consonantRun);
            } else {
                consonantRun = 0;
            }
            prev = c;
        }
        return maxConsonantRun >= 6 || (digits >= 3 && switches >= 4) || (label.length() >= 20 && digits >= 4);
    }

    /** True when {@code domain} is one of the tenant's domains or a subdomain of one. */
    public static boolean isOwn(TenantContext context, String domain) {
        for (String own : context.domains()) {
            if (Hosts.isSameOrSubdomain(domain, own)) {
                return true;
            }
        }
        return false;
    }
}
