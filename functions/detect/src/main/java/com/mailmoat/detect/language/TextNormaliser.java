package com.mailmoat.detect.language;

/**
 * Folds text for phrase matching: lower case, every run of non-letters and non-digits becomes
 * one space, padded with a space at each end so phrases match whole words only. Invisible
 * format characters (zero-width spaces, soft hyphens) are dropped so they cannot split a word.
 */
public final class TextNormaliser {

    private TextNormaliser() {
    }

    /**
     * Every character folded: letters and digits to lower case, everything else to a space (a
     * separator), invisible format characters to 0 (dropped). One lookup per character instead
     * of the Character methods, whose branches cost more than the rest of the folding.
     */
    private static final char[] FOLD = new char[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            char ch = (char) c;
            if (c >= 128 && isInvisible(ch)) {
                FOLD[c] = 0;
            } else if (c < 128 ? (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : Character.isLetterOrDigit(ch)) {
                FOLD[c] = Character.toLowerCase(ch);
            } else {
                FOLD[c] = ' ';
            }
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
        char[] out = buffer(n + 2);
        int o = 0;
        out[o++] = ' ';
        int space = 1; // 1 after a separator, else 0: arithmetic instead of branches that mispredict at every word's end
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            char folded = FOLD[c];
            if (c >= 128) {
                seen |= NON_ASCII;
                if (c >= 0x0370 && isOtherScript(c)) {
                    seen |= OTHER_SCRIPT;
                }
                if (folded == 0) {
                    seen |= INVISIBLE;
                    // dropped, with the low half of a plane-14 (tag or variation selector) pair
                    if (c == PLANE_14_HIGH_SURROGATE) {
                        i++;
                    }
                    continue;
                }
            }
            int separator = (folded - (' ' + 1)) >>> 31; // 1 for ' ', the only fold below '0'
            out[o] = folded;
            o += 1 - (separator & space); // a separator after a separator is not kept
            space = separator;
        }
        if (space == 0) {
            out[o++] = ' ';
        }
        if (flags != null) {
            flags[0] = seen;
        }
        return new String(out, 0, o);
    }

    /** Largest output buffer kept for reuse: the folded body ({@code ParsedMessage.MAX_FOLDED_BODY}) and its padding. */
    private static final int MAX_REUSED_BUFFER = 30_002;
    /**
     * Each thread's output buffer, reused from call to call: a new one for every message's body
     * was the engine's largest allocation (up to 60 KB, for a string often a fraction of that).
     * It holds no result between calls; the returned string is a copy.
     */
    private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[1024]);

    private static char[] buffer(int size) {
        if (size > MAX_REUSED_BUFFER) {
            return new char[size];
        }
        char[] buffer = BUFFER.get();
        if (buffer.length < size) {
            buffer = new char[size];
            BUFFER.set(buffer);
        }
        return buffer;
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
