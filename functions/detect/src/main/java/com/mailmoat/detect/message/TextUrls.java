package com.mailmoat.detect.message;

import java.util.List;

/** Finds URLs written out in plain text with one linear scan (no regular expressions). */
public final class TextUrls {

    private TextUrls() {
    }

    /**
     * Adds every {@code http://}, {@code https://} and {@code www.} URL in {@code text} to {@code out}.
     * Candidates are found with {@link String#indexOf(String, int)} (vectorised in the JDK): text is
     * mostly not URLs, and looking at every character was a twentieth of the engine's time.
     */
    public static void extract(CharSequence text, List<Link> out, int maxLinks, Link.Source source) {
        String s = text.toString();
        int n = s.length();
        int i = 0;
        int scheme = s.indexOf("://", i);
        int lowerWww = s.indexOf("www.", i);
        int upperWww = s.indexOf("WWW.", i);
        while (i < n && out.size() < maxLinks) {
            if (scheme >= 0 && scheme < i) {
                scheme = s.indexOf("://", i);
            }
            if (lowerWww >= 0 && lowerWww < i) {
                lowerWww = s.indexOf("www.", i);
            }
            if (upperWww >= 0 && upperWww < i) {
                upperWww = s.indexOf("WWW.", i);
            }
            int start = -1;
            int schemeStart = scheme < 0 ? -1 : httpStart(s, scheme);
            int www = lowerWww < 0 ? upperWww : upperWww < 0 ? lowerWww : Math.min(lowerWww, upperWww);
            if (www >= 0 && www > 0 && Character.isLetterOrDigit(s.charAt(www - 1))) {
                www = -1; // "awww." is not a link; look again after it
            }
            if (schemeStart >= 0 && (www < 0 || schemeStart <= www)) {
                start = schemeStart;
            } else if (www >= 0) {
                start = www;
            }
            if (start < 0) {
                int next = Math.min(scheme < 0 ? n : scheme + 3, Math.min(lowerWww < 0 ? n : lowerWww + 4, upperWww < 0 ? n : upperWww + 4));
                if (next >= n) {
                    break;
                }
                i = next;
                continue;
            }
            int end = start;
            while (end < n && end - start < 2000 && !terminates(s.charAt(end))) {
                end++;
            }
            while (end > start && ".,;:!?)]}'".indexOf(s.charAt(end - 1)) >= 0) {
                end--;
            }
            if (end - start > 7) {
                out.add(new Link(s.substring(start, end), "", source));
            }
            i = Math.max(end, start + 1);
        }
    }

    /** Start of {@code http} or {@code https} (any case) ending just before {@code ://} at {@code colon}, or -1. */
    private static int httpStart(String s, int colon) {
        for (String p : new String[] {"https", "http"}) {
            int st = colon - p.length();
            if (st >= 0 && s.regionMatches(true, st, p, 0, p.length()) && (st == 0 || !Character.isLetterOrDigit(s.charAt(st - 1)))) {
                return st;
            }
        }
        return -1;
    }

    private static boolean terminates(char c) {
        return Character.isWhitespace(c) || c == '<' || c == '>' || c == '"' || c == '\'' || c == '`'
                || c == '\u00a0' || c == '|' || c == '^' || c == '{' || c == '}';
    }

}
