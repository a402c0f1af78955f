package com.mailmoat.detect.message;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Text, links and active content of one HTML document, extracted by a single linear scan.
 *
 * <p>Why not a DOM parser: building a tree for every HTML body cost a third of the engine's time,
 * and the analyzers only need the visible text, the anchors with their text, form actions,
 * password fields, scripts, refreshes and images. The scanner below reads tags and attributes
 * the way browsers tokenise them (quoted and unquoted values, comments, raw-text elements such as
 * script and style), decodes character references, and never backtracks: its work is linear in
 * the (already bounded) input, whatever the markup.
 *
 * @param text     visible text
 * @param links    anchors and form actions
 * @param features forms, password fields, scripts and refreshes
 */
public record HtmlContent(String text, List<Link> links, Features features) {

    /**
     * Active or credential-collecting content in HTML.
     *
     * @param forms          number of {@code <form>} elements
     * @param passwordInputs number of {@code <input type=password>} fields
     * @param scripts        number of {@code <script>} elements
     * @param metaRefresh    true when a {@code <meta http-equiv=refresh>} redirects elsewhere
     * @param hiddenSmuggling true when a script builds a Blob or decodes base64 to save a file (HTML smuggling)
     * @param images         number of {@code <img>} elements
     */
    public record Features(int forms, int passwordInputs, int scripts, boolean metaRefresh,
                           boolean hiddenSmuggling, int images) {
        /** No active content. */
        public static final Features NONE = new Features(0, 0, 0, false, false, 0);

        /** Sum of two documents' features. */
        public Features plus(Features o) {
            return new Features(forms + o.forms, passwordInputs + o.passwordInputs, scripts + o.scripts,
                    metaRefresh || o.metaRefresh, hiddenSmuggling || o.hiddenSmuggling, images + o.images);
        }
    }

    /** Elements after which browsers break the line: their boundaries separate words. */
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "tr", "td", "th", "li", "ul", "ol", "table",
            "tbody", "thead", "tfoot", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote", "section", "article",
            "header", "footer", "nav", "aside", "center", "dd", "dt", "dl", "pre", "address", "form", "fieldset",
            "legend", "caption", "main", "figure", "figcaption", "option", "body", "html", "title", "button", "label");

    /** Elements whose content is raw text up to their end tag. */
    private static final Set<String> RAW_TEXT = Set.of("script", "style", "title", "textarea", "xmp", "iframe",
            "noembed", "noframes", "plaintext");

    /** The tag names the scanner acts on, by their packed form (see {@link #packName}). */
    private static final NameTable NAME_TABLE = new NameTable();

    /**
     * A tag name of up to ten letters and digits packed into a long, six bits a character, case
     * folded; 0 for anything else. Distinct names give distinct keys, so the scanner recognises
     * the tags it acts on with one table lookup and no string.
     */
    static long packName(char[] a, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 10) {
            return 0;
        }
        long key = 0;
        for (int i = from; i < to; i++) {
            char c = a[i];
            int v;
            if (c >= 'a' && c <= 'z') {
                v = c - 'a' + 1;
            } else if (c >= 'A' && c <= 'Z') {
                v = c - 'A' + 1;
            } else if (c >= '0' && c <= '9') {
                v = c - '0' + 27;
            } else {
                return 0;
            }
            key = (key << 6) | v;
        }
        return key;
    }

    /** Open-addressing map from packed tag names to the names (fixed, built once). */
    private static final class NameTable {
        private final long[] keys = new long[256];
        private final String[] names = new String[256];

        NameTable() {
            java.util.Set<String> all = new java.util.TreeSet<>(BLOCKS);
            all.addAll(RAW_TEXT);
            all.addAll(List.of("a", "area", "form", "input", "img", "meta"));
            for (String name : all) {
                long key = packName(name.toCharArray(), 0, name.length());
                int slot = slot(key);
                while (keys[slot] != 0) {
                    slot = (slot + 1) & 255;
                }
                keys[slot] = key;
                names[slot] = name;
            }
        }

        private static int slot(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> 56);
        }

        /** The name packed as {@code key}, or "" when it is not one of the table's. */
        String get(long key) {
            int slot = slot(key);
            while (keys[slot] != 0) {
                if (keys[slot] == key) {
                    return names[slot];
                }
                slot = (slot + 1) & 255;
            }
            return "";
        }
    }

    /** Named character references common in mail; accented letters are composed generically. */
    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("nbsp", "\u00a0"), Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"),
            Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("copy", "©"), Map.entry("reg", "®"),
            Map.entry("trade", "™"), Map.entry("hellip", "…"), Map.entry("mdash", "—"), Map.entry("ndash", "–"),
            Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"), Map.entry("ldquo", "“"), Map.entry("rdquo", "”"),
            Map.entry("sbquo", "‚"), Map.entry("bdquo", "„"), Map.entry("laquo", "«"), Map.entry("raquo", "»"),
            Map.entry("bull", "•"), Map.entry("middot", "·"), Map.entry("euro", "€"), Map.entry("pound", "£"),
            Map.entry("yen", "¥"), Map.entry("cent", "¢"), Map.entry("zwnj", "\u200c"), Map.entry("zwj", "\u200d"),
            Map.entry("shy", "\u00ad"), Map.entry("szlig", "ß"), Map.entry("aelig", "æ"), Map.entry("AElig", "Æ"),
            Map.entry("oslash", "ø"), Map.entry("Oslash", "Ø"), Map.entry("deg", "°"), Map.entry("times", "×"),
            Map.entry("iexcl", "¡"), Map.entry("iquest", "¿"), Map.entry("ordf", "ª"), Map.entry("ordm", "º"),
            Map.entry("sect", "§"), Map.entry("para", "¶"), Map.entry("ensp", " "), Map.entry("emsp", " "),
            Map.entry("thinsp", " "), Map.entry("rarr", "→"), Map.entry("larr", "←"), Map.entry("check", "✓"));

    /** Suffixes of accented-letter references ("eacute") and the combining mark each stands for. */
    private static final String[][] ACCENTS = {
        {"acute", "\u0301"}, {"grave", "\u0300"}, {"circ", "\u0302"}, {"tilde", "\u0303"}, {"uml", "\u0308"},
        {"cedil", "\u0327"}, {"ring", "\u030a"}, {"caron", "\u030c"}};

    /** Parses HTML (already cut to a bounded length) and extracts its content. */
    public static HtmlContent parse(String html, int maxLinks, Link.Source source) {
        return parse(html, maxLinks, source, Integer.MAX_VALUE);
    }

    /**
     * As {@link #parse(String, int, Link.Source)}, keeping at most about {@code maxText} characters
     * of visible text: links and active content are still read to the end, but the text of a huge
     * document beyond what the caller keeps is not assembled.
     */
    public static HtmlContent parse(String html, int maxLinks, Link.Source source, int maxText) {
        return new Scanner(html, Math.max(0, maxLinks), source, Math.max(0, maxText)).run();
    }

    /** One pass over one document. */
    private static final class Scanner {
        private final String s;
        /** The same characters as an array: the tag and attribute loops index it directly. */
        private final char[] a;
        private final int n;
        private final int maxLinks;
        private final Link.Source source;
        private final StringBuilder text;
        private final List<Link> links = new ArrayList<>();
        /** Text of the anchor being read, or null outside anchors. */
        private StringBuilder anchorText;
        private String anchorHref;
        private int forms;
        private int passwords;
        private int scripts;
        private int images;
        private boolean refresh;
        private boolean smuggling;
        private boolean space = true;
        /** Position of the next '&' at or after the last text run, -1 when there is none, -2 before the first search. */
        private int nextAmp = -2;
        /** Whether the last tag read ended with its {@code >}. */
        private boolean tagClosed;

        /** Visible text kept; beyond it only anchors' text is still assembled. */
        private final int maxText;

        Scanner(String html, int maxLinks, Link.Source source, int maxText) {
            this.maxText = maxText;
            this.s = html;
            this.a = html.toCharArray();
            this.n = html.length();
            this.maxLinks = maxLinks;
            this.source = source;
            // visible text is a fraction of the markup: start small rather than at the document's size
            this.text = new StringBuilder((int) Math.min(Math.min(n / 4L + 16, maxText + 16L), 1 << 16));
        }

        HtmlContent run() {
            int i = 0;
            int textStart = 0;
            while (i < n) {
                i = s.indexOf('<', i); // the JDK's vectorised search: most of a document is text between tags
                if (i < 0 || i + 1 >= n) {
                    break;
                }
                char c = a[i + 1];
                boolean startTag = isAsciiLetter(c);
                boolean endTag = c == '/' && i + 2 < n && isAsciiLetter(a[i + 2]);
                if (!startTag && !endTag && c != '!' && c != '?') {
                    i++; // a literal '<' in text
                    continue;
                }
                appendText(textStart, i);
                if (c == '!' && s.startsWith("<!--", i)) {
                    int close = s.indexOf("-->", i + 4);
                    i = close < 0 ? n : close + 3;
                } else if (c == '!' || c == '?') {
                    int close = s.indexOf('>', i + 2);
                    i = close < 0 ? n : close + 1;
                } else {
                    i = tag(i, endTag);
                }
                textStart = i;
            }
            appendText(textStart, n);
            closeAnchor();
            String visible = text.length() > 0 && text.charAt(text.length() - 1) == ' '
                    ? text.substring(0, text.length() - 1) : text.toString();
            if (!visible.isEmpty() && visible.charAt(0) == ' ') {
                visible = visible.substring(1);
            }
            return new HtmlContent(visible, links, new Features(forms, passwords, scripts, refresh, smuggling, images));
        }

        /** Reads the tag starting at {@code lt}; returns the index after it (and after raw-text content). */
        private int tag(int lt, boolean end) {
            int i = lt + (end ? 2 : 1);
            int nameStart = i;
            while (i < n && !isSpace(a[i]) && a[i] != '>' && a[i] != '/') {
                i++;
            }
            String name = knownName(nameStart, i);
            Attributes attrs = this.attrs;
            attrs.clear();
            i = attributes(i, end ? null : attrs);
            if (!tagClosed) {
                return n; // a tag cut off by the end of input is never rendered
            }
            if (BLOCKS.contains(name)) {
                separate();
            }
            if (end) {
                if (name.equals("a")) {
                    closeAnchor();
                }
                return i;
            }
            switch (name) {
                case "a" -> {
                    closeAnchor();
                    String href = attrs.get("href");
                    if (href != null && !href.isEmpty()) {
                        anchorHref = href.strip();
                        anchorText = new StringBuilder();
                    }
                }
                case "area" -> addLink(attrs.get("href"), source);
                case "form" -> {
                    forms++;
                    addLink(attrs.get("action"), source == Link.Source.ANCHOR ? Link.Source.FORM_ACTION : source);
                }
                case "input" -> {
                    String type = attrs.getOrEmpty("type").toLowerCase(Locale.ROOT);
                    String field = attrs.getOrEmpty("name").toLowerCase(Locale.ROOT);
                    if (type.equals("password") || field.contains("passw") || field.equals("pwd")) {
                        passwords++;
                    }
                }
                case "img" -> images++;
                case "meta" -> meta(attrs);
                default -> {
                }
            }
            if (RAW_TEXT.contains(name)) {
                int close = indexOfEndTag(name, i);
                if (name.equals("script")) {
                    scripts++;
                    script(s.substring(i, close));
                } else if (name.equals("textarea")) {
                    appendDecoded(s.substring(i, close));
                    separate();
                }
                int gt = close < n ? s.indexOf('>', close) : -1;
                return gt < 0 ? n : gt + 1;
            }
            return i;
        }

        /** Reads attributes up to and including the closing {@code >}; null {@code into} skips them. */
        private int attributes(int i, Attributes into) {
            tagClosed = false;
            while (i < n) {
                char c = a[i];
                if (c == '>') {
                    tagClosed = true;
                    return i + 1;
                }
                if (isSpace(c) || c == '/') {
                    i++;
                    continue;
                }
                int nameStart = i;
                while (i < n && !isSpace(a[i]) && a[i] != '>' && a[i] != '='
                        && (a[i] != '/' || i == nameStart)) {
                    i++;
                }
                String name = into == null ? null : wanted(nameStart, i);
                while (i < n && isSpace(a[i])) {
                    i++;
                }
                String value = "";
                if (i < n && a[i] == '=') {
                    i++;
                    while (i < n && isSpace(a[i])) {
                        i++;
                    }
                    if (i < n && (a[i] == '"' || a[i] == '\'')) {
                        char q = a[i];
                        int close = s.indexOf(q, i + 1);
                        int end = close < 0 ? n : close;
                        value = name == null ? "" : s.substring(i + 1, end);
                        i = close < 0 ? n : close + 1;
                    } else {
                        int vs = i;
                        while (i < n && !isSpace(a[i]) && a[i] != '>') {
                            i++;
                        }
                        value = name == null ? "" : s.substring(vs, i);
                    }
                }
                if (name != null) {
                    into.put(name, value);
                }
            }
            return n;
        }

        /** Reused for every tag: attributes are read one tag at a time. */
        private final Attributes attrs = new Attributes();

        /**
         * The lower-case name of the tag at {@code [from, to)} when it is one the scanner treats
         * specially (blocks, raw text, links, forms, inputs, images, meta), else "": no string is
         * built for the thousands of other tags (span, td, font...).
         */
        private String knownName(int from, int to) {
            long key = packName(a, from, to);
            return key == 0 ? "" : NAME_TABLE.get(key);
        }

        /** Attributes any analysis reads; others are skipped without building strings. */
        private static final String[] WANTED = {"href", "action", "type", "name", "http-equiv", "content"};

        /** The lower-case name of the attribute at {@code [from, to)} when it is one we read, else null. */
        private String wanted(int from, int to) {
            int len = to - from;
            for (String w : WANTED) {
                if (w.length() == len && s.regionMatches(true, from, w, 0, len)) {
                    return w;
                }
            }
            return null;
        }

        /** Start of {@code </name} (case-insensitive) from {@code from}, or the end of input. */
        private int indexOfEndTag(String name, int from) {
            int i = from;
            while ((i = s.indexOf("</", i)) >= 0) {
                if (s.regionMatches(true, i + 2, name, 0, name.length())) {
                    return i;
                }
                i += 2;
            }
            return n;
        }

        private void meta(Attributes attrs) {
            String equiv = attrs.get("http-equiv");
            String content = attrs.getOrEmpty("content");
            int u = content.toLowerCase(Locale.ROOT).indexOf("url=");
            if (equiv != null && equiv.equalsIgnoreCase("refresh") && u >= 0) {
                refresh = true;
                addLink(content.substring(u + 4).replace("'", "").replace("\"", "").strip(),
                        source == Link.Source.ANCHOR ? Link.Source.FORM_ACTION : source);
            }
        }

        private void script(String raw) {
            String code = raw.length() > 200_000 ? raw.substring(0, 200_000) : raw;
            if ((code.contains("Blob(") || code.contains("atob(") || code.contains("unescape("))
                    && (code.contains("download") || code.contains("msSaveOrOpenBlob") || code.contains("createObjectURL")
                    || code.contains("location") || code.contains("document.write"))) {
                smuggling = true;
            }
            if (code.contains("window.location") || code.contains("location.href") || code.contains("location.replace")) {
                int q = code.indexOf("http");
                if (q >= 0) {
                    int end = q;
                    while (end < code.length() && end - q < 500 && "\"' ;)\n".indexOf(code.charAt(end)) < 0) {
                        end++;
                    }
                    addLink(code.substring(q, end), source == Link.Source.ATTACHMENT ? source : Link.Source.FORM_ACTION);
                }
            }
        }

        private void addLink(String url, Link.Source kind) {
            if (url != null && !url.isEmpty() && links.size() < maxLinks) {
                links.add(new Link(decode(url).strip(), "", kind));
            }
        }

        private void closeAnchor() {
            if (anchorText != null) {
                if (links.size() < maxLinks) {
                    links.add(new Link(decode(anchorHref), anchorText.toString().strip(), source));
                }
                anchorText = null;
                anchorHref = null;
            }
        }

        /** Word boundary from a block element. */
        private void separate() {
            if (!space) {
                text.append(' ');
                space = true;
            }
            if (anchorText != null && anchorText.length() > 0 && anchorText.charAt(anchorText.length() - 1) != ' ') {
                anchorText.append(' ');
            }
        }

        private void appendText(int from, int to) {
            if (from >= to) {
                return;
            }
            if (nextAmp != -1 && nextAmp < from) {
                nextAmp = s.indexOf('&', from); // remembered: searching from every text run to the end was quadratic
            }
            if (nextAmp >= 0 && nextAmp < to) {
                String decoded = decode(s.substring(from, to));
                appendRange(decoded, 0, decoded.length());
            } else {
                appendRange(a, from, to);
            }
        }

        /** Appends text with character references decoded and whitespace runs collapsed. */
        private void appendDecoded(String raw) {
            String t = raw.indexOf('&') >= 0 ? decode(raw) : raw;
            appendRange(t, 0, t.length());
        }

        /**
         * Appends {@code t[from, to)} with whitespace runs collapsed to one space, copying each run
         * of other characters in bulk (per-character appends were a tenth of the scan).
         */
        private void appendRange(String t, int from, int to) {
            appendRange(t.toCharArray(), from, to);
        }

        private void appendRange(char[] t, int from, int to) {
            if (text.length() >= maxText && anchorText == null) {
                return; // nothing more is kept
            }
            int k = from;
            while (k < to) {
                char c = t[k];
                if (isSpace(c)) {
                    if (!space) {
                        if (text.length() < maxText) {
                            text.append(' ');
                        }
                        space = true;
                    }
                    if (anchorText != null && anchorText.length() > 0
                            && anchorText.charAt(anchorText.length() - 1) != ' ' && anchorText.length() < 2000) {
                        anchorText.append(' ');
                    }
                    k++;
                    continue;
                }
                int run = k + 1;
                while (run < to && !isSpace(t[run])) {
                    run++;
                }
                if (text.length() < maxText) {
                    text.append(t, k, run - k);
                }
                space = false;
                if (anchorText != null && anchorText.length() < 2000) {
                    anchorText.append(t, k, Math.min(run, k + 2000 - anchorText.length()) - k);
                }
                k = run;
            }
        }
    }

    /** Decodes character references ({@code &amp;}, {@code &#233;}, {@code &#xE9;}, {@code &eacute;}). */
    static String decode(String raw) {
        int amp = raw.indexOf('&');
        if (amp < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        out.append(raw, 0, amp);
        int i = amp;
        int n = raw.length();
        while (i < n) {
            char c = raw.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            int limit = Math.min(n, i + 12);
            while (j < limit && raw.charAt(j) != ';' && raw.charAt(j) != '&' && !isSpace(raw.charAt(j))) {
                j++;
            }
            String name = raw.substring(i + 1, j);
            boolean terminated = j < n && raw.charAt(j) == ';';
            String value = reference(name);
            if (value == null) {
                out.append('&');
                i++;
            } else {
                out.append(value);
                i = terminated ? j + 1 : j;
            }
        }
        return out.toString();
    }

    private static String reference(String name) {
        if (name.isEmpty()) {
            return null;
        }
        if (name.charAt(0) == '#') {
            try {
                int cp = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : "\ufffd";
            } catch (NumberFormatException e) {
                return null;
            }
        }
        String known = ENTITIES.get(name);
        if (known != null) {
            return known;
        }
        if (name.length() >= 4 && isAsciiLetter(name.charAt(0))) {
            for (String[] accent : ACCENTS) {
                if (name.length() == accent[0].length() + 1 && name.endsWith(accent[0])) {
                    return Normalizer.normalize(name.charAt(0) + accent[1], Normalizer.Form.NFC);
                }
            }
        }
        return null;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
    }

    /** Attributes of one tag; the first of duplicate names wins, as in browsers. */
    private static final class Attributes {
        private String[] names = new String[4];
        private String[] values = new String[4];
        private int size;

        void clear() {
            for (int i = 0; i < size; i++) {
                names[i] = null;
                values[i] = null;
            }
            size = 0;
        }

        void put(String name, String value) {
            if (get(name) != null || size >= 64) {
                return;
            }
            if (size == names.length) {
                names = java.util.Arrays.copyOf(names, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size++] = value;
        }

        String get(String name) {
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    return values[i];
                }
            }
            return null;
        }

        String getOrEmpty(String name) {
            String v = get(name);
            return v == null ? "" : v;
        }
    }
}
