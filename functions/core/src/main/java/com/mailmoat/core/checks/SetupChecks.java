package com.mailmoat.core.checks;

import com.mailmoat.core.account.Region;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The DNS setup checks for a customer's domains: SPF (is the domain's own record healthy and
 * protective? with outbound delivery on, also: would Mailmoat's mail from the account's region
 * pass?), DMARC, Microsoft 365's DKIM records and MX. Every answer is computed from live DNS each time; nothing is stored.
 * A DNS failure yields an ERROR check, never a FAIL, so an outage is not reported as the
 * customer's mistake. The console's {@code GET /api/checks} and the upgrade's prerequisite step
 * both call this.
 */
public final class SetupChecks {
    private final OutboundRegions regions;
    private final SpfCheck spf;
    private final DmarcCheck dmarc;
    private final DkimCheck dkim;
    private final MxCheck mx;

    public SetupChecks(DnsResolver dns, OutboundRegions regions) {
        Objects.requireNonNull(dns, "dns");
        this.regions = Objects.requireNonNull(regions, "regions");
        this.spf = new SpfCheck(dns, regions);
        this.dmarc = new DmarcCheck(dns);
        this.dkim = new DkimCheck(dns);
        this.mx = new MxCheck(dns);
    }

    /** SPF, DMARC, DKIM and MX for one domain, in that order. */
    public List<Check> run(String domain, Region region) {
        String name = normalize(domain);
        return List.of(spf(name, region), dmarc(name), dkim(name), mx(name));
    }

    /** Every check for every domain, domain by domain. */
    public List<Check> runAll(Collection<String> domains, Region region) {
        List<Check> checks = new ArrayList<>();
        domains.forEach(domain -> checks.addAll(run(domain, region)));
        return checks;
    }

    /**
     * Is the SPF record of {@code domain} healthy and protective, and, only with outbound delivery,
     * would mail Mailmoat sends from {@code region} pass it?
     */
    public Check spf(String domain, Region region) {
        return spf.run(normalize(domain), regions.forRegion(region));
    }

    /** Does this deployment deliver mail as its customers' domains (so their SPF must include ours)? */
    public boolean outboundDelivery() {
        return regions.outboundDelivery();
    }

    public Check dmarc(String domain) {
        return dmarc.run(normalize(domain));
    }

    public Check dkim(String domain) {
        return dkim.run(normalize(domain));
    }

    public Check mx(String domain) {
        return mx.run(normalize(domain));
    }

    private static String normalize(String domain) {
        String trimmed = domain.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
