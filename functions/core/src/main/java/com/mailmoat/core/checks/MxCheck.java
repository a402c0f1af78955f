package com.mailmoat.core.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The MX check: lists where the domain receives mail and recognises Microsoft's Exchange Online
 * Protection ({@code *.mail.protection.outlook.com}), the usual front door of a Microsoft 365
 * tenant, versus another service that sees the mail first.
 */
final class MxCheck {
    static final String EOP_SUFFIX = ".mail.protection.outlook.com";

    private final DnsResolver dns;

    MxCheck(DnsResolver dns) {
        this.dns = dns;
    }

    Check run(String domain) {
        String id = "mx:" + domain;
        DnsAnswer answer = dns.lookup(domain, DnsRecordType.MX);
        if (answer.isUnavailable()) {
            return Check.withoutFix(id, CheckStatus.ERROR, "We could not read the MX records of " + domain + " ("
                    + answer.detail() + "). This says nothing about your records; we will check again.", List.of());
        }
        if (answer.isVoid()) {
            return Check.withoutFix(id, CheckStatus.FAIL, domain + (answer.status() == DnsStatus.NXDOMAIN
                    ? " does not exist in DNS, so it cannot receive mail." : " has no MX record, so other servers do "
                    + "not know where to deliver its mail.") + " In Microsoft 365, the admin center's Domains page "
                    + "shows the MX record to publish.", List.of());
        }
        List<String> evidence = answer.records().stream().map(r -> domain + " MX " + r).toList();
        List<String> eop = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String mx : answer.records()) {
            String host = mx.substring(mx.indexOf(' ') + 1).trim();
            if (host.equals(".")) {
                return Check.withoutFix(id, CheckStatus.WARN, domain + " publishes a null MX record: it declares "
                        + "that it receives no mail at all. If people do send mail to addresses at " + domain
                        + ", publish the MX record Microsoft 365 gives you.", evidence);
            }
            (host.toLowerCase(Locale.ROOT).endsWith(EOP_SUFFIX) ? eop : other).add(host);
        }
        if (other.isEmpty()) {
            return Check.withoutFix(id, CheckStatus.PASS, "Mail for " + domain + " arrives through Microsoft's "
                    + "Exchange Online Protection (" + String.join(", ", eop) + ").", evidence);
        }
        return Check.withoutFix(id, CheckStatus.WARN, "Mail for " + domain + " arrives first at "
                + String.join(", ", other) + (eop.isEmpty() ? "" : " (as well as Exchange Online Protection)")
                + ", not only at Microsoft's Exchange Online Protection. That is fine if it is a mail security or "
                + "filtering service you use; Mailmoat still scans mail once it reaches Microsoft 365. If you do not "
                + "recognise these servers, ask whoever manages your DNS.", evidence);
    }
}
