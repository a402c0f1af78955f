package com.mailmoat.core.account;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rules for the company name typed at sign-up. It is shown in the console and in Mailmoat's
 * emails, and whoever signs up chooses it for an address they may not own, so it must never be
 * able to carry layout (line breaks, bidirectional overrides, invisible characters), markup or a
 * link into an email: letters, digits, spaces and ordinary punctuation, and nothing a mail client
 * would turn into a link ({@code https://…}, {@code www.…}, {@code evil.example}, an address).
 */
public final class CompanyNames {
    public static final int MAX_LENGTH = 100;
    /** Characters that have no business in a company name and help build markup or links. */
    private static final String FORBIDDEN = "<>@\\`{}[]|^~=";
    /** A dot as written in other scripts: mail clients linkify {@code evil。example} too. */
    private static final String DOTS = ".\u3002\uFF0E\uFF61";
    private static final Pattern LINK_LIKE = Pattern.compile(
            "(?iu)(?:\\p{L}[\\p{L}\\p{N}+.-]*:/|www[" + DOTS + "]"
                    + "|[\\p{L}\\p{N}-]+[" + DOTS + "][\\p{L}]{2,}\\b"
                    + "|\\d{1,3}[" + DOTS + "]\\d{1,3}[" + DOTS + "]\\d{1,3}[" + DOTS + "]\\d{1,3})");

    private CompanyNames() {
    }

    /** Why {@code name} cannot be used, in words for the person signing up; empty when it can. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("Enter your company name.");
        }
        String normalised = normalise(name);
        if (normalised.codePointCount(0, normalised.length()) > MAX_LENGTH) {
            return Optional.of("Use at most " + MAX_LENGTH + " characters.");
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (!allowed(c)) {
                return Optional.of("Use letters, digits, spaces and ordinary punctuation only.");
            }
        }
        if (LINK_LIKE.matcher(normalised).find()) {
            return Optional.of("Leave out web addresses: enter the company's name only.");
        }
        return Optional.empty();
    }

    /** The name as stored: trimmed, runs of spaces collapsed. Call after {@link #problem} found none. */
    public static String normalise(String name) {
        return name.strip().replaceAll(" {2,}", " ");
    }

    private static boolean allowed(int c) {
        if (c == ' ') {
            return true;
        }
        if (c < 0x80 && FORBIDDEN.indexOf(c) >= 0) {
            return false;
        }
        return switch (Character.getType(c)) {
            // Controls (CR, LF, NUL...), format characters (bidi overrides, zero-width joiners),
            // private use, unassigned code points, lone surrogates, and line/paragraph separators.
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
