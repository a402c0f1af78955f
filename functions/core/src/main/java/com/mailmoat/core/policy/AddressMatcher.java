package com.mailmoat.core.policy;

import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One target entry: an address ({@code a@b.com}), a domain ({@code b.com}, also matching its
 * subdomains) or a group (by directory id, matching its members).
 */
public record AddressMatcher(Kind kind, String value) {
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern ADDRESS = Pattern.compile("[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@" + DOMAIN.pattern());

    public enum Kind { ADDRESS, DOMAIN, GROUP }

    public AddressMatcher {
        if (kind == null || value == null || value.isBlank()) {
            throw new InvalidInputException(List.of(new FieldError("target", "every entry needs a kind and a value")));
        }
        value = kind == Kind.GROUP ? value.strip() : value.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * An address or a domain, told apart by the {@code @}; refused when it is neither. The wildcard
     * spellings of "this domain" — {@code *@evil.example}, {@code @evil.example} and
     * {@code *.evil.example} (Microsoft's syntax for a domain with its subdomains) — are read as the
     * domain entry {@code evil.example}, which covers every address at it and at its subdomains
     * ({@link #wildcardNote} says so to the administrator). Any other {@code *} is refused: read as a
     * local part, {@code *@evil.example} would be an address nobody has, listed but matching nothing.
     */
    public static AddressMatcher parse(String text, String field) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        String domain = wildcardDomain(value);
        if (domain != null) {
            value = domain;
        }
        if (value.indexOf('*') >= 0) {
            throw new InvalidInputException(List.of(new FieldError(field, "'" + shorten(text) + "' holds a wildcard (*), "
                    + "which is not supported: enter a full address, or a domain such as example.com, which covers every "
                    + "address at it and at its subdomains")));
        }
        if (ADDRESS.matcher(value).matches()) {
            return new AddressMatcher(Kind.ADDRESS, value);
        }
        if (DOMAIN.matcher(value).matches()) {
            return new AddressMatcher(Kind.DOMAIN, value);
        }
        throw new InvalidInputException(List.of(new FieldError(field, "'" + shorten(text) + "' is neither an address nor a domain")));
    }

    /**
     * What the administrator should be told when {@code text} was a wildcard spelling of a domain
     * ({@code *@d}, {@code @d}, {@code *.d}) read as the domain entry; null when it was not.
     */
    public static String wildcardNote(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        String domain = wildcardDomain(value);
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            return null;
        }
        return "'" + shorten(text.strip()) + "' was entered as the domain " + domain + ", which covers every address at "
                + domain + " and at its subdomains";
    }

    private static String wildcardDomain(String value) {
        for (String prefix : List.of("*@", "@", "*.")) {
            if (value.startsWith(prefix) && value.length() > prefix.length()) {
                return value.substring(prefix.length());
            }
        }
        return null;
    }

    public static AddressMatcher group(String groupId) {
        return new AddressMatcher(Kind.GROUP, groupId);
    }

    /** Whether {@code address} (whose groups are {@code groups}) matches. */
    public boolean matches(String address, Set<String> groups) {
        if (address == null) {
            return false;
        }
        String lower = address.toLowerCase(Locale.ROOT);
        return switch (kind) {
            case ADDRESS -> lower.equals(value);
            case DOMAIN -> {
                String domain = lower.substring(lower.lastIndexOf('@') + 1);
                yield domain.equals(value) || domain.endsWith("." + value);
            }
            case GROUP -> groups.contains(value);
        };
    }

    static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
