package com.mailmoat.detect.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the mailboxes of an address header (From, To, Reply-To...) with one linear scan, as
 * leniently as mail clients: {@code "Name" <a@b>}, {@code Name <a@b>}, {@code a@b (Name)},
 * bare {@code a@b}, groups ({@code team: a@b, c@d;}, {@code undisclosed-recipients:;}),
 * unbalanced quotes and brackets. Display names have their quotes removed and encoded words
 * decoded. Never throws.
 */
final class AddressParser {

    private AddressParser() {
    }

    /** The mailboxes in {@code value} (an unfolded header value), at most {@code max}. */
    static List<Address> parse(String value, int max) {
        List<Address> out = new ArrayList<>(1);
        int n = value.length();
        int start = 0;
        boolean quoted = false;
        int comment = 0;
        boolean angle = false;
        for (int i = 0; i <= n && out.size() < max; i++) {
            char c = i < n ? value.charAt(i) : ',';
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                if (i < n) {
                    continue;
                }
            }
            if (comment > 0) {
                if (c == '\\') {
                    i++;
                } else if (c == '(') {
                    comment++;
                } else if (c == ')') {
                    comment--;
                }
                if (i < n) {
                    continue;
                }
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(' -> comment = 1;
                case '<' -> angle = true;
                case '>' -> angle = false;
                case ':' -> {
                    if (!angle) {
                        start = i + 1; // a group's name is not a mailbox
                    }
                }
                case ',', ';' -> {
                    if (!angle || i >= n) {
                        entry(value, start, Math.min(i, n), out);
                        start = i + 1;
                        angle = false;
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }

    /** One mailbox from {@code value[from, to)}, added to {@code out} unless empty. */
    private static void entry(String value, int from, int to, List<Address> out) {
        int lt = topLevel(value, from, to, '<');
        if (lt >= 0) {
            int gt = value.indexOf('>', lt + 1);
            String addr = value.substring(lt + 1, gt < 0 || gt > to ? to : gt).strip();
            String personal = personal(value.substring(from, lt).strip());
            out.add(Address.of(personal, addr));
            return;
        }
        StringBuilder addr = new StringBuilder(to - from);
        String personal = "";
        int depth = 0;
        int commentStart = -1;
        boolean quoted = false;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (depth == 0 && c == '"') {
                quoted = !quoted;
                addr.append(c);
            } else if (!quoted && c == '(') {
                if (depth++ == 0) {
                    commentStart = i + 1;
                }
            } else if (!quoted && c == ')' && depth > 0) {
                if (--depth == 0 && personal.isEmpty()) {
                    personal = value.substring(commentStart, i).strip();
                }
            } else if (depth == 0) {
                addr.append(c);
            }
        }
        String a = addr.toString().strip();
        if (a.isEmpty()) {
            return; // a comment alone ("Name,(<a@b>)" splits into one) is no mailbox
        }
        out.add(Address.of(MimeText.decodeWords(personal), a));
    }

    /** Index of {@code target} outside quotes and comments in {@code value[from, to)}, or -1. */
    private static int topLevel(String value, int from, int to, char target) {
        boolean quoted = false;
        int depth = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (quoted) {
                quoted = c != '"';
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == target && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A display name without its surrounding quotes and escapes, encoded words decoded. */
    private static String personal(String raw) {
        String p = raw;
        if (p.length() >= 2 && p.charAt(0) == '"' && p.charAt(p.length() - 1) == '"') {
            p = p.substring(1, p.length() - 1);
            if (p.indexOf('\\') >= 0) {
                StringBuilder sb = new StringBuilder(p.length());
                for (int i = 0; i < p.length(); i++) {
                    char c = p.charAt(i);
                    if (c == '\\' && i + 1 < p.length()) {
                        c = p.charAt(++i);
                    }
                    sb.append(c);
                }
                p = sb.toString();
            }
        }
        return MimeText.decodeWords(p);
    }
}
