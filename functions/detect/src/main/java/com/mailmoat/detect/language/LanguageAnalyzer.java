package com.mailmoat.detect.language;

import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.message.ParsedMessage;
import com.mailmoat.detect.rules.Analyzer;
import com.mailmoat.detect.rules.Findings;
import com.mailmoat.detect.rules.Rule;
import com.mailmoat.detect.rules.RuleBook;
import java.lang.Character.UnicodeScript; // named in the Javadoc of script()
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Language of the lure. Every rule of the rules file with {@code analyzer: language} and a
 * {@code phrases:} list fires when at least {@code min:} distinct phrases of that list occur in
 * its {@code field:} (sender for the From display name, subject for subject and display name, body,
 * or all), and, for rules with {@code max_words:}, only in messages whose body is that short; so
 * new lures and languages are added in the rules
 * file alone. Built in: words mixing Latin with Cyrillic or Greek letters, and words split by
 * invisible characters, both ways of hiding words from filters.
 */
public final class LanguageAnalyzer implements Analyzer {

    private static final int MAX_TEXT = 30_000;

    /** A phrase rule: its phrases are indices [from, to) of the shared matcher. */
    private record PhraseRule(String id, int from, int to, int min, String field, int maxWords) {
    }

    private final List<PhraseRule> phraseRules = new ArrayList<>();
    /** One automaton for the phrases of all rules, so the text is scanned once. */
    private final PhraseMatcher matcher;

    public LanguageAnalyzer(RuleBook rules) {
        List<String> all = new ArrayList<>();
        for (Rule r : rules.rules()) {
            String list = r.attributes().get("phrases");
            if (!r.analyzer().equals("language") || list == null) {
                continue;
            }
            // a phrase listed twice must not count as two distinct phrases towards min:
            List<String> entries = List.copyOf(new java.util.LinkedHashSet<>(rules.list(list).entries()));
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("rule " + r.id() + " names the missing or empty list " + list);
            }
            phraseRules.add(new PhraseRule(r.id(), all.size(), all.size() + entries.size(),
                    Integer.parseInt(r.attribute("min", "1")), r.attribute("field", "all"),
                    Integer.parseInt(r.attribute("max_words", String.valueOf(Integer.MAX_VALUE)))));
            all.addAll(entries);
        }
        this.matcher = new PhraseMatcher(all);
    }

    @Override
    public String name() {
        return "language";
    }

    @Override
    public void analyze(ParsedMessage m, TenantContext context, Findings f) {
        // lures are written into the sender's name as often as into the subject ("Bitcoin Payout Ready")
        String senderName = m.foldedSender();
        String subject = m.foldedSubject() + senderName;
        String body = m.foldedBody();
        BitSet inSender = matcher.find(senderName);
        BitSet inSubject = matcher.find(subject);
        BitSet inBody = matcher.find(body);
        BitSet inAll = (BitSet) inBody.clone();
        inAll.or(inSubject);
        int bodyWords = -1;
        for (PhraseRule rule : phraseRules) {
            if (rule.maxWords() != Integer.MAX_VALUE) {
                if (bodyWords < 0) {
                    bodyWords = words(body);
                }
                if (bodyWords > rule.maxWords()) {
                    continue; // a rule for short messages only
                }
            }
            BitSet source = switch (rule.field()) {
                case "subject" -> inSubject;
                case "sender" -> inSender;
                case "body" -> inBody;
                default -> inAll;
            };
            // count in place: BitSet.get(from, to) would allocate a set per rule per message
            int hits = 0;
            for (int i = source.nextSetBit(rule.from()); i >= 0 && i < rule.to(); i = source.nextSetBit(i + 1)) {
                hits++;
            }
            if (hits >= rule.min()) {
                StringBuilder ev = new StringBuilder();
                for (int i = source.nextSetBit(rule.from()); i >= 0 && i < rule.to() && ev.length() < 200; i = source.nextSetBit(i + 1)) {
                    if (ev.length() > 0) {
                        ev.append(", ");
                    }
                    ev.append('"').append(matcher.phrase(i)).append('"');
                }
                f.fire(rule.id(), ev.toString());
            }
        }
        if (m.asciiOnly()) {
            return; // mixed scripts and invisible characters need characters beyond ASCII
        }
        String mixed = mixedScriptWord(m.from().displayName());
        if (mixed == null) {
            mixed = mixedScriptWord(m.subject());
        }
        int traits = m.bodyTraits();
        if (mixed == null && (traits & TextNormaliser.OTHER_SCRIPT) != 0) {
            mixed = mixedScriptWord(m.text().length() > MAX_TEXT ? m.text().substring(0, MAX_TEXT) : m.text());
        }
        if (mixed != null) {
            f.fire("LANG_MIXED_SCRIPT_WORD", mixed);
        }
        int split = invisibleSplits(m.subject()) + ((traits & TextNormaliser.INVISIBLE) != 0 ? invisibleSplits(m.text()) : 0);
        if (split >= 5) {
            f.fire("LANG_INVISIBLE_SPLIT_WORDS", split + " words split by invisible characters");
        }
    }

    /** Words of folded text (single spaces between words). */
    static int words(String folded) {
        // folded text is " w1 w2 ... wn ": one space after each word
        // counted char by char: words are short, and an indexOf call per word cost more than the count
        int n = 0;
        for (int i = 1; i < folded.length(); i++) {
            n += folded.charAt(i) == ' ' ? 1 : 0;
        }
        return n;
    }

    /** The first word mixing Latin letters with Cyrillic or Greek ones ("Pаypal" with a Cyrillic а), or null. */
    static String mixedScriptWord(String text) {
        int n = text.length();
        int start = 0;
        boolean latin = false;
        boolean other = false;
        boolean nonAscii = false;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            if (c < 128) {
                // ASCII fast path: most text is ASCII, and Character.isLetter is comparatively slow
                if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                    latin = true;
                    continue;
                }
            }
            if (c >= 128 && c < 0x370 && Character.isLetter(c)) {
                latin = true; // Latin-1 and Latin Extended letters (accents) before the Greek block
                nonAscii = true;
                continue;
            }
            if (c >= 128 && Character.isLetter(c)) {
                nonAscii = true;
                int script = script(c);
                if (script == OTHER_SCRIPT) {
                    other = true;
                } else if (script == LATIN_SCRIPT) {
                    latin = true;
                }
            } else {
                if (latin && other && nonAscii && i - start >= 3) {
                    return text.substring(start, i);
                }
                latin = false;
                other = false;
                nonAscii = false;
                start = i + 1;
            }
        }
        return null;
    }

    private static final int LATIN_SCRIPT = 1;
    private static final int OTHER_SCRIPT = 2;

    /**
     * Whether a letter beyond ASCII is Latin, one of the scripts whose letters pass for Latin ones
     * (Greek, Cyrillic, Armenian, Cherokee), or neither, by Unicode block: the blocks of those
     * scripts, looked up by range rather than by {@link UnicodeScript#of}, which was most of the
     * check's cost on Asian text.
     */
    static int script(char c) {
        if ((c >= 0x00c0 && c <= 0x024f) || (c >= 0x1e00 && c <= 0x1eff) || (c >= 0x2c60 && c <= 0x2c7f)
                || (c >= 0xa720 && c <= 0xa7ff) || (c >= 0xab30 && c <= 0xab6f) || (c >= 0xff21 && c <= 0xff3a)
                || (c >= 0xff41 && c <= 0xff5a)) {
            return LATIN_SCRIPT;
        }
        return TextNormaliser.isOtherScript(c) ? OTHER_SCRIPT : 0;
    }

    /** Count of letter-invisible-letter sequences. */
    static int invisibleSplits(String text) {
        int count = 0;
        int n = Math.min(text.length(), MAX_TEXT);
        for (int i = 1; i + 1 < n; i++) {
            char c = text.charAt(i);
            if (c >= '\u00ad' && TextNormaliser.isInvisible(c) && Character.isLetter(text.charAt(i - 1))) {
                int j = i;
                while (j < n && TextNormaliser.isInvisible(text.charAt(j))) {
                    j += text.charAt(j) == TextNormaliser.PLANE_14_HIGH_SURROGATE ? 2 : 1;
                }
                if (j < n && Character.isLetter(text.charAt(j))) {
                    count++;
                }
            }
        }
        return count;
    }
}
