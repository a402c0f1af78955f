package com.mailmoat.detect.message;

import java.util.Locale;
import java.util.Set;

/**
 * Host name helpers: normalising, the registrable ("organisational") domain, IP literals, and
 * extracting the host from a URL written by an attacker (which {@link java.net.URI} rejects).
 * All parsing is a single linear scan: no regular expressions.
 */
public final class Hosts {

    /**
     * Second-level labels under which registrations happen one level deeper (co.uk, com.au...).
     * A compact stand-in for the Public Suffix List covering the suffixes common in mail.
     */
    private static final Set<String> SECOND_LEVEL = Set.of(
            "co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "gob", "mil", "nic",
            "ltd", "plc", "sch", "nhs", "police", "gen", "biz", "info", "web", "nom", "firm", "in");
    private static final Set<String> COUNTRY_WITH_SECOND_LEVEL = Set.of(
            "uk", "au", "nz", "jp", "br", "za", "in", "il", "kr", "mx", "ar", "tr", "sg", "my",
            "id", "th", "pk", "ng", "ke", "ua", "cn", "hk", "tw", "vn", "ph", "eg", "sa", "co",
            "pe", "ve", "ec", "uy", "py", "bo", "cy", "mt", "gr", "pl", "ru", "fj", "np", "bd", "lk");

    private Hosts() {
    }

    /** Lower case, no surrounding brackets, no trailing dot, no port. */
    public static String normalise(String host) {
        if (host == null) {
            return "";
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(">")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") && h.indexOf(']') > 0) {
            return h.substring(1, h.indexOf(']'));
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            h = h.substring(0, colon);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** The registrable domain: {@code mail.example.co.uk} gives {@code example.co.uk}. */
    public static String registrable(String host) {
        String h = normalise(host);
        if (h.isEmpty() || isIpLiteral(h)) {
            return h;
        }
        int last = h.lastIndexOf('.');
        if (last < 0) {
            return h;
        }
        int second = h.lastIndexOf('.', last - 1);
        if (second < 0) {
            return h;
        }
        String tld = h.substring(last + 1);
        String sld = h.substring(second + 1, last);
        if (COUNTRY_WITH_SECOND_LEVEL.contains(tld) && SECOND_LEVEL.contains(sld)) {
            int third = h.lastIndexOf('.', second - 1);
            return h.substring(third + 1);
        }
        return h.substring(second + 1);
    }

    /** The leftmost label of the registrable domain: {@code paypal} for {@code www.paypal.co.uk}. */
    public static String brandLabel(String host) {
        String reg = registrable(host);
        int dot = reg.indexOf('.');
        return dot < 0 ? reg : reg.substring(0, dot);
    }

    /** Top-level domain, e.g. {@code xyz}. */
    public static String tld(String host) {
        String h = normalise(host);
        int last = h.lastIndexOf('.');
        return last < 0 ? "" : h.substring(last + 1);
    }

    /** True for dotted IPv4 (also with octal/hex-looking parts), a bare integer, or IPv6. */
    public static boolean isIpLiteral(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            return true;
        }
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(c >= '0' && c <= '9') && !(c == 'x')) {
                return false;
            }
        }
        return dots == 3 || dots == 0;
    }

    /** True for loopback and private (RFC 1918) IPv4 addresses, which no phishing page can use. */
    public static boolean isPrivateIp(String host) {
        return host.startsWith("10.") || host.startsWith("127.") || host.startsWith("192.168.")
                || host.matches("172\\.(1[6-9]|2[0-9]|3[01])\\..*") || host.equals("::1");
    }

    /** True when {@code host} is {@code domain} or one of its subdomains. */
    public static boolean isSameOrSubdomain(String host, String domain) {
        if (domain.isEmpty()) {
            return false;
        }
        return host.equals(domain) || host.endsWith("." + domain);
    }

    /**
     * Parsed pieces of a URL, lenient about everything attackers write.
     *
     * @param scheme      lower-case scheme, empty for scheme-less {@code www.} links
     * @param host        normalised host, empty when none could be found
     * @param hasUserInfo true when the authority has {@code user@} before the host
     * @param rest        everything after the host (path, query, fragment)
     */
    public record Url(String scheme, String host, boolean hasUserInfo, String rest) {
    }

    /** Splits a URL into scheme, host and rest in one pass. Never throws. */
    public static Url parseUrl(String raw) {
        String s = raw == null ? "" : raw.strip();
        int colon = s.indexOf(':');
        String scheme = "";
        int start = 0;
        if (colon > 0 && colon < 12 && isScheme(s, colon)) {
            scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
            start = colon + 1;
            if (!s.startsWith("//", start) && !s.startsWith("\\\\", start)) {
                return new Url(scheme, "", false, s.substring(start));
            }
            start += 2;
        } else if (s.startsWith("//")) {
            start = 2;
        } else if (!s.regionMatches(true, 0, "www.", 0, 4)) {
            return new Url("", "", false, s);
        }
        int end = start;
        while (end < s.length()) {
            char c = s.charAt(end);
            if (c == '/' || c == '?' || c == '#' || c == '\\') {
                break;
            }
            end++;
        }
        String authority = s.substring(start, end);
        int at = authority.lastIndexOf('@');
        boolean userInfo = at >= 0;
        String host = userInfo ? authority.substring(at + 1) : authority;
        return new Url(scheme, normalise(percentDecodeHost(host)), userInfo, s.substring(end));
    }

    private static boolean isScheme(String s, int colon) {
        for (int i = 0; i < colon; i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return Character.isLetter(s.charAt(0));
    }

    private static String percentDecodeHost(String host) {
        if (host.indexOf('%') < 0) {
            return host;
        }
        StringBuilder out = new StringBuilder(host.length());
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '%' && i + 2 < host.length()) {
                int v = Character.digit(host.charAt(i + 1), 16) * 16 + Character.digit(host.charAt(i + 2), 16);
                if (v >= 0) {
                    out.append((char) v);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
