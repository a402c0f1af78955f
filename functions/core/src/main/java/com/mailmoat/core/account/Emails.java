package com.mailmoat.core.account;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Email address rules for console logins: an RFC 5321 mailbox in its plain form,
 * {@code dot-string@domain}, ASCII only. Quoted local parts, address literals, comments, display
 * names and lists are refused: nothing that SES (or a mail client) could read as something other
 * than exactly one mailbox, and nothing that could spell one address two ways.
 */
public final class Emails {
    /** RFC 5321 path limit (256) minus the angle brackets. */
    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 253;
    /** RFC 5322 atext: letters, digits and {@code !#$%&'*+/=?^_`{|}~-}; no specials, no spaces. */
    private static final String ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern LOCAL_PART = Pattern.compile(ATOM + "(?:\\." + ATOM + ")*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    /** A top-level domain: two or more characters, starting with a letter (so {@code 10.0.0.1} is no domain). */
    private static final Pattern TOP_LEVEL = Pattern.compile("[a-z][a-z0-9-]*[a-z0-9]");

    private Emails() {
    }

    /**
     * The lower-cased address without surrounding spaces, or empty when it is not one plain
     * mailbox: over 254 characters, a control or non-ASCII character anywhere, a quoted or
     * commented local part, specials such as {@code <>,;:"[]()\}, an IP literal, or a domain
     * without a dot.
     */
    public static Optional<String> normalise(String email) {
        if (email == null || email.length() > MAX_LENGTH + 64) {
            return Optional.empty();
        }
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return Optional.empty();
            }
        }
        String address = email.strip().toLowerCase(Locale.ROOT);
        if (address.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int at = address.indexOf('@');
        if (at <= 0 || at != address.lastIndexOf('@') || at > MAX_LOCAL_PART) {
            return Optional.empty();
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (!LOCAL_PART.matcher(local).matches() || !isDomain(domain)) {
            return Optional.empty();
        }
        return Optional.of(address);
    }

    /** Whether {@code domain} (lower case) is a host name of at least two labels with an alphabetic TLD. */
    private static boolean isDomain(String domain) {
        if (domain.isEmpty() || domain.length() > MAX_DOMAIN) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return TOP_LEVEL.matcher(labels[labels.length - 1]).matches();
    }

    /**
     * The lower-cased domain of an address as mail headers carry it (any local part), or empty when
     * what follows the last @ is not a host name of two or more labels.
     */
    public static Optional<String> domainOf(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        String domain = address.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        return isDomain(domain) ? Optional.of(domain) : Optional.empty();
    }

    /** The part before the @. */
    public static String localPart(String email) {
        int at = email.indexOf('@');
        return at < 0 ? email : email.substring(0, at);
    }
}
