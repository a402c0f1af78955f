package com.mailmoat.detect.message;

import java.util.List;

/** Finds URLs written out in plain text with one linear scan (no regular expressions). */
public final class TextUrls {

    private TextUrls() {
    }

    /** Adds every {@code http://}, {@code https://} and {@code www.} URL in {@code text} to {@code out}. */
    public static void extract(CharSequence text, List<Link> out, int maxLinks, Link.Source source) {
        int n = text.length();
        int i = 0;
        while (i < n && out.size() < maxLinks) {
            char c = text.charAt(i);
            if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                int start = -1;
                if (startsWithIgnoreCase(text, i, "https://") || startsWithIgnoreCase(text, i, "http://")
                        || startsWithIgnoreCase(text, i, "www.")) {
                    start = i;
                }
                if (start >= 0) {
                    int end = start;
                    while (end < n && end - start < 2000 && !terminates(text.charAt(end))) {
                        end++;
                    }
                    while (end > start && ".,;:!?)]}'".indexOf(text.charAt(end - 1)) >= 0) {
                        end--;
                    }
                    if (end - start > 7) {
                        out.add(new Link(text.subSequence(start, end).toString(), "", source));
                    }
                    i = Math.max(end, i + 1);
                    continue;
                }
            }
            i++;
        }
    }

    private static boolean terminates(char c) {
        return Character.isWhitespace(c) || c == '<' || c == '>' || c == '"' || c == '\'' || c == '`'
                || c == '\u00a0' || c == '|' || c == '^' || c == '{' || c == '}';
    }

    private static boolean startsWithIgnoreCase(CharSequence s, int at, String prefix) {
        if (at + prefix.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (Character.toLowerCase(s.charAt(at + k)) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
