package com.mailmoat.core.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The DKIM check for Microsoft 365: are the two CNAME records that let Microsoft 365 sign the
 * domain's own mail published ({@code selector1._domainkey} and {@code selector2._domainkey})?
 * Without them Microsoft 365 signs with the tenant's {@code onmicrosoft.com} domain, which does not
 * align with the domain for DMARC, so forwarded mail (where SPF breaks) fails DMARC. Microsoft has
 * published two forms of the target over time, both accepted: the older
 * {@code selector1-<domain>._domainkey.<tenant>.onmicrosoft.com} and the newer
 * {@code selector1-<domain>._domainkey.<tenant>.<partition>.dkim.mail.microsoft}. The records point
 * into the tenant, so there is no record to compute here: the Defender portal shows them.
 */
final class DkimCheck {
    static final List<String> SELECTORS = List.of("selector1", "selector2");
    private static final List<String> MICROSOFT_SUFFIXES = List.of(".onmicrosoft.com", ".dkim.mail.microsoft");
    private static final String WHERE = "In the Microsoft Defender portal (Email & collaboration > Policies & rules > "
            + "Threat policies > Email authentication settings > DKIM), select the domain, create the DKIM keys, "
            + "publish the two CNAME records it shows at your DNS host, then turn signing on.";

    private final DnsResolver dns;

    DkimCheck(DnsResolver dns) {
        this.dns = dns;
    }

    Check run(String domain) {
        String id = "dkim:" + domain;
        Map<String, DnsAnswer> answers = new LinkedHashMap<>();
        for (String selector : SELECTORS) {
            answers.put(selector, dns.lookup(selector + "._domainkey." + domain, DnsRecordType.CNAME));
        }
        List<String> evidence = new ArrayList<>();
        List<String> toMicrosoft = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        for (Map.Entry<String, DnsAnswer> entry : answers.entrySet()) {
            DnsAnswer answer = entry.getValue();
            if (answer.isUnavailable()) {
                return Check.withoutFix(id, CheckStatus.ERROR, "We could not read the DKIM records of " + domain + " ("
                        + answer.detail() + "). This says nothing about your records; we will check again.", evidence);
            }
            for (String target : answer.records()) {
                evidence.add(answer.name() + " CNAME " + target);
                (pointsToMicrosoft(entry.getKey(), target) ? toMicrosoft : elsewhere).add(entry.getKey());
            }
        }
        if (toMicrosoft.containsAll(SELECTORS)) {
            return Check.withoutFix(id, CheckStatus.PASS, "Microsoft 365 can sign mail from " + domain + " with DKIM "
                    + "(both selectors are published), so your mail passes DMARC even when forwarding breaks SPF. "
                    + "Check that signing is turned on for " + domain + " in the Microsoft Defender portal (DKIM).",
                    evidence);
        }
        if (!elsewhere.isEmpty()) {
            return Check.withoutFix(id, CheckStatus.WARN, String.join(" and ", elsewhere) + "._domainkey." + domain
                    + " points somewhere other than Microsoft 365's DKIM keys. That is fine if another service signs "
                    + domain + "'s mail with that selector; for mail sent from Microsoft 365: " + WHERE, evidence);
        }
        if (!toMicrosoft.isEmpty()) {
            String missing = SELECTORS.stream().filter(s -> !toMicrosoft.contains(s)).findFirst().orElseThrow();
            return Check.withoutFix(id, CheckStatus.WARN, "Only " + toMicrosoft.get(0) + "._domainkey." + domain
                    + " is published. Microsoft 365 rotates between two keys: without " + missing + "._domainkey."
                    + domain + " signing stops at the next rotation. " + WHERE, evidence);
        }
        return Check.withoutFix(id, CheckStatus.WARN, domain + " has no Microsoft 365 DKIM records, so Microsoft 365 "
                + "signs its mail with your onmicrosoft.com domain instead. That signature does not align with "
                + domain + " for DMARC, so your mail that is forwarded (which breaks SPF) fails DMARC and may be "
                + "rejected. " + WHERE, evidence);
    }

    /** {@code selector1-…._domainkey.<tenant>.onmicrosoft.com} or {@code ….dkim.mail.microsoft}. */
    private static boolean pointsToMicrosoft(String selector, String target) {
        String host = target.toLowerCase(Locale.ROOT);
        return host.startsWith(selector + "-") && host.contains("._domainkey.")
                && MICROSOFT_SUFFIXES.stream().anyMatch(host::endsWith);
    }
}
