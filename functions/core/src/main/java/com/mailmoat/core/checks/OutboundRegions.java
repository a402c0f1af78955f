package com.mailmoat.core.checks;

import com.mailmoat.core.account.Region;
import com.mailmoat.core.checks.spf.IpAddress;
import com.mailmoat.core.checks.spf.IpNetwork;
import com.mailmoat.core.config.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Whether Mailmoat delivers mail as its customers' domains and, if it does, where from, per
 * region: the SPF include host customers publish and the outbound address ranges behind it. This
 * is deployment configuration and lives only here.
 *
 * <p>Outbound delivery is off unless {@code MAILMOAT_OUTBOUND_DELIVERY=true}. Mailmoat works
 * through Microsoft Graph and Exchange Online and sends nothing as a customer's domain, so asking
 * customers to authorise our ranges in their SPF record would only add senders they must trust for
 * nothing. Only a deployment that does relay customers' mail turns it on; the SPF check then
 * requires the region's include (see {@link SetupChecks}).
 *
 * <p>The defaults use reserved documentation names and ranges ({@code spf-us.mailmoat.example},
 * 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32), so nothing points at a real
 * network. A deployment overrides them per region with {@code MAILMOAT_SPF_INCLUDE_<REGION>} (a
 * host name) and {@code MAILMOAT_OUTBOUND_RANGES_<REGION>} (CIDR ranges separated by spaces or
 * commas), looked up in the function's {@link Settings}.
 */
public final class OutboundRegions {

    /**
     * One region's sending configuration.
     *
     * @param region      the region
     * @param includeHost the name customers reference as {@code include:<includeHost>}
     * @param ranges      the addresses Mailmoat's outbound servers in this region use
     */
    public record RegionConfig(Region region, String includeHost, List<IpNetwork> ranges) {
        public RegionConfig {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(includeHost, "includeHost");
            ranges = List.copyOf(ranges);
            if (ranges.isEmpty()) {
                throw new IllegalArgumentException("Region " + region + " has no outbound ranges");
            }
        }

        /** The SPF mechanism customers add: {@code include:spf-us.mailmoat.example}. */
        public String includeMechanism() {
            return "include:" + includeHost;
        }

        /** The SPF record the include host itself publishes. */
        public String includeRecord() {
            List<String> terms = new ArrayList<>(List.of("v=spf1"));
            ranges.forEach(range -> terms.add(range.spfMechanism()));
            terms.add("-all");
            return String.join(" ", terms);
        }

        /** One sending address per range, to evaluate SPF as a receiver would for our mail. */
        public List<IpAddress> representativeAddresses() {
            return ranges.stream().map(IpNetwork::representative).toList();
        }
    }

    private static final Map<Region, String> DEFAULT_RANGES = defaultRanges();

    /** The setting that turns outbound delivery on: {@code true} or {@code false} (the default). */
    public static final String OUTBOUND_DELIVERY_SETTING = "MAILMOAT_OUTBOUND_DELIVERY";

    private final Map<Region, RegionConfig> regions;
    private final boolean outboundDelivery;

    private OutboundRegions(Map<Region, RegionConfig> regions, boolean outboundDelivery) {
        this.regions = Map.copyOf(regions);
        this.outboundDelivery = outboundDelivery;
    }

    private static Map<Region, String> defaultRanges() {
        Map<Region, String> ranges = new EnumMap<>(Region.class);
        ranges.put(Region.US, "192.0.2.0/26 2001:db8:1::/48");
        ranges.put(Region.UK, "192.0.2.64/26 2001:db8:2::/48");
        ranges.put(Region.DE, "192.0.2.128/26 2001:db8:3::/48");
        ranges.put(Region.CA, "198.51.100.0/25 2001:db8:4::/48");
        ranges.put(Region.AU, "198.51.100.128/25 2001:db8:5::/48");
        ranges.put(Region.ZA, "203.0.113.0/25 2001:db8:6::/48");
        return ranges;
    }

    /** The built-in documentation defaults, outbound delivery off, ignoring the environment (for tests). */
    public static OutboundRegions defaults() {
        return from(Settings.of(Map.of()));
    }

    /** The defaults, overridden region by region by {@code settings}; delivery as they say (off if unset). */
    public static OutboundRegions from(Settings settings) {
        Map<Region, RegionConfig> byRegion = new EnumMap<>(Region.class);
        for (Region region : Region.values()) {
            String code = region.name();
            String host = settings.get("MAILMOAT_SPF_INCLUDE_" + code,
                    "spf-" + code.toLowerCase(Locale.ROOT) + ".mailmoat.example");
            String ranges = settings.get("MAILMOAT_OUTBOUND_RANGES_" + code, DEFAULT_RANGES.get(region));
            List<IpNetwork> networks = Arrays.stream(ranges.split("[\\s,]+"))
                    .filter(s -> !s.isBlank())
                    .map(IpNetwork::parse)
                    .toList();
            byRegion.put(region, new RegionConfig(region, host, networks));
        }
        return new OutboundRegions(byRegion, settings.getBoolean(OUTBOUND_DELIVERY_SETTING, false));
    }

    /** Explicit configuration, e.g. from a test; outbound delivery on, since ranges are given. */
    public static OutboundRegions of(List<RegionConfig> configs) {
        Map<Region, RegionConfig> byRegion = new EnumMap<>(Region.class);
        configs.forEach(config -> byRegion.put(config.region(), config));
        return new OutboundRegions(byRegion, true);
    }

    /** The same regions with outbound delivery turned on or off. */
    public OutboundRegions withOutboundDelivery(boolean on) {
        return new OutboundRegions(regions, on);
    }

    /**
     * Does Mailmoat deliver mail as its customers' domains from these regions? Only then must
     * their SPF records include ours.
     */
    public boolean outboundDelivery() {
        return outboundDelivery;
    }

    public RegionConfig forRegion(Region region) {
        RegionConfig config = regions.get(region);
        if (config == null) {
            throw new IllegalArgumentException("No outbound configuration for region " + region);
        }
        return config;
    }

    /** The region whose include host is {@code host}, if any (case-insensitive). */
    public java.util.Optional<RegionConfig> byIncludeHost(String host) {
        return regions.values().stream().filter(c -> c.includeHost().equalsIgnoreCase(host)).findFirst();
    }

    /**
     * The DNS records Mailmoat's own include names must publish, as name → type → values: what
     * the simulator's DNS serves so a customer record with our include evaluates to pass. None
     * without outbound delivery: there is then nothing for customers to include.
     */
    public Map<String, Map<String, List<String>>> includeZoneRecords() {
        Map<String, Map<String, List<String>>> zone = new LinkedHashMap<>();
        if (!outboundDelivery) {
            return zone;
        }
        for (Region region : Region.values()) {
            RegionConfig config = regions.get(region);
            if (config != null) {
                zone.put(config.includeHost(), Map.of("TXT", List.of(config.includeRecord())));
            }
        }
        return zone;
    }
}
