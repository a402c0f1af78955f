package com.mailmoat.detect.domain;

import com.mailmoat.detect.message.Hosts;
import com.mailmoat.detect.rules.RuleBook;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the rules file says about domains: brands and their official domains, free-mail
 * providers, URL shorteners, free web and file hosts, open redirectors, suspicious TLDs and
 * bulk-mail click trackers. Built once; immutable and thread-safe.
 */
public final class DomainKnowledge {

    private final List<Brand> brands;
    private final List<String> brandSkeletons;
    /** Official domain to brand, and brand key to brand, for lookups by suffix walk. */
    private final java.util.Map<String, Brand> brandByDomain = new java.util.HashMap<>();
    private final java.util.Map<String, Brand> brandByKey = new java.util.HashMap<>();
    private final Set<String> freemail;
    private final Set<String> shorteners;
    private final Set<String> freeHosts;
    private final Set<String> redirectors;
    private final Set<String> suspiciousTlds;
    private final Set<String> clickTrackers;
    private final Set<String> sendingServices;

    public DomainKnowledge(RuleBook rules) {
        this.brands = parseBrands(rules.list("brands").entries());
        this.brandSkeletons = brands.stream().map(b -> Lookalikes.skeleton(b.key())).toList();
        for (Brand b : brands) {
            brandByKey.putIfAbsent(b.key(), b);
            for (String d : b.domains()) {
                brandByDomain.putIfAbsent(d, b);
            }
        }
        this.freemail = set(rules.list("freemail").entries());
        this.shorteners = set(rules.list("shorteners").entries());
        this.freeHosts = set(rules.list("free_hosts").entries());
        this.redirectors = set(rules.list("open_redirectors").entries());
        this.suspiciousTlds = set(rules.list("suspicious_tlds").entries());
        this.clickTrackers = set(rules.list("click_trackers").entries());
        this.sendingServices = set(rules.list("sending_services").entries());
    }

    private static Set<String> set(List<String> entries) {
        Set<String> s = new HashSet<>();
        for (String e : entries) {
            s.add(e.toLowerCase(Locale.ROOT).strip());
        }
        return Set.copyOf(s);
    }

    /** Entries look like {@code paypal | paypal | paypal.com paypal.me paypalobjects.com}. */
    private static List<Brand> parseBrands(List<String> entries) {
        List<Brand> out = new ArrayList<>();
        for (String e : entries) {
            String[] cols = e.split("\\|");
            if (cols.length != 3) {
                throw new IllegalArgumentException("brands entry needs 'key | names | domains': " + e);
            }
            List<String> names = new ArrayList<>();
            for (String n : cols[1].split(",")) {
                if (!n.isBlank()) {
                    names.add(n.strip().toLowerCase(Locale.ROOT));
                }
            }
            Set<String> domains = new HashSet<>();
            for (String d : cols[2].strip().split("\\s+")) {
                if (!d.isBlank()) {
                    domains.add(d.toLowerCase(Locale.ROOT));
                }
            }
            out.add(new Brand(cols[0].strip().toLowerCase(Locale.ROOT), List.copyOf(names), Set.copyOf(domains)));
        }
        return List.copyOf(out);
    }

    /** The brands. */
    public List<Brand> brands() {
        return brands;
    }

    /** True when {@code host} belongs to one of the brand's official domains. */
    public boolean isOfficial(Brand brand, String host) {
        String h = host;
        while (true) {
            if (brand.domains().contains(h)) {
                return true;
            }
            int dot = h.indexOf('.');
            if (dot < 0) {
                break;
            }
            h = h.substring(dot + 1);
        }
        return Hosts.tld(host).length() == 2 && Hosts.brandLabel(host).equals(brand.key());
    }

    /** The brand owning {@code host}, or null. */
    public Brand ownerOf(String host) {
        String h = host;
        while (true) {
            Brand b = brandByDomain.get(h);
            if (b != null) {
                return b;
            }
            int dot = h.indexOf('.');
            if (dot < 0) {
                break;
            }
            h = h.substring(dot + 1);
        }
        // brands hold their name under country domains too (yahoo.com.au, amazon.com.mx)
        return Hosts.tld(host).length() == 2 ? brandByKey.get(Hosts.brandLabel(host)) : null;
    }

    /**
     * The brand whose key the host's registrable label imitates (misspelling, lookalike
     * characters, punycode), or null. Hosts a brand owns never imitate it.
     */
    public Brand imitatedBrand(String host) {
        java.util.Optional<Brand> known = imitationCache.get(host);
        if (known != null) {
            return known.orElse(null);
        }
        Brand b = computeImitatedBrand(host);
        if (imitationCache.size() >= IMITATION_CACHE_SIZE) {
            imitationCache.clear(); // crude bound; the same link and sender hosts recur across mail
        }
        imitationCache.put(host, java.util.Optional.ofNullable(b));
        return b;
    }

    /** Hosts already judged by {@link #imitatedBrand}: skeletons and edit distances are costly. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<Brand>> imitationCache =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int IMITATION_CACHE_SIZE = 65_536;

    private Brand computeImitatedBrand(String host) {
        if (ownerOf(host) != null) {
            return null;
        }
        String label = Hosts.brandLabel(Lookalikes.toUnicode(host));
        Brand b = imitatedBy(label);
        if (b == null && label.indexOf('-') > 0) {
            // "paypa1-support": the lookalike is one hyphenated part of the name
            for (String part : label.split("-")) {
                b = imitatedBy(part);
                if (b != null) {
                    break;
                }
            }
        }
        return b;
    }

    private Brand imitatedBy(String label) {
        if (label.length() < 4) {
            return null;
        }
        String skeleton = Lookalikes.skeleton(label);
        for (int i = 0; i < brands.size(); i++) {
            Brand b = brands.get(i);
            if (Lookalikes.looksLike(label, skeleton, b.key(), brandSkeletons.get(i))) {
                return b;
            }
        }
        return null;
    }

    /** True for consumer free-mail domains (anyone can register an address there). */
    public boolean isFreemail(String domain) {
        return matches(freemail, domain);
    }

    /** True for URL shortening services. */
    public boolean isShortener(String host) {
        return matches(shorteners, host);
    }

    /** True for free web, form and file hosting where anyone can publish a page. */
    public boolean isFreeHost(String host) {
        return matches(freeHosts, host);
    }

    /** True for hosts known to redirect anywhere given a URL parameter. */
    public boolean isRedirector(String host) {
        return matches(redirectors, host);
    }

    /** True when the host's TLD is one that phishing uses far more than legitimate mail. */
    public boolean hasSuspiciousTld(String host) {
        return suspiciousTlds.contains(Hosts.tld(host));
    }

    /** True for click-tracking hosts of bulk-mail services (their links rarely show their own name). */
    public boolean isClickTracker(String host) {
        return matches(clickTrackers, host);
    }

    /** True for bulk-mail and mail-hosting services that sign and send on their customers' behalf. */
    public boolean isSendingService(String domain) {
        return matches(sendingServices, domain) || matches(clickTrackers, domain);
    }

    private static boolean matches(Set<String> set, String host) {
        String h = host;
        while (true) {
            if (set.contains(h)) {
                return true;
            }
            int dot = h.indexOf('.');
            if (dot < 0) {
                return false;
            }
            h = h.substring(dot + 1);
        }
    }
}
