package com.mailmoat.core.checks;

import com.mailmoat.core.checks.OutboundRegions.RegionConfig;
import com.mailmoat.core.checks.spf.IpAddress;
import com.mailmoat.core.checks.spf.SpfEvaluation;
import com.mailmoat.core.checks.spf.SpfEvaluator;
import com.mailmoat.core.checks.spf.SpfRecord;
import com.mailmoat.core.checks.spf.SpfResult;
import com.mailmoat.core.checks.spf.SpfSyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The SPF setup check. Which question it answers depends on the deployment.
 *
 * <p>Without outbound delivery (the default: Mailmoat works through Microsoft Graph and sends
 * nothing as the domain) it asks: is the domain's own record healthy and protective? One record,
 * valid, within the ten DNS lookups, ending in {@code ~all} or {@code -all}, evaluated with RFC 7208
 * check_host() for an address nobody lists. It never asks for Mailmoat's include. When the domain
 * receives its mail at Exchange Online it also asks that Microsoft 365 is authorised, as Microsoft
 * documents for every Microsoft 365 domain.
 *
 * <p>With outbound delivery it asks the receiver's question: would mail that Mailmoat sends for
 * this domain from the account's region pass SPF? It evaluates check_host() for a sending address
 * in each of the region's outbound ranges as well.
 *
 * <p>Either way, when something is wrong the fix is the domain's own record with the correction
 * merged in, never a replacement that would drop its other senders.
 */
final class SpfCheck {
    /** An address from the reserved 240.0.0.0/4 block: no legitimate record lists it. */
    private static final IpAddress UNLISTED_SENDER = IpAddress.of("240.0.0.1");

    /**
     * Microsoft's include for Exchange Online (worldwide and GCC). "Set up SPF to help prevent
     * spoofing" (learn.microsoft.com/microsoft-365/security/office-365-security/email-authentication-spf-configure):
     * most Microsoft 365 domains need it, and a domain sending only through Microsoft 365 publishes
     * {@code v=spf1 include:spf.protection.outlook.com -all}.
     */
    static final String MICROSOFT_INCLUDE_HOST = "spf.protection.outlook.com";
    private static final String MICROSOFT_INCLUDE = "include:" + MICROSOFT_INCLUDE_HOST;
    static final String MICROSOFT_ONLY_RECORD = "v=spf1 " + MICROSOFT_INCLUDE + " -all";
    /**
     * An Exchange Online outbound address (40.107.0.0/16, listed by spf.protection.outlook.com):
     * evaluating it finds Microsoft authorised however the record reaches it (a nested include, its
     * ranges written out), not only by the include's name.
     */
    private static final IpAddress EXCHANGE_ONLINE_SENDER = IpAddress.of("40.107.0.1");

    private final DnsResolver dns;
    private final OutboundRegions regions;
    private final SpfEvaluator evaluator;

    SpfCheck(DnsResolver dns, OutboundRegions regions) {
        this.dns = dns;
        this.regions = regions;
        this.evaluator = new SpfEvaluator(dns);
    }

    Check run(String domain, RegionConfig region) {
        DnsAnswer txt = dns.lookup(domain, DnsRecordType.TXT);
        if (txt.isUnavailable()) {
            return Check.withoutFix("spf:" + domain, CheckStatus.ERROR, "We could not read the DNS records of " + domain
                    + " (" + txt.detail() + "), so SPF was not checked. This is not a problem with your records; "
                    + "we will check again.", List.of());
        }
        return regions.outboundDelivery() ? runWithInclude(domain, region, txt) : runOwnRecord(domain, txt);
    }

    /** Outbound delivery on: the region's include is required. */
    private Check runWithInclude(String domain, RegionConfig region, DnsAnswer txt) {
        String id = "spf:" + domain;
        List<String> spfRecords = txt.records().stream().filter(SpfRecord::isSpfRecord).toList();
        List<String> evidence = spfRecords.stream().map(r -> domain + " TXT \"" + r + "\"").toList();
        String include = region.includeMechanism();
        String regionName = region.region().displayName();

        if (spfRecords.isEmpty()) {
            return new Check(id, CheckStatus.FAIL, domain + " has no SPF record, so receivers cannot tell which "
                    + "servers may send its mail, and mail Mailmoat sends for you from " + regionName
                    + " would not pass SPF. Publish this TXT record at " + domain + ". It ends in ~all (soft "
                    + "fail): mail from other servers is marked suspicious rather than rejected; add the includes "
                    + "of any other services that send as " + domain + " before you tighten it to -all.",
                    evidence, "v=spf1 " + include + " ~all", domain);
        }
        Optional<Check> unusable = unusable(id, domain, spfRecords, evidence, List.of(include),
                " and adds Mailmoat's " + regionName + " servers");
        if (unusable.isPresent()) {
            return unusable.get();
        }
        String record = spfRecords.get(0);

        String sender = "postmaster@" + domain;
        List<SpfEvaluation> ours = new ArrayList<>();
        for (IpAddress address : region.representativeAddresses()) {
            ours.add(evaluator.checkHost(address, domain, sender, domain));
        }
        SpfEvaluation others = evaluator.checkHost(UNLISTED_SENDER, domain, sender, domain);
        String lookups = "A receiver needs " + others.dnsLookups() + " of the " + SpfEvaluator.MAX_DNS_TERMS
                + " DNS lookups SPF allows to evaluate it.";

        Optional<SpfEvaluation> unavailable = concat(ours, others).stream()
                .filter(e -> e.result() == SpfResult.TEMPERROR).findFirst();
        if (unavailable.isPresent()) {
            return Check.withoutFix(id, CheckStatus.ERROR, "We could not finish evaluating the SPF record of "
                    + domain + " because DNS did not answer (" + unavailable.get().problem() + "). This says nothing "
                    + "about your record; we will check again.", evidence);
        }
        Optional<SpfEvaluation> broken = concat(ours, others).stream()
                .filter(e -> e.result() == SpfResult.PERMERROR).findFirst();
        if (broken.isPresent()) {
            return Check.withoutFix(id, CheckStatus.FAIL, "Receivers cannot evaluate the SPF record of " + domain
                    + ": " + broken.get().problem() + ". They treat that as a permanent error, so SPF fails for "
                    + "your mail. Remove or replace the includes you no longer need (each include, a, mx, ptr, "
                    + "exists and redirect costs a lookup; at most " + SpfEvaluator.MAX_DNS_TERMS
                    + " are allowed), then check again.", evidence);
        }

        Optional<SpfEvaluation> notPassing = ours.stream().filter(e -> e.result() != SpfResult.PASS).findFirst();
        if (notPassing.isPresent()) {
            int index = ours.indexOf(notPassing.get());
            IpAddress address = region.representativeAddresses().get(index);
            String fix = SpfRecordMerge.merge(spfRecords, include);
            return new Check(id, CheckStatus.FAIL, "Mail Mailmoat sends for " + domain + " from its " + regionName
                    + " servers (such as " + address + ") would get SPF " + notPassing.get().result().keyword()
                    + ", because the record does not include " + region.includeHost() + "."
                    + otherRegionHint(record, region) + " Publish this record instead: it is your current record "
                    + "with Mailmoat's include added. " + lookups + lookupWarning(others.dnsLookups() + 1),
                    evidence, fix, domain);
        }

        switch (others.result()) {
            case PASS:
                return new Check(id, CheckStatus.FAIL, "The SPF record of " + domain + " authorises every server on "
                        + "the internet (+all), so anyone can send mail that passes SPF as " + domain + ". Publish "
                        + "this record instead; it ends in ~all so mail from servers you have not listed is marked "
                        + "suspicious. " + lookups, evidence, SpfRecordMerge.withAll(record, include, '~'), domain);
            case NEUTRAL:
                return new Check(id, CheckStatus.WARN, "Mailmoat's " + regionName + " servers pass SPF for " + domain
                        + ", but the record gives no verdict for servers it does not list (?all or no all at all), "
                        + "so it does not protect " + domain + " from spoofing. Publish this record instead, ending "
                        + "in ~all; once you are sure every service that sends as " + domain + " is listed, change "
                        + "~all to -all. " + lookups, evidence, SpfRecordMerge.withAll(record, include, '~'), domain);
            case SOFTFAIL:
                return Check.withoutFix(id, CheckStatus.PASS, "Mail Mailmoat sends for " + domain + " from its "
                        + regionName + " servers passes SPF. The record ends in ~all (soft fail): mail from servers "
                        + "it does not list is marked suspicious but still delivered. Once you have confirmed every "
                        + "service that sends as " + domain + " is listed, you can change ~all to -all so receivers "
                        + "reject such mail. " + lookups, evidence);
            default:
                return Check.withoutFix(id, CheckStatus.PASS, "Mail Mailmoat sends for " + domain + " from its "
                        + regionName + " servers passes SPF, and the record ends in -all (hard fail): receivers "
                        + "reject mail from servers it does not list. " + lookups, evidence);
        }
    }

    /** Outbound delivery off: is the domain's own record healthy and protective? */
    private Check runOwnRecord(String domain, DnsAnswer txt) {
        String id = "spf:" + domain;
        // Whether Microsoft 365 must be in the record depends on where the domain receives its mail.
        DnsAnswer mx = dns.lookup(domain, DnsRecordType.MX);
        if (mx.isUnavailable()) {
            return Check.withoutFix(id, CheckStatus.ERROR, "We could not read the MX records of " + domain
                    + " (" + mx.detail() + "), which SPF is checked against, so SPF was not checked. This is not a "
                    + "problem with your records; we will check again.", List.of());
        }
        boolean exchangeOnline = mx.records().stream().map(SpfCheck::mxHost)
                .anyMatch(host -> host.endsWith(MxCheck.EOP_SUFFIX));
        List<String> spfRecords = txt.records().stream().filter(SpfRecord::isSpfRecord).toList();
        List<String> evidence = spfRecords.stream().map(r -> domain + " TXT \"" + r + "\"").toList();

        if (spfRecords.isEmpty()) {
            if (exchangeOnline) {
                return new Check(id, CheckStatus.FAIL, domain + " has no SPF record, so receivers cannot tell which "
                        + "servers may send its mail, and mail forged as " + domain + " does not fail SPF. Its mail "
                        + "is hosted in Microsoft 365, so publish this TXT record at " + domain + ", the one Microsoft "
                        + "gives for a domain that sends only through Microsoft 365: receivers reject mail from other "
                        + "servers (-all). If other services also send as " + domain + " (a newsletter tool, your own "
                        + "server), add their includes or addresses before -all.",
                        evidence, MICROSOFT_ONLY_RECORD, domain);
            }
            return Check.withoutFix(id, CheckStatus.FAIL, domain + " has no SPF record, so receivers cannot tell "
                    + "which servers may send its mail, and mail forged as " + domain + " does not fail SPF. Publish "
                    + "one TXT record at " + domain + " that starts with v=spf1, lists every service that sends mail "
                    + "as " + domain + " (your mail provider's include, your own servers' addresses) and ends in "
                    + "-all (or ~all while you confirm the list). If " + domain + " sends no mail at all, publish "
                    + "v=spf1 -all. Its mail is not received by Microsoft 365, so we cannot tell who sends it and "
                    + "suggest no record.", evidence);
        }

        List<String> microsoft = exchangeOnline && !namesMicrosoft(spfRecords) ? List.of(MICROSOFT_INCLUDE) : List.of();
        String addsMicrosoft = microsoft.isEmpty() ? "" : ", and adds Microsoft's include: " + domain
                + " receives its mail at Microsoft 365, which the record does not name";
        Optional<Check> unusable = unusable(id, domain, spfRecords, evidence, microsoft, addsMicrosoft);
        if (unusable.isPresent()) {
            return unusable.get();
        }
        String record = spfRecords.get(0);

        String sender = "postmaster@" + domain;
        SpfEvaluation others = evaluator.checkHost(UNLISTED_SENDER, domain, sender, domain);
        String lookups = "A receiver needs " + others.dnsLookups() + " of the " + SpfEvaluator.MAX_DNS_TERMS
                + " DNS lookups SPF allows to evaluate it.";
        if (others.result() == SpfResult.TEMPERROR) {
            return unfinished(id, domain, others, evidence);
        }
        if (others.result() == SpfResult.PERMERROR) {
            return Check.withoutFix(id, CheckStatus.FAIL, "Receivers cannot evaluate the SPF record of " + domain
                    + ": " + others.problem() + ". They treat that as a permanent error, so SPF fails for "
                    + "your mail. Remove or replace the includes you no longer need (each include, a, mx, ptr, "
                    + "exists and redirect costs a lookup; at most " + SpfEvaluator.MAX_DNS_TERMS
                    + " are allowed), then check again.", evidence);
        }
        if (others.result() == SpfResult.PASS) {
            return new Check(id, CheckStatus.FAIL, "The SPF record of " + domain + " authorises every server on "
                    + "the internet (+all), so anyone can send mail that passes SPF as " + domain + ". Publish "
                    + "this record instead; it ends in ~all so mail from servers you have not listed is marked "
                    + "suspicious" + addsMicrosoft + ". " + lookups, evidence,
                    SpfRecordMerge.withAll(record, microsoft, '~'), domain);
        }

        if (!microsoft.isEmpty()) {
            SpfEvaluation fromMicrosoft = evaluator.checkHost(EXCHANGE_ONLINE_SENDER, domain, sender, domain);
            if (fromMicrosoft.result() == SpfResult.TEMPERROR) {
                return unfinished(id, domain, fromMicrosoft, evidence);
            }
            if (fromMicrosoft.result() != SpfResult.PASS) {
                boolean neutral = others.result() == SpfResult.NEUTRAL;
                int microsoftLookups = evaluator.checkHost(UNLISTED_SENDER, MICROSOFT_INCLUDE_HOST,
                        "postmaster@" + MICROSOFT_INCLUDE_HOST, MICROSOFT_INCLUDE_HOST).dnsLookups() + 1;
                return new Check(id, CheckStatus.FAIL, domain + " receives its mail at Microsoft 365 (Exchange "
                        + "Online), but its SPF record does not authorise Microsoft 365 to send it: mail your users "
                        + "send through Microsoft 365 (such as from " + EXCHANGE_ONLINE_SENDER + ") gets SPF "
                        + fromMicrosoft.result().keyword() + ". Microsoft asks every Microsoft 365 domain to include "
                        + MICROSOFT_INCLUDE_HOST + ". Publish this record instead: your current record with "
                        + "Microsoft's include added" + (neutral ? " and ending in ~all, so mail from servers it does "
                        + "not list is marked suspicious" : "") + ". If your users' mail leaves through another "
                        + "service, add that service's include instead. " + lookups
                        + lookupWarning(others.dnsLookups() + microsoftLookups, "Microsoft's include"),
                        evidence, SpfRecordMerge.merge(List.of(record), microsoft), domain);
            }
        }

        String nothingForMailmoat = " Mailmoat needs nothing in it: it works inside Microsoft 365 and sends no "
                + "mail as " + domain + ".";
        switch (others.result()) {
            case NEUTRAL:
                return new Check(id, CheckStatus.WARN, "The SPF record of " + domain + " is valid, but it gives no "
                        + "verdict for servers it does not list (?all or no all at all), so it does not protect "
                        + domain + " from spoofing. Publish this record instead, ending in ~all; once you are sure "
                        + "every service that sends as " + domain + " is listed, change ~all to -all. " + lookups,
                        evidence, SpfRecordMerge.withAll(record, List.of(), '~'), domain);
            case SOFTFAIL:
                return Check.withoutFix(id, CheckStatus.PASS, "The SPF record of " + domain + " is valid and ends "
                        + "in ~all (soft fail): mail from servers it does not list is marked suspicious but still "
                        + "delivered. Once you have confirmed every service that sends as " + domain + " is listed, "
                        + "you can change ~all to -all so receivers reject such mail. " + lookups
                        + nothingForMailmoat, evidence);
            default:
                return Check.withoutFix(id, CheckStatus.PASS, "The SPF record of " + domain + " is valid and ends "
                        + "in -all (hard fail): receivers reject mail from servers it does not list. " + lookups
                        + nothingForMailmoat, evidence);
        }
    }

    private static Check unfinished(String id, String domain, SpfEvaluation evaluation, List<String> evidence) {
        return Check.withoutFix(id, CheckStatus.ERROR, "We could not finish evaluating the SPF record of "
                + domain + " because DNS did not answer (" + evaluation.problem() + "). This says nothing "
                + "about your record; we will check again.", evidence);
    }

    /** The host of an MX value ({@code "10 host"}), lower case. */
    private static String mxHost(String mx) {
        return mx.substring(mx.indexOf(' ') + 1).trim().toLowerCase(Locale.ROOT);
    }

    /** Does any of {@code records} name Microsoft's include itself? */
    private static boolean namesMicrosoft(List<String> records) {
        return records.stream().flatMap(r -> java.util.Arrays.stream(r.split(" ")))
                .map(term -> term.toLowerCase(Locale.ROOT).replaceFirst("^[+]", ""))
                .anyMatch(MICROSOFT_INCLUDE::equals);
    }

    /**
     * More than one record, or one receivers cannot parse: SPF fails for all of the domain's mail. The fix
     * is the records merged into one (keeping what they authorise) with {@code includes} added, which
     * {@code adds} says in words ("" when nothing is added).
     */
    private static Optional<Check> unusable(String id, String domain, List<String> spfRecords, List<String> evidence,
                                            List<String> includes, String adds) {
        if (spfRecords.size() > 1) {
            return Optional.of(new Check(id, CheckStatus.FAIL, domain + " publishes " + spfRecords.size() + " SPF records. "
                    + "A domain may have only one, so receivers treat SPF as a permanent error and it fails for "
                    + "all of your mail. Replace them with this single record, which keeps what they authorise"
                    + adds + ".", evidence, SpfRecordMerge.merge(spfRecords, includes), domain));
        }
        try {
            SpfRecord.parse(spfRecords.get(0));
            return Optional.empty();
        } catch (SpfSyntaxException e) {
            return Optional.of(new Check(id, CheckStatus.FAIL, "The SPF record of " + domain + " is invalid ("
                    + e.getMessage() + "), so receivers treat SPF as a permanent error for all of your mail. Publish "
                    + "this corrected record instead; it keeps the valid parts" + adds + ".",
                    evidence, SpfRecordMerge.merge(spfRecords, includes), domain));
        }
    }

    private static List<SpfEvaluation> concat(List<SpfEvaluation> ours, SpfEvaluation others) {
        List<SpfEvaluation> all = new ArrayList<>(ours);
        all.add(others);
        return all;
    }

    private static String lookupWarning(int lookupsWithInclude) {
        return lookupWarning(lookupsWithInclude, "Mailmoat's include");
    }

    private static String lookupWarning(int lookupsWithInclude, String include) {
        return lookupsWithInclude > SpfEvaluator.MAX_DNS_TERMS
                ? " With " + include + " the record would need more than " + SpfEvaluator.MAX_DNS_TERMS
                + " lookups: remove an include you no longer use at the same time."
                : "";
    }

    private String otherRegionHint(String record, RegionConfig region) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String term : record.split(" ")) {
            int colon = term.toLowerCase(Locale.ROOT).indexOf("include:");
            if (colon >= 0) {
                String host = term.substring(colon + "include:".length());
                regions.byIncludeHost(host).filter(other -> other.region() != region.region())
                        .ifPresent(other -> hosts.add(host));
            }
        }
        return hosts.isEmpty() ? "" : " It includes " + String.join(", ", hosts) + ", which is for another region; "
                + "your account sends from " + region.region().displayName() + ".";
    }
}
