package com.mailmoat.detect.url;

import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.domain.Brand;
import com.mailmoat.detect.domain.DomainKnowledge;
import com.mailmoat.detect.domain.Lookalikes;
import com.mailmoat.detect.message.Address;
import com.mailmoat.detect.message.Hosts;
import com.mailmoat.detect.message.Link;
import com.mailmoat.detect.message.ParsedMessage;
import com.mailmoat.detect.rules.Analyzer;
import com.mailmoat.detect.rules.Findings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Links: IP-literal and userinfo hosts, shorteners, open redirectors, free web and file hosts,
 * suspicious TLDs, punycode and brand lookalikes, anchor text that shows another domain,
 * data: and javascript: URIs, downloads of executables, the recipient's address carried in the
 * link, and credential forms in the body.
 */
public final class UrlAnalyzer implements Analyzer {

    private static final int MAX_HOSTS_EXAMINED = 60;
    private static final Set<String> EXECUTABLE_SUFFIXES = Set.of(
            ".exe", ".scr", ".msi", ".js", ".vbs", ".hta", ".bat", ".cmd", ".ps1", ".jar", ".apk", ".iso",
            ".img", ".vhd", ".lnk", ".wsf", ".dll");

    private final DomainKnowledge domains;
    /** Every brand's official domains, for finding one used as a subdomain label. */
    private final Map<String, Brand> brandByDomain;

    public UrlAnalyzer(DomainKnowledge domains) {
        this.domains = domains;
        Map<String, Brand> byDomain = new HashMap<>();
        for (Brand b : domains.brands()) {
            for (String d : b.domains()) {
                byDomain.putIfAbsent(d, b);
            }
        }
        this.brandByDomain = Map.copyOf(byDomain);
    }

    @Override
    public String name() {
        return "url";
    }

    @Override
    public void analyze(ParsedMessage m, TenantContext context, Findings f) {
        if (m.html().passwordInputs() > 0) {
            f.fire("URL_CREDENTIAL_FORM", m.html().passwordInputs() + " password field(s) in the message body");
        } else if (m.html().forms() > 0) {
            f.fire("URL_FORM_IN_BODY", m.html().forms() + " form(s) in the message body");
        }
        if (m.html().hiddenSmuggling()) {
            f.fire("URL_SCRIPT_SMUGGLING", "script in the body decodes or builds content to open or save");
        }
        if (m.html().images() > 0 && m.attachments().isEmpty() && countWords(m.text(), 40) < 40) {
            long anchors = m.links().stream().filter(l -> l.source() == Link.Source.ANCHOR).count();
            if (anchors >= 1 && anchors <= 6) {
                f.fire("URL_IMAGE_ONLY_BODY", m.html().images() + " image(s), " + countWords(m.text(), 40) + " words, " + anchors + " link(s)");
            }
        }
        Set<String> recipients = new HashSet<>();
        for (Address a : m.to()) {
            if (a.address().indexOf('@') > 0) {
                recipients.add(a.address());
            }
        }
        String fromDomain = m.from().domain();
        Set<String> seenHosts = new HashSet<>();
        int examined = 0;
        List<Link> links = m.links();
        List<Hosts.Url> urls = m.urls();
        for (int li = 0; li < links.size(); li++) {
            Link link = links.get(li);
            String raw = link.url();
            String lower = raw.toLowerCase(Locale.ROOT);
            if (lower.startsWith("javascript:") || lower.startsWith("vbscript:")) {
                f.fire("URL_SCRIPT_URI", abbreviate(raw));
                continue;
            }
            if (lower.startsWith("data:")) {
                if (lower.startsWith("data:text/html") || lower.startsWith("data:application") || lower.startsWith("data:image/svg")) {
                    f.fire("URL_DATA_URI", abbreviate(raw));
                }
                continue;
            }
            Hosts.Url url = urls.get(li);
            if (url.host().isEmpty() || !(url.scheme().isEmpty() || url.scheme().equals("http") || url.scheme().equals("https"))) {
                continue;
            }
            String host = url.host();
            if (link.source() == Link.Source.ANCHOR) {
                checkShownDomain(link, host, f);
            }
            if (!recipients.isEmpty() && url.rest().indexOf('#') >= 0) {
                String fragment = url.rest().substring(url.rest().indexOf('#') + 1).toLowerCase(Locale.ROOT);
                for (String r : recipients) {
                    if (fragment.contains(r) || fragment.contains(base64Hint(r))) {
                        f.fire("URL_RECIPIENT_IN_FRAGMENT", abbreviate(raw));
                    }
                }
            }
            String rest = url.rest();
            int q = rest.indexOf('?');
            // only the path is lower-cased: query strings of tracking links are long
            String pathOnly = (q >= 0 ? rest.substring(0, q) : rest).toLowerCase(Locale.ROOT);
            for (String suffix : EXECUTABLE_SUFFIXES) {
                if (pathOnly.endsWith(suffix)) {
                    f.fire("URL_EXECUTABLE_DOWNLOAD", abbreviate(raw));
                }
            }
            if (url.hasUserInfo()) {
                f.fire("URL_USERINFO", abbreviate(raw));
            }
            String advert = advertInAccountName(url.rest());
            if (advert != null) {
                f.fire("URL_ACCOUNT_NAME_ADVERT", "account name \"" + abbreviate(advert) + "\" in " + host);
            }
            if (!seenHosts.add(host) || ++examined > MAX_HOSTS_EXAMINED) {
                continue;
            }
            if (Hosts.isIpLiteral(host)) {
                if (!Hosts.isPrivateIp(host)) {
                    f.fire("URL_IP_LITERAL", abbreviate(raw));
                }
                continue;
            }
            if (domains.isShortener(host)) {
                f.fire("URL_SHORTENER", host);
            }
            if (domains.isFreeHost(host) && !Hosts.registrable(host).equals(Hosts.registrable(fromDomain))) {
                f.fire("URL_FREE_HOST", abbreviate(raw));
            }
            if (domains.isRedirector(host)) {
                String path = rest.toLowerCase(Locale.ROOT);
                if (path.contains("=http") || path.contains("=https%3a") || path.contains("=http%3a")
                        || path.contains("/amp/s/") || path.contains("/url?")) {
                    f.fire("URL_OPEN_REDIRECT", abbreviate(raw));
                }
            }
            if (domains.hasSuspiciousTld(host)) {
                f.fire(link.source() == Link.Source.ANCHOR || link.source() == Link.Source.FORM_ACTION
                        ? "URL_SUSPICIOUS_TLD" : "URL_SUSPICIOUS_TLD_TEXT", host);
            }
            if (host.contains("xn--")) {
                f.fire("URL_PUNYCODE_HOST", host + " (" + Lookalikes.toUnicode(host) + ")");
            }
            Brand imitated = domains.imitatedBrand(host);
            if (imitated != null) {
                f.fire("URL_BRAND_LOOKALIKE", host + " resembles " + imitated.key());
            } else if (domains.ownerOf(host) == null) {
                Brand b = brandDomainAsSubdomain(host);
                if (b != null) {
                    f.fire("URL_BRAND_DOMAIN_AS_SUBDOMAIN", host + " puts " + b.key() + " in front of another domain");
                }
            }
        }
    }

    /** Query parameters that carry an account's name in sign-up and password-setting links. */
    private static final Set<String> ACCOUNT_PARAMS = Set.of("login", "user", "username", "user_login", "uname", "account");

    /**
     * The account name a sign-up or password link carries, when it is an advertisement rather
     * than a name: three or more words with a web address or a number in them. Spammers register
     * accounts on any site with a sign-up form, with the advert as user name, and the site's own
     * "set your password" mail delivers it from a legitimate sender.
     */
    static String advertInAccountName(String rest) {
        int q = rest.indexOf('?');
        if (q < 0) {
            return null;
        }
        int i = q + 1;
        int n = rest.length();
        while (i < n) {
            int amp = rest.indexOf('&', i);
            int end = amp < 0 ? n : amp;
            int eq = rest.indexOf('=', i);
            if (eq > i && eq < end && ACCOUNT_PARAMS.contains(rest.substring(i, eq).toLowerCase(Locale.ROOT))) {
                String value = percentDecode(rest.substring(eq + 1, Math.min(end, eq + 1 + 400)));
                String[] words = value.strip().split("\\s+");
                boolean address = false;
                boolean digits = false;
                for (String w : words) {
                    String lw = w.toLowerCase(Locale.ROOT);
                    address |= lw.startsWith("www.") || lw.startsWith("http") || (lw.indexOf('.') > 0 && lw.indexOf('.') < lw.length() - 2
                            && Character.isLetter(lw.charAt(lw.length() - 1)));
                    for (int k = 0; k < w.length(); k++) {
                        digits |= Character.isDigit(w.charAt(k));
                    }
                }
                if (words.length >= 3 && (address || digits)) {
                    return value.strip();
                }
            }
            i = end + 1;
        }
        return null;
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int countWords(String text, int max) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length() && words < max; i++) {
            boolean letter = Character.isLetterOrDigit(text.charAt(i));
            if (letter && !inWord) {
                words++;
            }
            inWord = letter;
        }
        return words;
    }

    /** An anchor whose visible text names a domain other than the one it links to. */
    private void checkShownDomain(Link link, String host, Findings f) {
        String text = link.text().strip();
        if (text.length() < 4 || text.length() > 300) {
            return;
        }
        String shown = shownHost(text);
        if (shown == null) {
            return;
        }
        String shownOrg = Hosts.registrable(shown);
        String targetOrg = Hosts.registrable(host);
        if (shownOrg.equals(targetOrg) || shownOrg.indexOf('.') < 0) {
            return;
        }
        if (domains.isClickTracker(host)) {
            return;
        }
        Brand shownBrand = domains.ownerOf(shown);
        if (shownBrand != null && domains.isOfficial(shownBrand, host)) {
            return;
        }
        if (shownBrand == null && looksLikeClickTracker(host)) {
            return;
        }
        f.fire(shownBrand != null ? "URL_TEXT_SHOWS_BRAND_DOMAIN" : "URL_TEXT_SHOWS_OTHER_DOMAIN",
                "text \"" + abbreviate(text) + "\" links to " + host);
    }

    /** The host an anchor's text displays, when the text is itself a URL or a bare domain. */
    static String shownHost(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.indexOf(' ') >= 0) {
            return null;
        }
        if (t.startsWith("http://") || t.startsWith("https://") || t.startsWith("www.")) {
            String h = Hosts.parseUrl(t).host();
            return h.indexOf('.') > 0 ? h : null;
        }
        // a bare domain such as "paypal.com" or "account.microsoft.com/security"
        int slash = t.indexOf('/');
        String candidate = slash > 0 ? t.substring(0, slash) : t;
        if (candidate.indexOf('@') >= 0 || candidate.indexOf('.') <= 0) {
            return null;
        }
        String tld = Hosts.tld(candidate);
        if (tld.length() < 2 || tld.length() > 6) {
            return null;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
                return null;
            }
        }
        for (int i = 0; i < tld.length(); i++) {
            if (!Character.isLetter(tld.charAt(i))) {
                return null;
            }
        }
        // file names ("report.pdf") are not domains
        return Set.of("pdf", "doc", "docx", "xls", "xlsx", "html", "htm", "php", "asp", "aspx", "jpg", "png", "gif", "zip", "txt", "csv")
                .contains(tld) ? null : candidate;
    }

    /** e.g. {@code paypal.com.account-check.example}: a brand's domain used as a subdomain label. */
    /**
     * The brand whose official domain appears inside {@code host} followed by a dot, starting at a
     * label boundary ("paypal.com.account-check.net"), or null. Looks up every run of whole
     * labels instead of searching the host for each of the hundreds of brand domains.
     */
    private Brand brandDomainAsSubdomain(String host) {
        int n = host.length();
        for (int start = 0; start < n; start++) {
            if (start > 0 && host.charAt(start - 1) != '.' && host.charAt(start - 1) != '-') {
                continue;
            }
            for (int end = host.indexOf('.', start); end > start; end = host.indexOf('.', end + 1)) {
                Brand b = brandByDomain.get(host.substring(start, end));
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    /**
     * True for hosts named for click tracking ("click.", "clickthru.", "track.", "links.") that the
     * tracker list does not know: newsletters route every link through them, so the shown domain
     * differing from theirs says little unless a brand is shown.
     */
    public static boolean looksLikeClickTracker(String host) {
        int dot = host.indexOf('.');
        String first = dot > 0 ? host.substring(0, dot) : host;
        return first.startsWith("click") || first.startsWith("track") || first.equals("links") || first.equals("trk")
                || first.equals("redirect");
    }

    /** The start of the base64 encoding of an address (kits often carry it encoded). */
    private static String base64Hint(String address) {
        String b64 = java.util.Base64.getEncoder().encodeToString(address.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return b64.length() > 12 ? b64.substring(0, 12).toLowerCase(Locale.ROOT) : b64.toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
