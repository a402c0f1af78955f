package com.mailmoat.detect.correlation;

import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.domain.Brand;
import com.mailmoat.detect.domain.DomainKnowledge;
import com.mailmoat.detect.impersonation.ImpersonationAnalyzer;
import com.mailmoat.detect.message.Hosts;
import com.mailmoat.detect.message.Link;
import com.mailmoat.detect.message.ParsedMessage;
import com.mailmoat.detect.rules.Analyzer;
import com.mailmoat.detect.rules.Findings;
import com.mailmoat.detect.rules.RuleBook;
import com.mailmoat.detect.url.UrlAnalyzer;
import java.util.List;

/**
 * Signals that mean little alone and much together, evaluated after the other analyzers: a
 * credential or payment lure that names a brand the sender does not belong to, or whose links
 * all lead away from the sender's own domain.
 */
public final class CorrelationAnalyzer implements Analyzer {

    private final ImpersonationAnalyzer impersonation;
    private final DomainKnowledge domains;
    private final PaymentDiversion paymentDiversion;
    private final ReplyElsewhere replyElsewhere;

    public CorrelationAnalyzer(ImpersonationAnalyzer impersonation, DomainKnowledge domains, RuleBook rules) {
        this.impersonation = impersonation;
        this.domains = domains;
        this.paymentDiversion = new PaymentDiversion(rules, domains);
        this.replyElsewhere = new ReplyElsewhere(domains);
    }

    @Override
    public String name() {
        return "correlation";
    }

    @Override
    public void analyze(ParsedMessage m, TenantContext context, Findings f) {
        if (f.has("LANG_PAYMENT_BEC") && !m.from().domain().isEmpty() && domains.isFreemail(m.from().domain())) {
            f.fire("CORR_PAYMENT_REQUEST_FROM_FREEMAIL", m.from().address());
        }
        paymentDiversion.analyze(m, context, f);
        String noOwnLink = noLinkToSender(m);
        if (noOwnLink != null) {
            f.fire("CORR_NO_LINK_TO_SENDER", noOwnLink);
            if (m.htmlOnly()) {
                // the two together are the shape of templated mass mail far more than of a company's newsletter
                f.fire("CORR_HTML_ONLY_LINKS_AWAY", noOwnLink);
            }
        }
        String callback = callbackNumber(m, f);
        if (callback != null) {
            f.fire("CORR_CALLBACK_PHONE_AND_AMOUNT", callback);
        }
        if (f.has("LANG_CONTACT_OPENER")) {
            String stranger = strangerTrait(m, f);
            if (stranger != null) {
                f.fire("CORR_OPENER_FROM_STRANGER", stranger);
            }
        }
        firstContact(m, context, f);
        String elsewhere = replyElsewhere.find(m);
        if (elsewhere != null) {
            f.fire("CORR_REPLY_ELSEWHERE", elsewhere);
        }
        boolean invoice = f.has("LANG_CALLBACK_INVOICE");
        if (invoice && !m.from().domain().isEmpty() && domains.isFreemail(m.from().domain())) {
            // shops and billing systems send receipts from their own domains, never from a webmail account
            f.fire("CORR_INVOICE_FROM_FREEMAIL", m.from().address());
        }
        boolean lure = f.has("LANG_CREDENTIAL_LURE") || f.has("LANG_ACCOUNT_THREAT") || f.has("LANG_DOCUMENT_LURE") || invoice;
        if (!lure) {
            return;
        }
        String fromDomain = m.from().domain();
        String head = m.text().length() > 3000 ? m.text().substring(0, 3000) : m.text();
        // a sender that names itself ("Lockergnome Tech Specialist" from lockergnome.com) writes about brands
        boolean namesItself = !fromDomain.isEmpty() && !domains.isFreemail(fromDomain)
                && ImpersonationAnalyzer.namesSenderOrganisation(m.foldedSender(), fromDomain);
        for (Brand b : namesItself ? List.<Brand>of() : impersonation.brandsNamedIn(m.subject() + " \n " + m.from().displayName() + " \n " + head)) {
            if (!fromDomain.isEmpty() && !domains.isOfficial(b, fromDomain)) {
                f.fire("CORR_LURE_NAMES_OTHER_BRAND", b.key() + " named in a lure sent from " + fromDomain);
                break;
            }
        }
        String fromOrg = Hosts.registrable(fromDomain);
        int anchors = 0;
        int away = 0;
        for (int li = 0; li < m.links().size(); li++) {
            Link l = m.links().get(li);
            if (l.source() != Link.Source.ANCHOR && l.source() != Link.Source.FORM_ACTION) {
                continue;
            }
            String host = m.urls().get(li).host();
            if (host.isEmpty()) {
                continue;
            }
            anchors++;
            if (!Hosts.registrable(host).equals(fromOrg) && !domains.isClickTracker(host)) {
                away++;
            }
        }
        if (anchors > 0 && anchors <= 3 && away == anchors) {
            f.fire("CORR_LURE_FEW_FOREIGN_LINKS", away + " of " + anchors + " links lead away from " + fromOrg);
        }
    }
    /**
     * Evidence of a call-back scam: a phone number and a money amount in the text, from a free-mail
     * sender or, naming a brand the sender does not belong to, with invoice wording. Refund and
     * renewal scams want a call, not a click, so they carry no link to judge; companies bill from
     * their own domains and rarely send both a charge and a number to call about it.
     */
    private String callbackNumber(ParsedMessage m, Findings f) {
        String fromDomain = m.from().domain();
        if (fromDomain.isEmpty() || !(domains.isFreemail(fromDomain) || f.has("LANG_CALLBACK_INVOICE"))) {
            return null;
        }
        String head = m.text().length() > 6000 ? m.text().substring(0, 6000) : m.text();
        String phone = PhoneAndMoney.phoneNumber(head);
        if (phone == null) {
            return null;
        }
        String amount = PhoneAndMoney.moneyAmount(head);
        if (amount == null) {
            return null;
        }
        if (domains.isFreemail(fromDomain)) {
            return "call " + phone + " about " + amount + ", sent from free mail " + m.from().address();
        }
        if (f.has("LANG_CALLBACK_INVOICE")) {
            for (Brand b : impersonation.brandsNamedIn(m.subject() + " \n " + m.from().displayName() + " \n " + head)) {
                if (!domains.isOfficial(b, fromDomain)) {
                    return "call " + phone + " about " + amount + " (" + b.key() + " named, sent from " + fromDomain + ")";
                }
            }
        }
        return null;
    }

    /**
     * What makes the sender of a short "can you help me / write me back" opener a stranger: free
     * mail, replies redirected elsewhere, or hidden recipients. Such openers start advance-fee and
     * gift-card fraud; between colleagues the same words come from a known address.
     */
    private String strangerTrait(ParsedMessage m, Findings f) {
        String fromDomain = m.from().domain();
        if (!fromDomain.isEmpty() && domains.isFreemail(fromDomain)) {
            return "from free mail " + m.from().address();
        }
        if (f.has("AUTH_REPLY_TO_FREEMAIL") || f.has("AUTH_REPLY_TO_DIVERGES") || f.has("AUTH_REPLY_TO_OTHER_FREEMAIL")) {
            return "replies go to " + (m.replyTo().isEmpty() ? "another address" : m.replyTo().get(0).address());
        }
        if (f.has("BULK_UNDISCLOSED_RECIPIENTS")) {
            return "recipients hidden";
        }
        return null;
    }

    /**
     * First contact: the tenant's history (the context's known senders) has never seen this
     * sender's address or domain. Alone a weak signal (every correspondent writes a first time);
     * with a lure, a payment request or impersonation it is what makes them dangerous.
     */
    private static void firstContact(ParsedMessage m, TenantContext context, Findings f) {
        if (!context.knowsSenderHistory() || m.from().address().isEmpty()
                || (!m.from().domain().isEmpty() && com.mailmoat.detect.auth.SenderAuthenticationAnalyzer.isOwn(context, m.from().domain()))
                || com.mailmoat.detect.policy.SenderLists.matches(context.knownSenders(), m.from())) {
            return;
        }
        f.fire("CTX_FIRST_CONTACT", m.from().address() + " has not written to the organisation before");
        for (com.mailmoat.detect.Reason r : f.reasons()) {
            String id = r.rule();
            if (r.weight() > 0 && (id.startsWith("LANG_") || id.startsWith("IMP_") || id.equals("CORR_PAYMENT_REQUEST_FROM_FREEMAIL")
                    || id.equals("CORR_CALLBACK_PHONE_AND_AMOUNT")) && !id.equals("LANG_GENERIC_GREETING")) {
                f.fire("CTX_FIRST_CONTACT_WITH_LURE", m.from().address() + ", first contact, and " + id);
                return;
            }
        }
    }

    /** Rules any of which means the message is not simply an organisation writing about itself. */
    private static final java.util.Set<String> NOT_SELF = java.util.Set.of("AUTH_DMARC_FAIL", "AUTH_COMPAUTH_FAIL",
            "AUTH_SPF_FAIL", "AUTH_OWN_DOMAIN_UNAUTHENTICATED", "AUTH_REPLY_TO_FREEMAIL", "AUTH_REPLY_TO_OTHER_FREEMAIL",
            "AUTH_REPLY_TO_DIVERGES", "AUTH_SENDER_FREE_HOST", "AUTH_FROM_MULTIPLE", "AUTH_FROM_MISSING",
            "AUTH_FROM_INVALID_DOMAIN", "URL_BRAND_LOOKALIKE", "URL_TEXT_SHOWS_BRAND_DOMAIN", "URL_CREDENTIAL_FORM",
            "URL_SCRIPT_SMUGGLING", "POLICY_BLOCKED_SENDER", "POLICY_PERMITTED_BUT_FORGED");

    /**
     * True for mail an organisation sent about itself: from an organisation's domain (not free
     * mail or free hosting), nothing forged or imitated, no risky attachment, and either a
     * well-known brand's official domain, or at least one web link, every one of which leads to
     * the sender's own organisation (its registrable domain or a click tracker). Receipts, account notices and
     * newsletters of real companies look like this; the phish imitating them cannot link home.
     * The learning layer may add only a little to such mail (its word statistics, learnt largely
     * from phish, mistake a brand's real mail for the imitation).
     */
    public boolean organisationOwnMail(ParsedMessage m, Findings f) {
        String fromDomain = m.from().domain();
        if (fromDomain.isEmpty() || domains.isFreemail(fromDomain) || domains.isFreeHost(fromDomain)) {
            return false;
        }
        for (com.mailmoat.detect.Reason r : f.reasons()) {
            String id = r.rule();
            if (r.weight() > 0 && (id.startsWith("IMP_") || id.startsWith("ATT_") || NOT_SELF.contains(id))) {
                return false;
            }
        }
        String fromOrg = Hosts.registrable(fromDomain);
        Brand senderBrand = domains.ownerOf(fromDomain);
        if (senderBrand != null) {
            // a brand's own domain with nothing forged: where receiving-side authentication is
            // present a spoof of it fails DMARC (and is not guarded); where it is absent, the
            // rules, not word statistics, must tell the spoof
            return true;
        }
        int home = 0;
        for (int li = 0; li < m.links().size(); li++) {
            Link l = m.links().get(li);
            if (l.source() != Link.Source.ANCHOR && l.source() != Link.Source.FORM_ACTION) {
                continue;
            }
            Hosts.Url url = m.urls().get(li);
            String host = url.host();
            if (host.isEmpty() || !(url.scheme().equals("http") || url.scheme().equals("https"))) {
                continue;
            }
            if (Hosts.registrable(host).equals(fromOrg) || (senderBrand != null && domains.isOfficial(senderBrand, host))) {
                home++;
            } else if (!domains.isClickTracker(host) && !UrlAnalyzer.looksLikeClickTracker(host) && domains.ownerOf(host) == null) {
                // links to well-known brands' own sites (the social-media and app-store footer of every
                // newsletter) neither lead home nor away; anything else does lead away
                return false;
            }
        }
        return home > 0;
    }

    /**
     * Evidence when none of the message's web links leads to the sender's own organisation:
     * organisations link to their own sites (directly or through a click tracker), while mass
     * lures borrow a sender domain and link elsewhere. Links through known click trackers hide
     * their target, so a message with one is given the benefit of the doubt; free-mail senders
     * (people sharing links) are left to other rules.
     */
    private String noLinkToSender(ParsedMessage m) {
        String fromDomain = m.from().domain();
        if (fromDomain.isEmpty() || domains.isFreemail(fromDomain)) {
            return null;
        }
        String fromOrg = Hosts.registrable(fromDomain);
        Brand senderBrand = domains.ownerOf(fromDomain);
        int web = 0;
        String first = null;
        for (int li = 0; li < m.links().size(); li++) {
            Link l = m.links().get(li);
            if (l.source() != Link.Source.ANCHOR && l.source() != Link.Source.FORM_ACTION) {
                continue;
            }
            Hosts.Url url = m.urls().get(li);
            String host = url.host();
            if (host.isEmpty() || !(url.scheme().equals("http") || url.scheme().equals("https"))) {
                continue;
            }
            if (Hosts.registrable(host).equals(fromOrg) || domains.isClickTracker(host)
                    || UrlAnalyzer.looksLikeClickTracker(host)
                    || (senderBrand != null && domains.isOfficial(senderBrand, host))) {
                return null;
            }
            web++;
            if (first == null) {
                first = host;
            }
        }
        return web == 0 ? null : web + " link(s), none to " + fromOrg + " (first: " + first + ")";
    }

}
