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
        ReceivingSide.Found found = ReceivingSide.find(m.headerBlock());
        AuthResults results = found == null ? null : found.results();
        // results the sender could have written count only when they fail (no sender gains by that)
        AuthResults trusted = found != null && found.trusted() ? results : null;
        String where = found == null ? "" : found.trusted() ? " (" + found.source() + " of the receiving server)"
                : " (" + found.source() + " below the sender's own fields: not trusted to pass)";
        if (results != null && !excepted) {
            boolean aboutFrom = results.headerFrom().isEmpty() || fromDomain.isEmpty()
                    || Hosts.registrable(results.headerFrom()).equals(Hosts.registrable(fromDomain));
            if (results.dmarc().startsWith("fail") && aboutFrom) {
                f.fire("AUTH_DMARC_FAIL", "dmarc=" + results.dmarc() + " for " + fromDomain + where);
            }
            if (results.compauth().equals("fail")) {
                f.fire("AUTH_COMPAUTH_FAIL", "compauth=fail for " + fromDomain + where);
            }
            if (results.spf().equals("fail") || results.spf().equals("softfail")) {
                f.fire("AUTH_SPF_FAIL", "spf=" + results.spf() + where);
            }
            if (results.dkim().equals("fail")) {
                f.fire("AUTH_DKIM_FAIL", "dkim=fail" + where);
            }
            if (trusted != null && trusted.dmarc().equals("pass") && aboutFrom && !fromDomain.isEmpty()) {
                f.fire("AUTH_DMARC_PASS", "dmarc=pass for " + fromDomain + where);
            }
        }
        boolean ownDomain = !fromDomain.isEmpty() && isOwn(context, fromDomain);
        if (ownDomain && !excepted) {
            boolean authenticated = trusted != null && (trusted.dmarc().equals("pass") || trusted.compauth().equals("pass"));
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
        if (!excepted && !fromDomain.isEmpty() && !(trusted != null && trusted.dmarc().equals("pass"))) {
            String signer = brandSignedByOther(m, fromDomain);
            if (signer != null) {
                f.fire("AUTH_BRAND_SIGNED_BY_OTHER", from.address() + " signed only by " + signer);
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
     * For mail whose From is a well-known brand's official domain: the DKIM signing domain when
     * every signature is by an unrelated domain (neither the brand's nor a bulk-mail service's),
     * else null. A brand's mail is signed by the brand or by the service sending for it; a forger
     * using the brand's address can only sign with a domain of their own. Only signatures present
     * count: mail without any says nothing here.
     */
    private String brandSignedByOther(ParsedMessage m, String fromDomain) {
        com.mailmoat.detect.domain.Brand brand = domains.ownerOf(fromDomain);
        if (brand == null || domains.isFreemail(fromDomain)) {
            return null;
        }
        String fromOrg = Hosts.registrable(fromDomain);
        String other = null;
        for (String sig : m.headers("DKIM-Signature")) {
            String d = tag(sig, "d");
            if (d.isEmpty()) {
                continue;
            }
            if (Hosts.registrable(d).equals(fromOrg) || domains.isOfficial(brand, d) || domains.isSendingService(d)) {
                return null;
            }
            other = d;
        }
        return other;
    }

    /** The value of tag {@code name} in a DKIM-Signature ({@code d=example.com;}), lower case, or empty. */
    static String tag(String signature, String name) {
        int i = 0;
        int n = signature.length();
        while (i < n) {
            while (i < n && (signature.charAt(i) == ' ' || signature.charAt(i) == ';' || signature.charAt(i) == '\t')) {
                i++;
            }
            int eq = signature.indexOf('=', i);
            int semi = signature.indexOf(';', i);
            if (eq < 0) {
                return "";
            }
            int end = semi < 0 ? n : semi;
            if (eq < end && signature.substring(i, eq).strip().equalsIgnoreCase(name)) {
                return signature.substring(eq + 1, end).strip().toLowerCase(Locale.ROOT);
            }
            i = end + 1;
        }
        return "";
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
