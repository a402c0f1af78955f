package com.mailmoat.detect.impersonation;

import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.auth.SenderAuthenticationAnalyzer;
import com.mailmoat.detect.domain.Brand;
import com.mailmoat.detect.domain.DomainKnowledge;
import com.mailmoat.detect.domain.Lookalikes;
import com.mailmoat.detect.language.PhraseMatcher;
import com.mailmoat.detect.language.TextNormaliser;
import com.mailmoat.detect.message.Address;
import com.mailmoat.detect.message.Hosts;
import com.mailmoat.detect.message.ParsedMessage;
import com.mailmoat.detect.policy.SenderLists;
import com.mailmoat.detect.rules.Analyzer;
import com.mailmoat.detect.rules.Findings;
import com.mailmoat.detect.rules.RuleBook;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Impersonation of people and brands by the sender: an internal user's or VIP's display name
 * from outside, lookalikes of the tenant's or a brand's domain (edit distance, confusable
 * skeletons, punycode), brand names in display names of senders the brand does not own (worse
 * from free mail), security-team roles from free mail, and addresses written into display names.
 */
public final class ImpersonationAnalyzer implements Analyzer {

    private final DomainKnowledge domains;
    private final PhraseMatcher brandNames;
    private final List<Brand> brandOfName = new ArrayList<>();
    private final PhraseMatcher roles;
    private final PhraseMatcher authorities;
    /** Brand keys of four or more letters to the brand's position in the rules file. */
    private final java.util.Map<String, Integer> brandIndexByKey;
    private final int maxKeyLength;
    private final List<String> governmentSuffixes;
    /** Words attackers join to a real name to register a lookalike domain ("-support", "secure-"). */
    private final java.util.Set<String> lookalikeAdditions;

    public ImpersonationAnalyzer(RuleBook rules, DomainKnowledge domains) {
        this.domains = domains;
        List<String> names = new ArrayList<>();
        for (Brand b : domains.brands()) {
            for (String n : b.names()) {
                names.add(n);
                brandOfName.add(b);
            }
        }
        this.brandNames = new PhraseMatcher(names);
        this.roles = new PhraseMatcher(rules.list("sender_roles").entries());
        java.util.Map<String, Integer> byKey = new java.util.HashMap<>();
        int longest = 0;
        for (int i = 0; i < domains.brands().size(); i++) {
            String key = domains.brands().get(i).key();
            if (key.length() >= 4) {
                byKey.putIfAbsent(key, i);
                longest = Math.max(longest, key.length());
            }
        }
        this.brandIndexByKey = java.util.Map.copyOf(byKey);
        this.maxKeyLength = longest;
        this.authorities = new PhraseMatcher(rules.list("authority_names").entries());
        this.governmentSuffixes = rules.list("government_domains").entries().stream()
                .map(e -> e.strip().toLowerCase(java.util.Locale.ROOT)).toList();
        this.lookalikeAdditions = rules.list("lookalike_additions").entries().stream()
                .map(e -> e.strip().toLowerCase(java.util.Locale.ROOT)).filter(e -> !e.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public String name() {
        return "impersonation";
    }

    /** The brands named in {@code text} (display name, subject...), confusables folded. */
    public List<Brand> brandsNamedIn(String text) {
        String folded = TextNormaliser.normalise(Lookalikes.foldText(text), 4000);
        BitSet hits = brandNames.find(folded);
        List<Brand> out = new ArrayList<>(2);
        for (int i = hits.nextSetBit(0); i >= 0; i = hits.nextSetBit(i + 1)) {
            Brand b = brandOfName.get(i);
            if (!out.contains(b)) {
                out.add(b);
            }
        }
        return out;
    }

    @Override
    public void analyze(ParsedMessage m, TenantContext context, Findings f) {
        Address from = m.from();
        String domain = from.domain();
        String display = from.displayName();
        boolean own = !domain.isEmpty() && SenderAuthenticationAnalyzer.isOwn(context, domain);
        boolean freemail = !domain.isEmpty() && domains.isFreemail(domain);
        String foldedDisplay = TextNormaliser.normalise(Lookalikes.foldText(display), 1000);

        boolean known = SenderLists.matches(context.knownSenders(), from) && !from.address().isEmpty();
        if (!own && !display.isBlank() && !known) {
            // a correspondent the tenant already knows under this address (a user's own private
            // mailbox, say) is not imitating anyone; a new address with a colleague's name is
            for (TenantContext.User user : context.users()) {
                if (sameName(foldedDisplay, user.displayName()) || containsName(foldedDisplay, user.displayName())) {
                    f.fire("IMP_INTERNAL_USER_NAME", "\"" + display + "\" <" + from.address() + "> imitates " + user.address());
                    break;
                }
            }
            for (String vip : context.vipNames()) {
                String v = TextNormaliser.normalise(vip, 200);
                if (v.length() > 3 && (foldedDisplay.contains(v) || sameName(foldedDisplay, vip) || containsName(foldedDisplay, vip))) {
                    f.fire("IMP_VIP_NAME", "\"" + display + "\" <" + from.address() + ">");
                    break;
                }
            }
        }
        if (!domain.isEmpty() && !own && !display.isBlank() && !isGovernment(domain)) {
            java.util.BitSet named = authorities.find(foldedDisplay);
            if (!named.isEmpty()) {
                f.fire("IMP_AUTHORITY_NAME_UNOFFICIAL", "\"" + display + "\" <" + from.address() + "> names "
                        + authorities.phrase(named.nextSetBit(0)) + " but is not a government domain");
            }
        }
        if (!domain.isEmpty() && !own && !isGovernment(domain) && posesAsGovernment(domain)) {
            f.fire("IMP_GOVERNMENT_LOOKALIKE_DOMAIN", domain + " is dressed as a government domain but is not one");
        }
        if (!domain.isEmpty() && !own && !display.isBlank()) {
            String unmasked = Lookalikes.unmaskAscii(display);
            if (!unmasked.equals(display)) {
                for (Brand b : brandsNamedIn(unmasked)) {
                    if (!domains.isOfficial(b, domain) && !brandsNamedIn(display).contains(b)) {
                        f.fire("IMP_BRAND_NAME_CONFUSABLE", "\"" + display + "\" reads as " + b.key() + " (letters swapped for lookalikes)");
                        break;
                    }
                }
            }
        }

        boolean tenantLookalike = false;
        if (!domain.isEmpty() && !own) {
            String label = Hosts.brandLabel(Lookalikes.toUnicode(domain));
            // a domain that authenticates (DMARC, receiving side) and merely shares a word with the tenant's
            // name ("northwind-traders.com" writing to "northwind.com") is another company; lookalike spellings
            // and the tenant's name with "-support", "-portal"... added still count, authenticated or not
            boolean otherOrganisation = f.has("AUTH_DMARC_PASS");
            Lookalikes.Candidate candidate = context.domains().isEmpty() ? null
                    : new Lookalikes.Candidate(label, lookalikeAdditions);
            for (String ownDomain : context.domains()) {
                String ownLabel = Hosts.brandLabel(ownDomain);
                String how = Lookalikes.looksLike(label, ownLabel) ? "a lookalike spelling of it"
                        : Lookalikes.imitation(candidate, ownLabel, true);
                if (how == null && containsToken(domain, ownLabel) && !otherOrganisation) {
                    how = "its name as part of another";
                }
                if (how != null) {
                    f.fire("IMP_TENANT_LOOKALIKE_DOMAIN", domain + " resembles " + ownDomain + " (" + how + ")");
                    tenantLookalike = true;
                    break;
                }
            }
            if (!known && !freemail && !tenantLookalike) {
                String correspondent = knownLookalike(context, domain, label);
                if (correspondent != null) {
                    f.fire("IMP_KNOWN_SENDER_LOOKALIKE_DOMAIN", correspondent);
                } else if (domains.ownerOf(domain) == null && domains.imitatedBrand(domain) == null) {
                    String named = imitatedNamedOrganisation(m, label);
                    if (named != null) {
                        f.fire("IMP_SENDER_IMITATES_NAMED_ORG", domain + " imitates " + named);
                    }
                }
            }
            if (domain.contains("xn--")) {
                f.fire("IMP_PUNYCODE_SENDER", domain + " (" + Lookalikes.toUnicode(domain) + ")");
            }
            Brand imitated = domains.imitatedBrand(domain);
            Brand inDomain = null;
            if (imitated != null) {
                f.fire("IMP_BRAND_LOOKALIKE_DOMAIN", domain + " resembles " + imitated.key());
            } else if (domains.ownerOf(domain) == null) {
                Brand b = brandKeyStartingAToken(domain);
                if (b != null) {
                    f.fire("IMP_BRAND_IN_SENDER_DOMAIN", domain + " uses the name " + b.key());
                    inDomain = b;
                }
            }
            boolean systemSender = from.address().startsWith("mailer-daemon@") || from.address().startsWith("postmaster@");
            if (systemSender) {
                freemail = false;
            }
            List<Brand> namedInDisplay = brandsNamedIn(display);
            // "Lockergnome Apple Core" <x@lockergnome.com>: the name is the sender's own, the brand its topic
            boolean namesItself = !freemail && namesSenderOrganisation(foldedDisplay, domain);
            for (Brand b : namedInDisplay) {
                // a domain already flagged for carrying this brand's name is the same evidence again
                if (!domains.isOfficial(b, domain) && !b.equals(inDomain) && !b.equals(imitated) && !namesItself) {
                    f.fire(freemail ? "IMP_BRAND_NAME_FREEMAIL" : "IMP_BRAND_NAME_UNOFFICIAL_SENDER",
                            "\"" + display + "\" <" + from.address() + "> is not a " + b.key() + " address");
                    break;
                }
            }
            if (namedInDisplay.isEmpty()) {
                for (Brand b : brandsNamedIn(m.subject())) {
                    if (!domains.isOfficial(b, domain)) {
                        f.fire(freemail ? "IMP_BRAND_IN_SUBJECT_FREEMAIL" : "IMP_BRAND_IN_SUBJECT",
                                b.key() + " named in the subject of mail from " + domain);
                        break;
                    }
                }
            }
            if (freemail && !roles.find(foldedDisplay).isEmpty()) {
                f.fire("IMP_ROLE_FROM_FREEMAIL", "\"" + display + "\" <" + from.address() + ">");
            }
            for (String ownDomain : context.domains()) {
                String ownLabel = Hosts.brandLabel(ownDomain);
                if (ownLabel.length() >= 4 && foldedDisplay.contains(" " + ownLabel + " ")
                        && (tenantLookalike || !(f.has("AUTH_DMARC_PASS") && namesOwnDomain(foldedDisplay, domain)))) {
                    f.fire("IMP_TENANT_NAME_IN_DISPLAY", "\"" + display + "\" <" + from.address() + ">");
                    break;
                }
            }
        }
        String subjectLower = m.subject().toLowerCase(java.util.Locale.ROOT);
        // in a reply the address is quoted from the conversation ("Re: Message from bob@..."), not bait
        boolean reply = subjectLower.startsWith("re:") || subjectLower.startsWith("aw:") || subjectLower.startsWith("sv:")
                || subjectLower.startsWith("antw:") || subjectLower.startsWith("res:") || subjectLower.startsWith("rif:");
        for (Address to : reply ? List.<Address>of() : m.to()) {
            if (to.address().indexOf('@') > 0 && (subjectLower.contains(to.address())
                    || display.toLowerCase(java.util.Locale.ROOT).contains(to.address()))) {
                f.fire("IMP_RECIPIENT_ADDRESS_IN_SUBJECT", to.address());
                break;
            }
        }
        String shown = domainInDisplayName(display);
        if (shown != null && !domain.isEmpty() && !Hosts.registrable(shown).equals(Hosts.registrable(domain))) {
            f.fire("IMP_DISPLAY_NAME_OTHER_ADDRESS", "\"" + display + "\" sent from " + from.address());
        }
    }

    /**
     * True when the registrable name carries "gov", "gouv" or "gob" as a part of its own
     * ("receita-gov.com", "voebrasilgov.com", "gov-refund.net"): dressing a commercial registration
     * as a public body. Services that really send for governments are excepted.
     */
    static boolean posesAsGovernment(String domain) {
        String label = Hosts.brandLabel(domain);
        if (label.equals("govdelivery") || label.equals("granicus")) {
            return false;
        }
        for (String part : label.split("-")) {
            for (String g : new String[] {"gouv", "gov", "gob"}) {
                if (part.equals(g) || (part.endsWith(g) && part.length() > g.length() + 2)
                        || (part.startsWith(g) && part.length() > g.length() + 2 && !part.startsWith("govern")
                        && !part.startsWith("gobble") && !part.startsWith("goblin") && !part.startsWith("gobi"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True for government domains (the rules file's suffixes: .gov, .gouv.fr, .bund.de...). */
    private boolean isGovernment(String domain) {
        for (String suffix : governmentSuffixes) {
            if (domain.equals(suffix) || domain.endsWith(suffix.startsWith(".") ? suffix : "." + suffix)) {
                return true;
            }
        }
        return false;
    }


    /** True when the display name starts with the sender domain's name, hyphens read as spaces ("Northwind Traders" from northwind-traders.com). */
    static boolean namesOwnDomain(String foldedDisplay, String domain) {
        String label = Hosts.brandLabel(domain).replace('-', ' ');
        return label.length() >= 5 && !GENERIC_LABELS.contains(label) && foldedDisplay.startsWith(" " + label + " ");
    }

    /**
     * The evidence when the sender's domain imitates the domain of a known correspondent (the
     * tenant's sender history), or null. Only a domain that is not itself a correspondent gets here.
     */
    private String knownLookalike(TenantContext context, String domain, String label) {
        if (!context.knowsSenderHistory()) {
            return null;
        }
        String registrable = Hosts.registrable(domain);
        Lookalikes.Candidate candidate = new Lookalikes.Candidate(label, lookalikeAdditions);
        for (String entry : context.knownSenders()) {
            String knownDomain = entry.substring(entry.indexOf('@') + 1);
            if (knownDomain.isEmpty() || Hosts.registrable(knownDomain).equals(registrable)
                    || domains.isFreemail(knownDomain)) {
                continue;
            }
            String how = Lookalikes.imitation(candidate, Hosts.brandLabel(knownDomain), true);
            if (how != null) {
                return domain + " resembles " + knownDomain + ", a correspondent (" + how + ")";
            }
        }
        return null;
    }

    /** Characters of the end of the text searched for the signature's organisation name. */
    private static final int SIGNATURE_CHARS = 600;
    /** Words of subject, sender name and signature searched for the organisation's name. */
    private static final int MAX_NAME_WORDS = 200;

    /**
     * The organisation the message speaks for (a run of one to four words of its subject, sender
     * name or signature) that the sender's domain label imitates without being it, with how, or
     * null. A message whose text also names the sender's domain exactly is the sender naming
     * itself. A near spelling (edit distance) counts only for names of two or more words (single
     * words are too often ordinary words); lookalike characters and added words count for any.
     */
    String imitatedNamedOrganisation(ParsedMessage m, String label) {
        String plain = label.replace("-", "");
        if (plain.length() < 6) {
            return null;
        }
        String text = m.text();
        String tail = text.length() > SIGNATURE_CHARS ? text.substring(text.length() - SIGNATURE_CHARS) : text;
        String folded = m.foldedSubject() + m.foldedSender()
                + TextNormaliser.normalise(Lookalikes.foldText(tail), SIGNATURE_CHARS);
        // word boundaries in the folded text (" w1 w2 ... "): no string per word
        int[] starts = new int[MAX_NAME_WORDS];
        int[] ends = new int[MAX_NAME_WORDS];
        int count = 0;
        for (int p = 0; p < folded.length() && count < starts.length; p++) {
            if (folded.charAt(p) != ' ' && (p == 0 || folded.charAt(p - 1) == ' ')) {
                int e = folded.indexOf(' ', p);
                starts[count] = p;
                ends[count++] = e < 0 ? folded.length() : e;
                p = e < 0 ? folded.length() : e;
            }
        }
        // the label prepared once; names of other lengths than it or its core cannot match (no comparison)
        Lookalikes.Candidate candidate = new Lookalikes.Candidate(label, lookalikeAdditions);
        int coreLength = candidate.coreLength();
        String found = null;
        StringBuilder run = new StringBuilder(64);
        for (int i = 0; i < count; i++) {
            run.setLength(0);
            for (int k = i; k < Math.min(count, i + 4); k++) {
                if (k > i && ends[k] - starts[k] < 3) {
                    break; // names run over words, not initials or stray letters ("Feinstein I")
                }
                run.append(folded, starts[k], ends[k]);
                int length = run.length();
                if (length == plain.length() && plain.contentEquals(run)) {
                    return null; // the sender names itself
                }
                if (found != null || length < 5 || length > plain.length() + 2
                        || Math.abs(length - plain.length()) > 2 && Math.abs(length - coreLength) > 2) {
                    continue; // names of other lengths cannot match (no string built for them)
                }
                String name = run.toString();
                if (k == i && (GENERIC_LABELS.contains(name) || lookalikeAdditions.contains(name))) {
                    continue; // "acc0unt-verify" imitates no organisation called "account"
                }
                String how = Lookalikes.imitation(candidate, name, k > i);
                if (how != null) {
                    found = "\"" + folded.substring(starts[i], ends[k]) + "\", named in the message (" + how + ")";
                }
            }
        }
        return found;
    }

    /**
     * True when the display name starts with the sender domain's own name as a word ("Lockergnome
     * Apple Core" from lockergnome.com): the sender names itself first, and a brand after it is
     * what it writes about. Generic words attackers register domains under ("support",
     * "security") do not count as a name.
     */
    public static boolean namesSenderOrganisation(String foldedDisplay, String domain) {
        String label = Hosts.brandLabel(domain);
        if (label.length() < 5 || GENERIC_LABELS.contains(label) || domain.indexOf('.') < 0) {
            return false;
        }
        return foldedDisplay.startsWith(" " + label + " ");
    }

    private static final java.util.Set<String> GENERIC_LABELS = java.util.Set.of("support", "service", "services",
            "security", "secure", "account", "accounts", "billing", "update", "updates", "verify", "verification", "alert",
            "alerts", "notice", "notices", "online", "official", "center", "centre", "helpdesk", "customer", "members",
            "login", "signin", "wallet", "payment", "payments", "delivery", "shipping", "tracking", "refund", "rewards");

    /**
     * True when the folded display name contains the person's full name as whole words, in either
     * order, possibly with a middle initial or additions ("Megan J. Bowen", "Bowen Megan (CEO)").
     */
    static boolean containsName(String foldedDisplay, String name) {
        String n = TextNormaliser.normalise(name, 200).strip();
        String[] parts = n.split(" ");
        if (parts.length < 2 || n.length() < 6) {
            return false;
        }
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (foldedDisplay.contains(" " + n + " ")) {
            return true;
        }
        java.util.List<String> words = java.util.Arrays.asList(foldedDisplay.strip().split(" "));
        int fi = words.indexOf(first);
        int li = words.indexOf(last);
        // first and last name near each other (a middle initial or name between, or reversed)
        return fi >= 0 && li >= 0 && Math.abs(fi - li) <= 2 && fi != li;
    }

    /** True when the folded display name is the person's name, also as "Last, First". */
    private static boolean sameName(String foldedDisplay, String name) {
        String n = TextNormaliser.normalise(name, 200);
        if (n.isBlank()) {
            return false;
        }
        if (foldedDisplay.equals(n)) {
            return true;
        }
        String[] parts = n.strip().split(" ");
        if (parts.length == 2) {
            return foldedDisplay.equals(" " + parts[1] + " " + parts[0] + " ");
        }
        return false;
    }

    /**
     * The first brand (in the rules file's order) whose key of four or more letters starts a dot-
     * or hyphen-separated token of {@code host}, or null: as {@link #containsToken} for every brand,
     * with a lookup per token prefix instead of a search per brand.
     */
    private Brand brandKeyStartingAToken(String host) {
        Brand best = null;
        int bestIndex = Integer.MAX_VALUE;
        int n = host.length();
        for (int start = 0; start < n; start++) {
            if (start > 0 && host.charAt(start - 1) != '.' && host.charAt(start - 1) != '-') {
                continue;
            }
            for (int len = 4; len <= maxKeyLength && start + len <= n; len++) {
                Integer index = brandIndexByKey.get(host.substring(start, start + len));
                if (index != null && index < bestIndex) {
                    bestIndex = index;
                    best = domains.brands().get(index);
                }
            }
        }
        return best;
    }

    /** True when a dot- or hyphen-separated token of {@code host} is {@code label} or starts with it. */
    static boolean containsToken(String host, String label) {
        if (label.length() < 4) {
            return false;
        }
        int from = 0;
        while ((from = host.indexOf(label, from)) >= 0) {
            boolean startOk = from == 0 || host.charAt(from - 1) == '.' || host.charAt(from - 1) == '-';
            if (startOk) {
                return true;
            }
            from += label.length();
        }
        return false;
    }

    /** A domain written in the display name ({@code "service@paypal.com"}, {@code "paypal.com"}), or null. */
    static String domainInDisplayName(String display) {
        int at = display.indexOf('@');
        String candidate = null;
        if (at >= 0) {
            int end = at + 1;
            while (end < display.length() && (Character.isLetterOrDigit(display.charAt(end)) || display.charAt(end) == '.'
                    || display.charAt(end) == '-')) {
                end++;
            }
            candidate = display.substring(at + 1, end);
        }
        if (candidate == null || candidate.indexOf('.') < 0) {
            return null;
        }
        String c = Hosts.normalise(candidate);
        int dot = c.lastIndexOf('.');
        return dot > 0 && dot < c.length() - 2 ? c : null;
    }
}
