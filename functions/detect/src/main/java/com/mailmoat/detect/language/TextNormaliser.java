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

    /** Flag of {@link #normalise(CharSequence, int, int[])}: a character beyond ASCII was read. */
    public static final int NON_ASCII = 1;
    /** Flag: a Greek, Cyrillic, Armenian or Cherokee letter was read (mixed-script words are possible). */
    public static final int OTHER_SCRIPT = 2;
    /** Flag: an invisible format character was read (words may be split by them). */
    public static final int INVISIBLE = 4;

    /**
     * As {@link #normalise(CharSequence, int)}; when {@code flags} is given, its first element is
     * set to what was seen ({@link #NON_ASCII}, {@link #OTHER_SCRIPT}, {@link #INVISIBLE}), so that
     * checks which need such characters can skip their own pass over text that has none.
     */
    public static String normalise(CharSequence text, int maxChars, int[] flags) {
        int n = Math.min(text.length(), maxChars);
        int seen = 0;
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
                seen |= NON_ASCII;
                if (c >= 0x0370 && isOtherScript(c)) {
                    seen |= OTHER_SCRIPT;
                }
                if (isInvisible(c)) {
                    seen |= INVISIBLE;
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
        if (flags != null) {
            flags[0] = seen;
        }
        return new String(out, 0, o);
    }

    /** Letters of the scripts that pass for Latin (Greek, Cyrillic, Armenian, Cherokee), by block. */
    public static boolean isOtherScript(char c) {
        return (c >= 0x0370 && c <= 0x058f) || (c >= 0x1f00 && c <= 0x1fff) || (c >= 0x1c80 && c <= 0x1c8f)
                || (c >= 0x2de0 && c <= 0x2dff) || (c >= 0xa640 && c <= 0xa69f) || (c >= 0x13a0 && c <= 0x13ff)
                || (c >= 0xab70 && c <= 0xabbf) || (c >= 0xfb13 && c <= 0xfb17);
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
