package com.mailmoat.core.checks.dmarc;

import com.mailmoat.core.checks.DnsAnswer;
import com.mailmoat.core.checks.DnsRecordType;
import com.mailmoat.core.checks.DnsResolver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds the DMARC policy that applies to a domain and its Organizational Domain with the DNS Tree
 * Walk of RFC 9989 section 4.10, which replaced RFC 7489's public suffix list: query
 * {@code _dmarc.<domain>}, then walk up one label at a time (names of eight or more labels are
 * first cut to seven), stopping at a record with {@code psd=y} or {@code psd=n}.
 */
public final class DmarcDiscovery {
    private static final int SHORTCUT_LABELS = 8;

    private final DnsResolver dns;

    public DmarcDiscovery(DnsResolver dns) {
        this.dns = dns;
    }

    /** One name the walk queried and what it found there. */
    public record Step(String domain, List<String> dmarcRecords) {
        public Step {
            dmarcRecords = List.copyOf(dmarcRecords);
        }

        /** The record at this step, when there is exactly one (several are all discarded). */
        public Optional<DmarcRecord> record() {
            return dmarcRecords.size() == 1 ? Optional.of(DmarcRecord.parse(dmarcRecords.get(0))) : Optional.empty();
        }
    }

    /**
     * The outcome of discovery.
     *
     * @param domain               the domain asked about
     * @param steps                every name queried, in order
     * @param policyDomain         where the applicable record was found, or null when none applies
     * @param policy               the applicable record, or null
     * @param organizationalDomain the Organizational Domain (the domain itself when nothing else
     *                             is found)
     * @param unavailable          when DNS failed, which lookup and why; otherwise null
     */
    public record Result(String domain, List<Step> steps, String policyDomain, DmarcRecord policy,
                         String organizationalDomain, String unavailable) {
        public Result {
            steps = List.copyOf(steps);
        }

        public boolean found() {
            return policy != null;
        }

        /** True when the applicable record is the domain's own rather than inherited. */
        public boolean atDomain() {
            return policy != null && domain.equalsIgnoreCase(policyDomain);
        }
    }

    public Result discover(String domain) {
        List<Step> steps = new ArrayList<>();
        Step first = query(domain);
        if (first == null) {
            return unavailable(domain, steps, domain);
        }
        steps.add(first);
        Optional<DmarcRecord> own = first.record();
        if (own.isPresent() && !"y".equals(own.get().psd())) {
            // The domain's own record applies; the walk is only needed for its Organizational Domain.
            String organizational = "n".equals(own.get().psd()) ? domain : organizationalDomain(domain, steps);
            return new Result(domain, steps, domain, own.get(), organizational == null ? domain : organizational, null);
        }
        String organizational = organizationalDomain(domain, steps);
        if (organizational == null) {
            return unavailable(domain, steps, steps.get(steps.size() - 1).domain());
        }
        // The Organizational Domain's record governs; under a public suffix, the suffix's record.
        for (Step step : steps) {
            if (step.domain().equalsIgnoreCase(organizational) && step.record().isPresent()) {
                return new Result(domain, steps, step.domain(), step.record().get(), organizational, null);
            }
        }
        for (Step step : steps) {
            if (step.record().isPresent() && !step.domain().equalsIgnoreCase(domain)) {
                return new Result(domain, steps, step.domain(), step.record().get(), organizational, null);
            }
        }
        return new Result(domain, steps, null, null, organizational, null);
    }

    private Result unavailable(String domain, List<Step> steps, String where) {
        return new Result(domain, steps, null, null, domain, "the DMARC lookup at _dmarc." + where + " did not get an answer");
    }

    /**
     * Walks up from {@code domain} (whose step is already in {@code steps}), adding a step per
     * name queried, and returns the Organizational Domain, or null when DNS failed.
     */
    private String organizationalDomain(String domain, List<Step> steps) {
        List<String> labels = new ArrayList<>(Arrays.asList(domain.split("\\.")));
        if (labels.size() >= SHORTCUT_LABELS) {
            labels = new ArrayList<>(labels.subList(labels.size() - (SHORTCUT_LABELS - 1), labels.size()));
        } else {
            labels.remove(0);
        }
        String psdOneBelow = null;
        String previous = domain;
        String stopPsdNo = null;
        while (!labels.isEmpty()) {
            String target = String.join(".", labels);
            Step step = query(target);
            if (step == null) {
                steps.add(new Step(target, List.of()));
                return null;
            }
            steps.add(step);
            Optional<DmarcRecord> record = step.record();
            if (record.isPresent() && "n".equals(record.get().psd())) {
                stopPsdNo = target;
                break;
            }
            if (record.isPresent() && "y".equals(record.get().psd())) {
                psdOneBelow = previous;
                break;
            }
            previous = target;
            labels.remove(0);
        }
        if (stopPsdNo != null) {
            return stopPsdNo;
        }
        if (psdOneBelow != null) {
            return psdOneBelow;
        }
        String fewestLabels = null;
        for (Step step : steps) {
            if (step.record().isPresent()) {
                fewestLabels = step.domain(); // steps go up the tree: the last one has the fewest labels
            }
        }
        return fewestLabels == null ? domain : fewestLabels;
    }

    /** The DMARC records at {@code _dmarc.<domain>}, or null when DNS did not answer. */
    private Step query(String domain) {
        DnsAnswer answer = dns.lookup("_dmarc." + domain, DnsRecordType.TXT);
        if (answer.isUnavailable()) {
            return null;
        }
        return new Step(domain, answer.records().stream().filter(DmarcRecord::isDmarcRecord).toList());
    }
}
