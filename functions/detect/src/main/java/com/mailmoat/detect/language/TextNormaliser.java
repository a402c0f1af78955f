package com.mailmoat.detect.language;

/**
 * Folds text for phrase matching: lower case, every run of non-letters and non-digits becomes
 * one space, padded with a space at each end so phrases match whole words only. Invisible
 * format characters (zero-width spaces, soft hyphens) are dropped so they cannot split a word.
 */
public final class TextNormaliser {

    private TextNormaliser() {
    }

    /** ASCII letters and digits folded to lower case; 0 for everything else (a separator). */
    private static final char[] ASCII_FOLD = new char[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            ASCII_FOLD[c] = c;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII_FOLD[c] = c;
            ASCII_FOLD[c - 32] = c;
        }
    }

    /** The folded form of {@code text}, at most {@code maxChars} input characters considered. */
    public static String normalise(CharSequence text, int maxChars) {
        return normalise(text, maxChars, null);
    }

    /**
     * As {@link #normalise(CharSequence, int)}; when {@code sawNonAscii} is given, its first element
     * is set to whether any character beyond ASCII was read (saves callers another pass).
     */
    public static String normalise(CharSequence text, int maxChars, boolean[] sawNonAscii) {
        int n = Math.min(text.length(), maxChars);
        boolean nonAscii = false;
        // a char array rather than a StringBuilder: this runs over every message's whole text
        char[] out = new char[n + 2];
        int o = 0;
        out[o++] = ' ';
        boolean space = true;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 128) {
                char folded = ASCII_FOLD[c];
                if (folded != 0) {
                    out[o++] = folded;
                    space = false;
                } else if (!space) {
                    out[o++] = ' ';
                    space = true;
                }
            } else {
                nonAscii = true;
                if (isInvisible(c)) {
                    // dropped, with the low half of a plane-14 (tag or variation selector) pair
                    if (c == PLANE_14_HIGH_SURROGATE) {
                        i++;
                    }
                } else if (Character.isLetterOrDigit(c)) {
                    out[o++] = Character.toLowerCase(c);
                    space = false;
                } else if (!space) {
                    out[o++] = ' ';
                    space = true;
                }
            }
        }
        if (!space) {
            out[o++] = ' ';
        }
        if (sawNonAscii != null) {
            sawNonAscii[0] = nonAscii;
        }
        return new String(out, 0, o);
    }

    /**
     * High surrogate of plane 14: tag characters (U+E0000..) and variation selectors
     * (U+E0100..), all invisible, which filter-evading mail sprinkles between letters.
     */
    public static final char PLANE_14_HIGH_SURROGATE = '\uDB40';

    /**
     * Zero-width and other format characters used to break words up for filters. For
     * {@link #PLANE_14_HIGH_SURROGATE} the following low surrogate belongs to the same invisible
     * character and must be skipped too.
     */
    public static boolean isInvisible(char c) {
        return c == '\u00ad' || c == '\u200b' || c == '\u200c' || c == '\u200d' || c == '\u2060'
                || c == '\ufeff' || c == '\u034f' || c == '\u180e' || (c >= '\ufe00' && c <= '\ufe0f')
                || c == PLANE_14_HIGH_SURROGATE;
    }
}
