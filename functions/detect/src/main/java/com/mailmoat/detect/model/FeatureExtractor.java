package com.mailmoat.detect.model;

import com.mailmoat.detect.Reason;
import com.mailmoat.detect.message.Attachment;
import com.mailmoat.detect.message.Hosts;
import com.mailmoat.detect.message.Link;
import com.mailmoat.detect.message.ParsedMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns a parsed message and the rules that fired on it into {@link MessageFeatures}, with the
 * hashing trick: every feature (a word, a pair of adjacent words, a host, a rule id) is hashed
 * into one of 2<sup>bits</sup> slots, so the model's size is fixed whatever the vocabulary, and
 * no dictionary has to be stored, shipped or kept in step between tenants.
 *
 * <p>What is extracted, and why:
 * <ul>
 *   <li>words and adjacent word pairs of the subject and the first {@value #MAX_BODY_WORDS} words
 *       of the body, words of the sender's display name: the lure's wording, in any language;</li>
 *   <li>the registrable domains and TLDs of links and of the sender, and the words inside those
 *       host names: where the mail leads and who sends it (a tenant's model learns its
 *       correspondents);</li>
 *   <li>the rules that fired (so a model can learn which rules mislead for a tenant) and a few
 *       structural facts the parser already knows (HTML only, attachments, link counts).</li>
 * </ul>
 * Words are read from the same folded text phrase matching uses (lower case, punctuation
 * removed); digits are folded to {@code 0} and long letter-digit strings (tracking ids) to one
 * token, so numbers and ids do not each become a feature. Work is linear in the (bounded) text;
 * the scratch tables are reused per thread, so extraction allocates little beyond its result.
 */
public final class FeatureExtractor {

    /** Words of the body read; the rest of a long message adds little. */
    static final int MAX_BODY_WORDS = 2500;
    /** Links whose hosts are read. */
    static final int MAX_LINKS = 80;
    /** Upper bound on features per message (the result's size). */
    static final int MAX_FEATURES = 8192;

    // feature kinds; each is hashed with its own seed and names its source text
    static final int SUBJECT_WORD = 1;
    static final int SUBJECT_PAIR = 2;
    static final int SENDER_WORD = 3;
    static final int BODY_WORD = 4;
    static final int BODY_PAIR = 5;
    static final int LINK_HOST = 6;
    static final int LINK_TLD = 7;
    static final int SENDER_DOMAIN = 8;
    static final int SENDER_TLD = 9;
    static final int RULE = 10;
    static final int SHAPE = 11;
    static final int ATTACHMENT = 12;
    static final int HOST_WORD = 13;

    /**
     * Hashes of function words (several languages) and URL fragments that are not features alone,
     * in an open-addressing table (0 marks a free place; no word of the list hashes to 0): it is
     * looked up for every word of every message, and a {@code Set<Integer>} boxed each hash.
     */
    private static final int[] STOP_WORDS = stopWords("the and for with you your this that have are our "
            + "from was were will can not but all any has had its his her she him they them their there here what when which "
            + "who how out into than then also more about http https www com net org html php "
            + "der die das und mit für von den dem des ist sie ein eine einer nicht auf aus bei "
            + "les des une pour que qui dans est pas par sur vous votre avec "
            + "para com uma não por que dos das seu sua você "
            + "los las del con una por que para por est "
            + "het een van voor met niet zijn");

    private static int[] stopWords(String words) {
        String[] list = words.split(" ");
        int[] table = new int[Integer.highestOneBit(list.length) * 4]; // at most half full
        for (String w : list) {
            int h = 0x811c9dc5;
            for (int k = 0; k < w.length(); k++) {
                h = (h ^ w.charAt(k)) * 0x01000193;
            }
            if (h == 0) {
                throw new IllegalStateException("stop word hashes to the free-place marker: " + w);
            }
            int at = fmix(h) & (table.length - 1);
            while (table[at] != 0 && table[at] != h) {
                at = (at + 1) & (table.length - 1);
            }
            table[at] = h;
        }
        return table;
    }

    /** True when {@code h} is the hash of a word of {@link #STOP_WORDS}. */
    private static boolean isStopWord(int h) {
        int[] table = STOP_WORDS;
        int at = fmix(h) & (table.length - 1);
        while (true) {
            int k = table[at];
            if (k == h) {
                return h != 0;
            }
            if (k == 0) {
                return false;
            }
            at = (at + 1) & (table.length - 1);
        }
    }

    private static final String[] KIND_NAMES = {"", "subject:", "subject:", "sender name:", "body:", "body:",
        "link host:", "link TLD:", "sender domain:", "sender TLD:", "rule:", "shape:", "attachment:", "word in a host name:"};

    private final int bits;
    private final int mask;

    /** An extractor hashing into 2<sup>{@code bits}</sup> slots (10 to 24). */
    public FeatureExtractor(int bits) {
        if (bits < 10 || bits > 24) {
            throw new IllegalArgumentException("hash bits must be between 10 and 24: " + bits);
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
    }

    /** Bits of the hash. */
    public int bits() {
        return bits;
    }

    static String kindName(int kind) {
        return kind > 0 && kind < KIND_NAMES.length ? KIND_NAMES[kind] : "feature:";
    }

    /** Which of the four source texts a kind's spans point into. */
    static int sourceSlot(int kind) {
        return switch (kind) {
            case SUBJECT_WORD, SUBJECT_PAIR -> 0;
            case SENDER_WORD -> 1;
            case BODY_WORD, BODY_PAIR -> 2;
            default -> 3;
        };
    }

    /** True for kinds named from the list of extra names (hosts, rules, shapes), shown unquoted. */
    static boolean isListSource(int kind) {
        return sourceSlot(kind) == 3;
    }

    /** Per-thread scratch: the set of the slots seen so far and the growing result. */
    private static final class Scratch {
        /**
         * One bit per slot of the hash (32 KB at the default 18 bits; 2 MB at 24, beside a model
         * of 64 MB), set for the slots of the message at hand: a look-up is one read, where an
         * open-addressing table of the slots seen took a probe into 128 KB, beyond the L1 cache.
         * Only the words holding this message's slots are cleared afterwards.
         */
        long[] seen = new long[1];
        int[] indices = new int[1024];
        long[] spans = new long[1024];
        int size;
        final StringBuilder extra = new StringBuilder(512);

        void reset(int bits) {
            for (int i = 0; i < size; i++) {
                seen[indices[i] >>> 6] = 0; // every bit set in these words is one of the last message's slots
            }
            int words = Math.max(1, (1 << bits) >>> 6);
            if (seen.length < words) {
                seen = new long[words];
            }
            size = 0;
            extra.setLength(0);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * The features of {@code m}, given the rules that fired on it and their score.
     *
     * @param reasons   the reasons of the rule verdict (each fired rule is a feature)
     * @param ruleScore the rules' score
     * @param guarded   see {@link MessageFeatures#guarded()}
     */
    public MessageFeatures extract(ParsedMessage m, List<Reason> reasons, double ruleScore, boolean guarded) {
        Scratch s = SCRATCH.get();
        s.reset(bits);
        String subject = m.foldedSubject();
        String sender = m.foldedSender();
        String body = m.foldedBody();
        words(s, subject, SUBJECT_WORD, SUBJECT_PAIR, Integer.MAX_VALUE);
        words(s, sender, SENDER_WORD, 0, Integer.MAX_VALUE);
        int bodySpaces = words(s, body, BODY_WORD, BODY_PAIR, MAX_BODY_WORDS);

        String fromDomain = m.from().domain();
        if (!fromDomain.isEmpty()) {
            String registrable = Hosts.registrable(fromDomain);
            named(s, SENDER_DOMAIN, registrable);
            named(s, SENDER_TLD, Hosts.tld(fromDomain));
            hostWords(s, fromDomain, registrable);
        }
        int links = 0;
        int hosts = 0;
        List<Hosts.Url> urls = m.urls();
        for (Hosts.Url url : urls) {
            if (links >= MAX_LINKS) {
                break;
            }
            links++;
            String host = url.host();
            if (host.isEmpty()) {
                continue;
            }
            String registrable = Hosts.registrable(host);
            if (named(s, LINK_HOST, registrable)) {
                hosts++;
                hostWords(s, host, registrable);
            }
            named(s, LINK_TLD, Hosts.tld(host));
        }
        for (Reason r : reasons) {
            named(s, RULE, r.rule());
        }
        for (Attachment a : m.attachments()) {
            String name = a.fileName();
            int dot = name.lastIndexOf('.');
            named(s, ATTACHMENT, dot >= 0 && name.length() - dot <= 8 ? name.substring(dot + 1).toLowerCase(Locale.ROOT)
                    : a.declaredType());
        }
        // structure beyond the rules: only facts that are not true of nearly every message (those
        // would only duplicate the bias and crowd the explanations)
        if (m.htmlOnly()) {
            named(s, SHAPE, "HTML only");
        }
        int linkCount = m.links().size();
        if (linkCount == 0) {
            named(s, SHAPE, "no links");
        } else if (linkCount > 30) {
            named(s, SHAPE, "over 30 links");
        }
        if (hosts > 3) {
            named(s, SHAPE, "links to over 3 domains");
        }
        // words less one, as far as the shapes below ask; known already when the body was read to its end
        int words = bodySpaces >= 0 ? bodySpaces : wordCount(body, 1001);
        if (words < 30) {
            named(s, SHAPE, "under 30 words");
        } else if (words > 1000) {
            named(s, SHAPE, "over 1000 words");
        }
        if (m.to().isEmpty()) {
            named(s, SHAPE, "no visible recipient");
        } else if (m.to().size() > 3) {
            named(s, SHAPE, "over 3 recipients");
        }
        if (m.html().images() > 0 && words < 60) {
            named(s, SHAPE, "images, few words");
        }
        if (!m.replyTo().isEmpty()) {
            named(s, SHAPE, "reply-to");
        }
        String subj = m.subject().stripLeading().toLowerCase(Locale.ROOT);
        if (subj.startsWith("re:") || subj.startsWith("aw:") || subj.startsWith("sv:")) {
            named(s, SHAPE, "subject reply");
        } else if (subj.startsWith("fw") || subj.startsWith("tr:") || subj.startsWith("enc:") || subj.startsWith("wg:")) {
            named(s, SHAPE, "subject forward");
        }
        // unit length: a long message has more features but should not weigh more for it
        float norm = (float) (1 / Math.sqrt(Math.max(1, s.size)));
        float[] values = new float[s.size];
        Arrays.fill(values, norm);
        String[] sources = {subject, sender, body, s.extra.toString()};
        return new MessageFeatures(Arrays.copyOf(s.indices, s.size), values,
                Arrays.copyOf(s.spans, s.size), sources, ruleScore, bits, guarded);
    }

    /**
     * Words inside a host name ("secure-login-update", "wallet", "verify"): phishing registers
     * names built from the lure's vocabulary, and a model that sees only whole domain names cannot
     * recognise the next one. Labels are split at dots, hyphens and digits; short parts and the
     * TLD are skipped.
     */
    private void hostWords(Scratch s, String host, String registrable) {
        int tldStart = registrable.lastIndexOf('.');
        int end = host.length() - (registrable.length() - Math.max(0, tldStart));
        int start = 0;
        for (int i = 0; i <= end; i++) {
            char c = i < end ? host.charAt(i) : '.';
            if (c == '.' || c == '-' || (c >= '0' && c <= '9')) {
                if (i - start >= 4 && i - start <= 20) {
                    named(s, HOST_WORD, host.substring(start, i));
                }
                start = i + 1;
            }
        }
    }

    /**
     * Spaces after the first character of folded text (its words less one), counted only up to
     * {@code atMost}: the shapes only ask whether a message is under 30, 60 or over 1000 words, and
     * counting all of a long body cost a pass over it.
     */
    private static int wordCount(String folded, int atMost) {
        int spaces = 0;
        for (int i = 1; i < folded.length() && spaces < atMost; i++) {
            if (folded.charAt(i) == ' ') {
                spaces++;
            }
        }
        return spaces;
    }

    /**
     * Words and (when {@code pairKind} is not 0) adjacent pairs of folded text. Returns the spaces
     * after its first character (see {@link #wordCount}) when it read the whole text, else -1.
     */
    private int words(Scratch s, String folded, int wordKind, int pairKind, int maxWords) {
        int n = folded.length();
        int prevHash = 0;
        int prevStart = -1;
        int count = 0;
        int i = 0;
        int spaces = 0;
        while (i < n && count < maxWords && s.size < MAX_FEATURES) {
            while (i < n && folded.charAt(i) == ' ') {
                if (i > 0) {
                    spaces++;
                }
                i++;
            }
            int start = i;
            int letters = 0;
            int digits = 0;
            int h = 0x811c9dc5;
            while (i < n && folded.charAt(i) != ' ') {
                char c = folded.charAt(i);
                if (c >= '0' && c <= '9') {
                    digits++;
                    c = '0';
                } else {
                    letters++;
                }
                h = (h ^ c) * 0x01000193;
                i++;
            }
            int len = i - start;
            if (len == 0) {
                break;
            }
            count++;
            if (len > 40) {
                prevStart = -1;
                continue; // a base64 blob or a run-on string, not a word
            }
            if (digits > 0 && letters > 0 && len >= 10) {
                h = 0x2f1d7c35; // tracking ids and codes: one token for all of them
            }
            if (len <= 2 || (letters == 0 && len < 4) || isStopWord(h)) {
                // short words, small numbers and the commonest function words occur in nearly every
                // message: alone they only shift the bias; they still count inside word pairs
                if (pairKind != 0 && prevStart >= 0) {
                    add(s, pairKind, prevHash * 0x9E3779B1 + h, span(pairKind, prevStart, i));
                }
                prevHash = h;
                prevStart = start;
                continue;
            }
            add(s, wordKind, h, span(wordKind, start, i));
            if (pairKind != 0 && prevStart >= 0) {
                add(s, pairKind, prevHash * 0x9E3779B1 + h, span(pairKind, prevStart, i));
            }
            prevHash = h;
            prevStart = start;
        }
        return i >= n ? spaces : -1;
    }

    /** Adds a named feature (host, rule, shape); returns true when it was new. */
    private boolean named(Scratch s, int kind, String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        int h = 0x811c9dc5;
        for (int k = 0; k < name.length(); k++) {
            h = (h ^ name.charAt(k)) * 0x01000193;
        }
        int start = s.extra.length();
        int before = s.size;
        add(s, kind, h, 0);
        if (s.size > before) {
            s.extra.append(name).append('\n');
            s.spans[s.size - 1] = span(kind, start, start + name.length());
            return true;
        }
        return false;
    }

    private static long span(int kind, int start, int end) {
        return ((long) kind << 48) | ((long) (start & 0xffffff) << 24) | (end & 0xffffff);
    }

    private void add(Scratch s, int kind, int hash, long span) {
        if (s.size >= MAX_FEATURES) {
            return;
        }
        int index = fmix(hash ^ (kind * 0x9E3779B9)) & mask;
        long[] seen = s.seen;
        long bit = 1L << index; // shifts use the low 6 bits: the bit within the word
        long word = seen[index >>> 6];
        if ((word & bit) != 0) {
            return; // already present: features are binary
        }
        if (s.size == s.indices.length) {
            int cap = s.size * 2;
            s.indices = Arrays.copyOf(s.indices, cap);
            s.spans = Arrays.copyOf(s.spans, cap);
        }
        s.indices[s.size] = index;
        s.spans[s.size] = span;
        s.size++;
        seen[index >>> 6] = word | bit; // once recorded in indices, so that the next reset clears it
    }

    /** MurmurHash3's finaliser: spreads every input bit over the whole word. */
    public static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
