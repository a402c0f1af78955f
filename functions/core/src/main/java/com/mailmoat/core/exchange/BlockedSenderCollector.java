package com.mailmoat.core.exchange;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionPage;
import com.mailmoat.core.detection.DetectionQuery;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.Evidence;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.policy.PolicyRepository;
import com.mailmoat.core.policy.SenderListEntry;
import com.mailmoat.core.policy.SenderListKind;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Who Mailmoat's transport rules block: the policy's blocked senders (addresses and domains), and
 * the senders of mail the scans judged MALICIOUS. A detected sender's address is blocked, and its
 * domain too when the domain itself was the deceit (a lookalike or punycode domain). Never blocked:
 * the tenant's own domains and their addresses (spoofed mail claims to come from them), permitted
 * senders, addresses taken from spoofed mail (its From is not the real sender), and the senders of
 * messages the administrator released or called not a threat.
 */
public final class BlockedSenderCollector {
    /** Evidence that the sender's domain is itself malicious, not just one mailbox on it. */
    static final Set<String> DOMAIN_RULES = Set.of("IMP_TENANT_LOOKALIKE_DOMAIN", "IMP_PUNYCODE_SENDER",
            "IMP_BRAND_LOOKALIKE_DOMAIN", "IMP_GOVERNMENT_LOOKALIKE_DOMAIN");
    /** How many malicious detections are read at most (newest first). */
    static final int MAX_DETECTIONS = 5_000;
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s\"<>(),;:]{1,64}@[a-z0-9.-]{1,253}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9-]{1,63}(\\.[a-z0-9-]{1,63})+");

    private final PolicyRepository policies;
    private final DetectionRepository detections;

    public BlockedSenderCollector(PolicyRepository policies, DetectionRepository detections) {
        this.policies = policies;
        this.detections = detections;
    }

    /** Why a sender is held back. */
    public enum Why { BLOCKED_LIST, FOUND_MALICIOUS }

    /** One address or domain Mailmoat's rules hold back, and why. */
    public record HeldBack(String value, Why why) {
    }

    /**
     * Who Mailmoat's rules hold back in {@code mode}: in Protect the Blocked senders and the senders
     * of malicious mail the scans found, in Monitor the Blocked senders only, otherwise nobody.
     */
    public BlockedSenders collect(Account account, Mode mode) {
        return collected(account, mode).senders();
    }

    /** {@link #collect(Account, Mode)} with the reason of each: addresses first, then domains. */
    public List<HeldBack> heldBack(Account account, Mode mode) {
        Collected collected = collected(account, mode);
        return java.util.stream.Stream.concat(collected.senders().addresses().stream(),
                        collected.senders().domains().stream())
                .map(v -> new HeldBack(v, collected.listed().contains(v) ? Why.BLOCKED_LIST : Why.FOUND_MALICIOUS))
                .toList();
    }

    /** Why an entry of the Blocked senders list is not in Mailmoat's transport rules. */
    public enum LeftOutBecause {
        /**
         * An address (or domain) of the organisation's own: the rules match only mail from outside the organisation,
         * and mail from outside claiming an own address is spoofed (the engine judges it after delivery).
         */
        OWN_DOMAIN,
        /** Also on the Allowed senders list (listed before the lists refused such clashes). */
        ALSO_ALLOWED
    }

    /** An entry of the Blocked senders list that Mailmoat's transport rules leave out, and why. */
    public record LeftOut(String value, LeftOutBecause because) {
    }

    /** The Blocked senders list's entries that Mailmoat's transport rules leave out, in the list's order. */
    public List<LeftOut> leftOut(Account account) {
        Set<String> own = ownDomains(account);
        Set<String> permitted = permitted(account.accountId());
        List<LeftOut> left = new java.util.ArrayList<>();
        for (SenderListEntry entry : policies.senderList(account.accountId(), SenderListKind.BLOCKED)) {
            String value = clean(entry.value());
            LeftOutBecause because = excluded(value, own, permitted);
            if (because != null) {
                left.add(new LeftOut(value, because));
            }
        }
        return left;
    }

    /** Why the rules leave a (cleaned) address or domain out, or null when they hold it back. */
    private static LeftOutBecause excluded(String value, Set<String> own, Set<String> permitted) {
        String domain = value.substring(value.lastIndexOf('@') + 1);
        if (own.contains(domain)) {
            return LeftOutBecause.OWN_DOMAIN;
        }
        return permitted.contains(value) || permitted.contains(domain) ? LeftOutBecause.ALSO_ALLOWED : null;
    }

    private static Set<String> ownDomains(Account account) {
        Set<String> own = new HashSet<>();
        account.tenantDomains().forEach(d -> own.add(d.toLowerCase(Locale.ROOT)));
        return own;
    }

    private Set<String> permitted(String accountId) {
        Set<String> permitted = new HashSet<>();
        policies.senderList(accountId, SenderListKind.PERMITTED).forEach(e -> permitted.add(clean(e.value())));
        return permitted;
    }

    /** Who is held back, and which of them the Blocked senders list names. */
    private record Collected(BlockedSenders senders, Set<String> listed) {
    }

    private Collected collected(Account account, Mode mode) {
        return switch (mode) {
            case PROTECT -> collect(account, true);
            case MONITOR -> collect(account, false);
            default -> new Collected(BlockedSenders.NONE, Set.of());
        };
    }

    /** @param detectedSenders with the senders of malicious mail the scans found (Protect), not only the Blocked list */
    private Collected collect(Account account, boolean detectedSenders) {
        String accountId = account.accountId();
        Set<String> own = ownDomains(account);
        Set<String> permitted = permitted(accountId);

        TreeSet<String> addresses = new TreeSet<>();
        TreeSet<String> domains = new TreeSet<>();
        Set<String> listed = new HashSet<>();
        for (SenderListEntry entry : policies.senderList(accountId, SenderListKind.BLOCKED)) {
            String value = clean(entry.value());
            listed.add(value);
            if (value.contains("@")) {
                addresses.add(value);
            } else {
                domains.add(value);
            }
        }
        if (detectedSenders) {
            addDetectedSenders(accountId, addresses, domains);
        }

        domains.removeIf(d -> !DOMAIN.matcher(d).matches() || excluded(d, own, permitted) != null);
        addresses.removeIf(a -> excluded(a, own, permitted) != null || domains.contains(a.substring(a.lastIndexOf('@') + 1)));
        return new Collected(new BlockedSenders(List.copyOf(addresses), List.copyOf(domains)), listed);
    }

    /** The senders of the scans' malicious mail (newest first, at most {@value #MAX_DETECTIONS} read). */
    private void addDetectedSenders(String accountId, Set<String> addresses, Set<String> domains) {
        Optional<String> cursor = Optional.empty();
        int read = 0;
        do {
            DetectionPage page = detections.search(accountId, new DetectionQuery(DetectionQuery.MAX_LIMIT,
                    cursor.orElse(null), ThreatLevel.MALICIOUS, null, null, null, null, null, null, null, null));
            for (Detection detection : page.items()) {
                read++;
                if (detection.level() != ThreatLevel.MALICIOUS || detection.status() == DetectionStatus.RELEASED
                        || detection.status() == DetectionStatus.NOT_A_THREAT) {
                    continue;
                }
                String sender = clean(detection.sender());
                boolean spoofed = detection.categories().stream().anyMatch(c -> c.equalsIgnoreCase("SPOOFING"));
                if (!spoofed && ADDRESS.matcher(sender).matches()) {
                    addresses.add(sender);
                }
                if (detection.reasons().stream().map(Evidence::rule).anyMatch(DOMAIN_RULES::contains)) {
                    String domain = detection.senderDomain();
                    if (!domain.isEmpty()) {
                        domains.add(domain);
                    }
                }
            }
            cursor = page.nextCursor();
        } while (cursor.isPresent() && read < MAX_DETECTIONS);
    }

    private static String clean(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("*.")) {
            v = v.substring(2);
        }
        if (v.startsWith("@")) {
            v = v.substring(1);
        }
        return v;
    }
}
