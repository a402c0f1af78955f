package com.mailmoat.core.checks.dmarc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A DMARC policy record (RFC 9989): {@code v=DMARC1; p=...; ...}, its tags parsed.
 *
 * @param text the record as published
 * @param tags every tag in order, names lower case, values trimmed
 */
public record DmarcRecord(String text, Map<String, String> tags) {
    private static final Pattern VERSION = Pattern.compile("^\\s*[vV]\\s*=\\s*DMARC1\\s*(;.*)?$", Pattern.DOTALL);
    /** Tags RFC 9989 removed from RFC 7489; receivers following it ignore them. */
    public static final List<String> REMOVED_TAGS = List.of("pct", "rf", "ri");
    private static final List<String> POLICIES = List.of("none", "quarantine", "reject");

    public DmarcRecord {
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** True when {@code txt} is a DMARC record: its first tag is {@code v=DMARC1}. */
    public static boolean isDmarcRecord(String txt) {
        return VERSION.matcher(txt).matches();
    }

    /** Parses a record {@link #isDmarcRecord} accepted. */
    public static DmarcRecord parse(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                tags.putIfAbsent(part.substring(0, equals).trim().toLowerCase(Locale.ROOT), part.substring(equals + 1).trim());
            }
        }
        return new DmarcRecord(text, tags);
    }

    /** The requested policy (p), if it is one of none, quarantine, reject. */
    public Optional<String> policy() {
        return policyTag("p");
    }

    /** The policy for subdomains: sp, defaulting to p. */
    public Optional<String> subdomainPolicy() {
        return policyTag("sp").or(this::policy);
    }

    /** The policy for non-existent subdomains: np, defaulting to sp, then p. */
    public Optional<String> nonExistentSubdomainPolicy() {
        return policyTag("np").or(this::subdomainPolicy);
    }

    private Optional<String> policyTag(String name) {
        return Optional.ofNullable(tags.get(name)).map(v -> v.toLowerCase(Locale.ROOT)).filter(POLICIES::contains);
    }

    /** True when the p tag is present but not a valid policy. */
    public boolean hasInvalidPolicy() {
        return tags.containsKey("p") && policy().isEmpty();
    }

    /** DKIM alignment: "strict" for adkim=s, else "relaxed". */
    public String dkimAlignment() {
        return "s".equalsIgnoreCase(tags.get("adkim")) ? "strict" : "relaxed";
    }

    /** SPF alignment: "strict" for aspf=s, else "relaxed". */
    public String spfAlignment() {
        return "s".equalsIgnoreCase(tags.get("aspf")) ? "strict" : "relaxed";
    }

    /** Aggregate report addresses (rua), without the mailto: scheme. */
    public List<String> aggregateReportAddresses() {
        return uris("rua");
    }

    /** Failure report addresses (ruf), without the mailto: scheme. */
    public List<String> failureReportAddresses() {
        return uris("ruf");
    }

    private List<String> uris(String tag) {
        List<String> addresses = new ArrayList<>();
        String value = tags.get(tag);
        if (value != null) {
            for (String uri : value.split(",")) {
                String trimmed = uri.trim();
                if (!trimmed.isEmpty()) {
                    addresses.add(trimmed.regionMatches(true, 0, "mailto:", 0, 7) ? trimmed.substring(7) : trimmed);
                }
            }
        }
        return addresses;
    }

    /** True for t=y: the domain owner is testing, receivers should not fully apply the policy. */
    public boolean testing() {
        return "y".equalsIgnoreCase(tags.get("t"));
    }

    /** The psd tag: "y" (a public suffix), "n" (not one), or "u" (unknown, the default). */
    public String psd() {
        String value = tags.getOrDefault("psd", "u").toLowerCase(Locale.ROOT);
        return value.equals("y") || value.equals("n") ? value : "u";
    }

    /** The tags present that RFC 9989 removed. */
    public List<String> removedTagsPresent() {
        return REMOVED_TAGS.stream().filter(tags::containsKey).toList();
    }

    /**
     * This record with {@code p} set to {@code policy} and the removed tags dropped, other tags kept
     * as published.
     */
    public String withPolicy(String policy) {
        List<String> parts = new ArrayList<>(List.of("v=DMARC1", "p=" + policy));
        tags.forEach((name, value) -> {
            if (!name.equals("v") && !name.equals("p") && !REMOVED_TAGS.contains(name)) {
                parts.add(name + "=" + value);
            }
        });
        return String.join("; ", parts);
    }
}
