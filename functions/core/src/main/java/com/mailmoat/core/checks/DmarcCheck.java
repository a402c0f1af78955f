package com.mailmoat.core.checks;

import com.mailmoat.core.checks.dmarc.DmarcDiscovery;
import com.mailmoat.core.checks.dmarc.DmarcRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The DMARC setup check: finds the policy that applies to the domain (its own record, or its
 * Organizational Domain's by the RFC 9989 tree walk), explains it, and gives the record to publish
 * when it is missing (a monitoring one, p=none, to start), only monitoring (then p=quarantine), or uses
 * tags RFC 9989 removed.
 */
final class DmarcCheck {
    private final DmarcDiscovery discovery;

    DmarcCheck(DnsResolver dns) {
        this.discovery = new DmarcDiscovery(dns);
    }

    Check run(String domain) {
        String id = "dmarc:" + domain;
        String fixName = "_dmarc." + domain;
        DmarcDiscovery.Result result = discovery.discover(domain);
        List<String> evidence = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        for (DmarcDiscovery.Step step : result.steps()) {
            step.dmarcRecords().forEach(r -> evidence.add("_dmarc." + step.domain() + " TXT \"" + r + "\""));
            if (step.dmarcRecords().size() > 1) {
                duplicates.add("_dmarc." + step.domain());
            }
        }
        // A first record only monitors (as Microsoft and the DMARC guides advise): enforcing before the
        // reports show every service that sends as the domain passes would send the domain's own mail to spam.
        String recommended = "v=DMARC1; p=none; rua=mailto:dmarc-reports@" + domain;

        if (!result.atDomain() && result.unavailable() != null) {
            return Check.withoutFix(id, CheckStatus.ERROR, "We could not check DMARC for " + domain + " because "
                    + result.unavailable() + ". This says nothing about your records; we will check again.", evidence);
        }
        if (!duplicates.isEmpty() && duplicates.contains(fixName)) {
            String first = result.steps().get(0).dmarcRecords().get(0);
            return new Check(id, CheckStatus.FAIL, fixName + " has " + result.steps().get(0).dmarcRecords().size()
                    + " DMARC records. Receivers ignore all of them when there is more than one"
                    + (result.found() ? ", and fall back to the policy at _dmarc." + result.policyDomain() : "")
                    + ". Keep a single record: publish this one in their place.", evidence,
                    DmarcRecord.parse(first).withPolicy(DmarcRecord.parse(first).policy().orElse("quarantine")), fixName);
        }
        if (!result.found()) {
            return new Check(id, CheckStatus.FAIL, domain + " has no DMARC record, so receivers have no instruction "
                    + "for mail that fails SPF and DKIM while claiming to come from " + domain + ", and you get no "
                    + "reports of who sends as you. Publish this TXT record at " + fixName + " to start: it asks "
                    + "receivers for daily reports to dmarc-reports@" + domain + " (create that mailbox or change the "
                    + "address) without changing how your mail is delivered. Once the reports show that every service "
                    + "sending as " + domain + " passes, this check gives the next step (p=quarantine, then p=reject).",
                    evidence, recommended, fixName);
        }

        DmarcRecord record = result.policy();
        boolean inherited = !result.atDomain();
        String policy = inherited ? record.subdomainPolicy().orElse("none") : record.policy().orElse("none");
        String where = inherited
                ? domain + " has no DMARC record of its own; the record of its organizational domain "
                + result.policyDomain() + " covers it (" + (record.tags().containsKey("sp") ? "sp" : "p") + "=" + policy + ")."
                : "The DMARC record of " + domain + " asks receivers to " + describe(policy) + ".";
        String details = " Alignment: SPF " + record.spfAlignment() + ", DKIM " + record.dkimAlignment() + ". "
                + reports(record);

        if (record.hasInvalidPolicy() || record.policy().isEmpty()) {
            return new Check(id, CheckStatus.FAIL, "The DMARC record at _dmarc." + result.policyDomain()
                    + " has no valid policy (p= must be none, quarantine or reject), so receivers may ignore it. "
                    + "Publish this record at " + fixName + ".", evidence, record.withPolicy("quarantine"), fixName);
        }
        if (policy.equals("none")) {
            String monitoring = where + " p=none only monitors: mail that fails DMARC is still delivered normally, "
                    + "so spoofed mail claiming to be from " + domain + " still reaches inboxes.";
            if (record.aggregateReportAddresses().isEmpty()) {
                // Without reports nobody can tell when enforcing is safe: ask for them first, policy unchanged.
                String reporting = record.withPolicy(policy) + "; rua=mailto:dmarc-reports@" + domain;
                return new Check(id, CheckStatus.WARN, monitoring + " No reports are requested either, so you cannot "
                        + "tell when it is safe to enforce. Publish this record at " + fixName + " to receive daily "
                        + "reports at dmarc-reports@" + domain + " (create that mailbox or change the address); "
                        + "delivery does not change." + details, evidence, reporting, fixName);
            }
            // Mailmoat does not read the reports (they go to the customer's own address), so the next step is
            // offered with the condition the administrator has to check in them, not as something to do today.
            return new Check(id, CheckStatus.WARN, monitoring + " This is the right first step. The next one, p=quarantine, "
                    + "sends failing mail to spam (later, p=reject refuses it): take it only when your reports show that "
                    + "every service sending as " + domain + " passes DMARC, usually after a few weeks; before that it "
                    + "can send your own mail to spam." + details,
                    evidence, record.withPolicy("quarantine"), fixName,
                    "your DMARC reports show that every service sending as " + domain + " passes");
        }
        List<String> removed = record.removedTagsPresent();
        if (!removed.isEmpty()) {
            String fix = record.withPolicy(record.policy().orElse(policy));
            return new Check(id, CheckStatus.WARN, where + " The record uses " + String.join(", ", removed)
                    + (removed.size() == 1 ? ", a tag" : ", tags") + " that RFC 9989 removed from DMARC; receivers "
                    + "following it ignore them (pct no longer phases a policy in: use t=y while testing instead). "
                    + "Publish this cleaned-up record at " + (inherited ? "_dmarc." + result.policyDomain() : fixName)
                    + "." + details, evidence, fix, inherited ? "_dmarc." + result.policyDomain() : fixName);
        }
        return Check.withoutFix(id, CheckStatus.PASS, where + details
                + (record.testing() ? " The record is in testing mode (t=y): receivers may apply a milder policy." : ""),
                evidence);
    }

    private static String describe(String policy) {
        switch (policy) {
            case "reject":
                return "refuse mail that fails DMARC (p=reject)";
            case "quarantine":
                return "put mail that fails DMARC in spam (p=quarantine)";
            default:
                return "only report on mail that fails DMARC (p=none)";
        }
    }

    private static String reports(DmarcRecord record) {
        List<String> rua = record.aggregateReportAddresses();
        List<String> ruf = record.failureReportAddresses();
        String aggregate = rua.isEmpty()
                ? "No aggregate reports are requested (rua), so you cannot see who sends mail as your domain."
                : "Aggregate reports go to " + String.join(", ", rua) + ".";
        return ruf.isEmpty() ? aggregate : aggregate + " Failure reports go to " + String.join(", ", ruf) + ".";
    }
}
