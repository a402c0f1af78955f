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
 * The SPF setup check. The question it answers is the receiver's: would mail that Mailmoat sends
 * for this domain from the account's region pass SPF? It evaluates RFC 7208 check_host() for a
 * sending address in each of the region's outbound ranges, and once more for an address nobody
 * lists, which shows what the record's {@code all} does to everyone else and how many of the ten
 * DNS lookups a receiver needs. When something is wrong the fix is the domain's own record with
 * the correction merged in, never a replacement that would drop its other senders.
 */
final class SpfCheck {
    /** An address from the reserved 240.0.0.0/4 block: no legitimate record lists it. */
    private static final IpAddress UNLISTED_SENDER = IpAddress.of("240.0.0.1");

    private final DnsResolver dns;
    private final OutboundRegions regions;
    private final SpfEvaluator evaluator;

    SpfCheck(DnsResolver dns, OutboundRegions regions) {
        this.dns = dns;
        this.regions = regions;
        this.evaluator = new SpfEvaluator(dns);
    }

    Check run(String domain, RegionConfig region) {
        String id = "spf:" + domain;
        DnsAnswer txt = dns.lookup(domain, DnsRecordType.TXT);
        if (txt.isUnavailable()) {
            return Check.withoutFix(id, CheckStatus.ERROR, "We could not read the DNS records of " + domain
                    + " (" + txt.detail() + "), so SPF was not checked. This is not a problem with your records; "
                    + "we will check again.", List.of());
        }
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
        if (spfRecords.size() > 1) {
            return new Check(id, CheckStatus.FAIL, domain + " publishes " + spfRecords.size() + " SPF records. "
                    + "A domain may have only one, so receivers treat SPF as a permanent error and it fails for "
                    + "all of your mail. Replace them with this single record, which keeps what they authorise "
                    + "and adds Mailmoat's " + regionName + " servers.", evidence,
                    SpfRecordMerge.merge(spfRecords, include), domain);
        }

        String record = spfRecords.get(0);
        try {
            SpfRecord.parse(record);
        } catch (SpfSyntaxException e) {
            return new Check(id, CheckStatus.FAIL, "The SPF record of " + domain + " is invalid (" + e.getMessage()
                    + "), so receivers treat SPF as a permanent error for all of your mail. Publish this corrected "
                    + "record instead; it keeps the valid parts and adds Mailmoat's " + regionName + " servers.",
                    evidence, SpfRecordMerge.merge(spfRecords, include), domain);
        }

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

    private static List<SpfEvaluation> concat(List<SpfEvaluation> ours, SpfEvaluation others) {
        List<SpfEvaluation> all = new ArrayList<>(ours);
        all.add(others);
        return all;
    }

    private static String lookupWarning(int lookupsWithInclude) {
        return lookupsWithInclude > SpfEvaluator.MAX_DNS_TERMS
                ? " With Mailmoat's include the record would need more than " + SpfEvaluator.MAX_DNS_TERMS
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
