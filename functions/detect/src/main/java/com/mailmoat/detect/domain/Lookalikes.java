package com.mailmoat.detect.domain;

import com.ibm.icu.text.IDNA;
import com.ibm.icu.text.SpoofChecker;
import java.util.Locale;

/**
 * Lookalike detection for domain labels: bounded edit distance, UTS #39 confusable skeletons
 * (ICU), and punycode (IDNA) decoding. Thread-safe.
 */
public final class Lookalikes {

    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();
    private static final IDNA IDNA_UTS46 = IDNA.getUTS46Instance(IDNA.DEFAULT);

    private Lookalikes() {
    }

    /** Unicode form of a host: {@code xn--pypal-4ve.com} becomes {@code pаypal.com}. */
    public static String toUnicode(String host) {
        if (!host.contains("xn--")) {
            return host;
        }
        try {
            StringBuilder out = new StringBuilder();
            IDNA.Info info = new IDNA.Info();
            IDNA_UTS46.nameToUnicode(host, out, info);
            return out.toString();
        } catch (RuntimeException e) {
            return host;
        }
    }

    /**
     * Confusable skeleton in lower case, with digit and letter-pair substitutions attackers use
     * (0 for o, 1 for l, rn for m, vv for w) folded as well.
     */
    public static String skeleton(String label) {
        String s;
        if (isAscii(label)) {
            s = label;
        } else {
            try {
                s = SPOOF.getSkeleton(label);
            } catch (RuntimeException e) {
                s = label;
            }
        }
        s = s.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '0' -> out.append('o');
                case '1', 'i', '|' -> out.append('l');
                case '3' -> out.append('e');
                case '5' -> out.append('s');
                case '@' -> out.append('a');
                case '-', '_' -> {
                    // separators do not change what a reader sees as the name
                }
                default -> out.append(c);
            }
        }
        return out.toString().replace("rn", "m").replace("vv", "w");
    }

    /**
     * Folds confusable characters of display text to what a reader takes them for (Cyrillic
     * {@code а} to {@code a}), keeping ASCII text as it is. Used before matching names.
     */
    public static String foldText(String text) {
        if (isAscii(text)) {
            return text;
        }
        try {
            return SPOOF.getSkeleton(text).replace("rn", "m");
        } catch (RuntimeException e) {
            return text;
        }
    }

    /**
     * Display text with the ASCII letter swaps of lookalike names undone: a capital {@code I}
     * standing for an {@code l} inside or at the start of a lower-case word ("PayPaI", "WaIIet",
     * "Iedger"), a {@code 0} for an {@code o} and a {@code 1} for an {@code l} between letters
     * ("Micr0soft", "App1e"). Text without such swaps comes back unchanged (the same instance).
     */
    public static String unmaskAscii(String text) {
        StringBuilder out = null;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            char prev = i > 0 ? (out != null ? out.charAt(i - 1) : text.charAt(i - 1)) : ' ';
            char next = i + 1 < n ? text.charAt(i + 1) : ' ';
            char repl = c;
            if (c == 'I' && (Character.isLowerCase(prev) || (Character.isLowerCase(next) && !Character.isLetter(prev)
                    && i + 2 < n && Character.isLowerCase(text.charAt(i + 2)) && next != 'n' && next != 's' && next != 't'))) {
                repl = 'l';
            } else if (c == 'I' && next == 'I' && Character.isLowerCase(prev)) {
                repl = 'l';
            } else if ((c == '0' || c == '1') && Character.isLetter(prev) && Character.isLetter(next)) {
                repl = c == '0' ? 'o' : 'l';
            }
            if (repl != c && out == null) {
                out = new StringBuilder(text.substring(0, i));
            }
            if (out != null) {
                out.append(repl);
            }
        }
        return out == null ? text : out.toString();
    }

    /** True when every character is ASCII. */
    public static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code candidate} looks like {@code target} without being it: same skeleton, or
     * within edit distance 1 (targets of 6+ letters) or 2 (targets of 9+ letters).
     */
    public static boolean looksLike(String candidate, String target) {
        return looksLike(candidate, skeleton(candidate), target, skeleton(target));
    }

    /** As {@link #looksLike(String, String)} with both skeletons already computed. */
    public static boolean looksLike(String candidate, String cs, String target, String ts) {
        if (candidate.equals(target) || target.length() < 4) {
            return false;
        }
        if (cs.equals(ts)) {
            return true;
        }
        int allowed = target.length() >= 9 ? 2 : target.length() >= 6 ? 1 : 0;
        if (allowed == 0 || Math.abs(candidate.length() - target.length()) > allowed) {
            return false;
        }
        return distance(cs, ts, allowed) <= allowed;
    }

    /**
     * How the domain label {@code candidate} ("adatum-consulting-support", "adaturn-consulting")
     * imitates {@code target} (a domain label, or a name with its words run together:
     * "adatumconsulting") without being it, or null when it does not: a lookalike spelling (same
     * confusable skeleton, or within {@link #looksLike} edit distance), or the target, or a lookalike
     * spelling of it, with a word of {@code additions} ("support", "secure", "portal") joined by a
     * hyphen before or after it. Hyphens do not count as a difference.
     *
     * @param editDistance whether a near spelling (edit distance) counts, or only lookalike
     *                     characters and added words (when the target is a single common word)
     */
    public static String imitation(String candidate, String target, java.util.Set<String> additions, boolean editDistance) {
        return imitation(new Candidate(candidate, additions), target, editDistance);
    }

    /** As {@link #imitation(String, String, java.util.Set, boolean)} for a candidate prepared once. */
    public static String imitation(Candidate candidate, String target, boolean editDistance) {
        String t = target.indexOf('-') >= 0 ? target.replace("-", "") : target;
        if (t.length() < 5 || candidate.plain.equals(t)) {
            return null;
        }
        boolean nearPlain = Math.abs(candidate.plain.length() - t.length()) <= 2;
        boolean nearCore = candidate.core != null && Math.abs(candidate.core.length() - t.length()) <= 2;
        if (!nearPlain && !nearCore && (candidate.core == null || !candidate.core.equals(t))) {
            return null;
        }
        String ts = skeleton(t);
        if (nearPlain && matches(candidate.plain, candidate.plainSkeleton, t, ts, editDistance)) {
            return "a lookalike spelling of it";
        }
        if (candidate.core == null) {
            return null;
        }
        if (candidate.core.equals(t)) {
            return "its name with \"" + candidate.added + "\" added";
        }
        if (nearCore && matches(candidate.core, candidate.coreSkeleton, t, ts, editDistance)) {
            return "a lookalike spelling of it with \"" + candidate.added + "\" added";
        }
        return null;
    }

    /**
     * A domain label prepared for {@link #imitation(Candidate, String, boolean)}: without hyphens,
     * its skeleton, and the same without the added words at either end (null when none).
     */
    public static final class Candidate {
        final String plain;
        final String plainSkeleton;
        final String core;
        final String coreSkeleton;
        final String added;

        public Candidate(String label, java.util.Set<String> additions) {
            this.plain = label.replace("-", "");
            this.plainSkeleton = skeleton(plain);
            String[] parts = label.split("-");
            int from = 0;
            int to = parts.length;
            StringBuilder add = new StringBuilder();
            while (to - from > 1 && additions.contains(parts[to - 1])) {
                add.insert(0, "-" + parts[--to]);
            }
            while (to - from > 1 && additions.contains(parts[from])) {
                add.append(add.length() > 0 ? " and " : "").append(parts[from++]).append('-');
            }
            this.core = add.length() == 0 ? null : String.join("", java.util.Arrays.asList(parts).subList(from, to));
            this.coreSkeleton = core == null ? null : skeleton(core);
            this.added = add.toString();
        }

        /** The label's length without hyphens. */
        public int length() {
            return plain.length();
        }

        /** The length without hyphens and added words (the length when there are none). */
        public int coreLength() {
            return core == null ? plain.length() : core.length();
        }
    }

    private static boolean matches(String c, String cs, String t, String ts, boolean editDistance) {
        if (cs.equals(ts)) {
            return true;
        }
        // lookalikes keep the first letter, which a reader sees first
        return editDistance && c.charAt(0) == t.charAt(0) && looksLike(c, cs, t, ts);
    }

    /** Damerau-Levenshtein (optimal string alignment) distance, stopping early past {@code max}. */
    static int distance(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > max) {
            return max + 1;
        }
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[m];
    }
}
