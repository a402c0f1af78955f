package com.mailmoat.detect.correlation;

import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.auth.SenderAuthenticationAnalyzer;
import com.mailmoat.detect.domain.DomainKnowledge;
import com.mailmoat.detect.language.PhraseMatcher;
import com.mailmoat.detect.message.ParsedMessage;
import com.mailmoat.detect.policy.SenderLists;
import com.mailmoat.detect.rules.Findings;
import com.mailmoat.detect.rules.RuleBook;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment diversion (vendor bank-detail change fraud, a form of BEC): a message announcing changed
 * bank or remittance details — with the new account's coordinates (IBAN, sort code, SWIFT/BIC,
 * account or routing number), or in several change phrases — from an outside sender that nothing
 * vouches for: not authenticated by DMARC, a first contact, a lookalike domain (of the tenant, a
 * correspondent, a brand or the organisation the message speaks for), free mail, or replies sent
 * elsewhere. A partner's genuine, authenticated notice from its own known domain does not fire
 * (the phrase rules still note its wording). The evidence names the phrases, the coordinates' kind
 * and every reason the sender is not vouched for.
 */
final class PaymentDiversion {

    static final String RULE = "CORR_PAYMENT_DIVERSION";

    /** Labels of bank coordinates followed by a value of their shape. */
    private static final Pattern COORDINATES = Pattern.compile(
            "(?i)\\b(?:(iban)\\s*(?:no\\.?|number)?\\s*[:#]?\\s*(?-i:[A-Z]{2}\\s?\\d{2}[ \\dA-Z]{8,})"
                    + "|(sort\\s*code)\\s*[:#]?\\s*\\d{2}[- ]?\\d{2}[- ]?\\d{2}"
                    + "|(swift|bic)(?:\\s*code)?\\s*[:#]?\\s*(?-i:[A-Z]{4}[A-Z0-9]{4,7})\\b"
                    + "|(routing|aba|account|acct\\.?)\\s*(?:no\\.?|number|#)\\s*[:#]?\\s*\\d[\\d -]{5,})");

    private static final String[] LOOKALIKE_RULES = {"IMP_SENDER_IMITATES_NAMED_ORG", "IMP_KNOWN_SENDER_LOOKALIKE_DOMAIN",
        "IMP_TENANT_LOOKALIKE_DOMAIN", "IMP_BRAND_LOOKALIKE_DOMAIN", "IMP_PUNYCODE_SENDER"};

    private final PhraseMatcher change;
    private final DomainKnowledge domains;

    PaymentDiversion(RuleBook rules, DomainKnowledge domains) {
        this.change = new PhraseMatcher(rules.list("lure_bank_change").entries());
        this.domains = domains;
    }

    void analyze(ParsedMessage m, TenantContext context, Findings f) {
        String domain = m.from().domain();
        if (!f.has("LANG_BANK_DETAILS_CHANGE") || domain.isEmpty() || SenderAuthenticationAnalyzer.isOwn(context, domain)
                || SenderLists.matches(context.permittedSenders(), m.from())) {
            return;
        }
        BitSet hits = change.find(m.foldedSubject());
        hits.or(change.find(m.foldedBody()));
        String coordinates = coordinates(m.text());
        if (hits.cardinality() < 2 && coordinates == null) {
            return; // one change phrase alone is too little (an account "moved to the new account")
        }
        List<String> unvouched = new ArrayList<>();
        if (!f.has("AUTH_DMARC_PASS")) {
            unvouched.add("not authenticated by DMARC");
        }
        boolean known = SenderLists.matches(context.knownSenders(), m.from());
        if (context.knowsSenderHistory() && !known) {
            unvouched.add("a first contact");
        }
        for (String rule : LOOKALIKE_RULES) {
            if (f.has(rule)) {
                unvouched.add("a lookalike domain (" + rule + ")");
                break;
            }
        }
        if (domains.isFreemail(domain)) {
            unvouched.add("free mail");
        }
        if (f.has("AUTH_REPLY_TO_DIVERGES") || f.has("AUTH_REPLY_TO_FREEMAIL") || f.has("AUTH_REPLY_TO_OTHER_FREEMAIL")) {
            unvouched.add("replies go elsewhere");
        }
        if (unvouched.isEmpty()) {
            return;
        }
        StringBuilder ev = new StringBuilder();
        for (int i = hits.nextSetBit(0), n = 0; i >= 0 && n < 4; i = hits.nextSetBit(i + 1), n++) {
            ev.append(n > 0 ? ", " : "").append('"').append(change.phrase(i).strip()).append('"');
        }
        if (coordinates != null) {
            ev.append("; gives ").append(coordinates);
        }
        ev.append("; sender ").append(m.from().address()).append(": ").append(String.join(", ", unvouched));
        f.fire(RULE, ev.toString());
    }

    /** The kinds of bank coordinates the text gives ("an IBAN, a SWIFT/BIC"), or null. */
    static String coordinates(String text) {
        String t = text.length() > 20_000 ? text.substring(0, 20_000) : text;
        Matcher matcher = COORDINATES.matcher(t);
        List<String> kinds = new ArrayList<>();
        while (matcher.find() && kinds.size() < 4) {
            String kind = matcher.group(1) != null ? "an IBAN" : matcher.group(2) != null ? "a sort code"
                    : matcher.group(3) != null ? "a SWIFT/BIC code" : "an account or routing number";
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        return kinds.isEmpty() ? null : String.join(", ", kinds);
    }
}
