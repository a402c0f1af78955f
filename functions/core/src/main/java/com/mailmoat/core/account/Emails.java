package com.mailmoat.core.account;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Email address rules for console logins. */
public final class Emails {
    // Deliberately simple: one @, a dot in the domain, no spaces. Real validation is the email we send.
    private static final Pattern SHAPE = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");
    private static final int MAX_LENGTH = 254;

    private Emails() {
    }

    /** The lower-cased, trimmed address, or empty when it is not a plausible address. */
    public static Optional<String> normalise(String email) {
        if (email == null) {
            return Optional.empty();
        }
        String trimmed = email.trim().toLowerCase(Locale.ROOT);
        if (trimmed.length() > MAX_LENGTH || !SHAPE.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        return Optional.of(trimmed);
    }

    /** The part before the @. */
    public static String localPart(String email) {
        int at = email.indexOf('@');
        return at < 0 ? email : email.substring(0, at);
    }
}
