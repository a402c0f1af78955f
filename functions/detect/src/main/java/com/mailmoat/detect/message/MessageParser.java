package com.mailmoat.detect.message;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns raw MIME bytes into a {@link ParsedMessage}, within {@link Limits}. Never throws:
 * whatever cannot be parsed becomes a problem note and the parser falls back to reading the
 * raw bytes as text, so even garbage yields links and words to judge; input that is not an
 * email at all (binary files, text without header fields) is recognised and said to be so.
 * Thread-safe (holds only immutable state).
 *
 * <p>Why a parser of our own rather than Jakarta Mail: the engine reads each message once, from
 * a byte array, and needs only its structure, a few header fields and the decoded bodies. Jakarta
 * Mail copies every part into streams, decodes every header into strings, and looks its stream
 * provider up through {@link java.util.ServiceLoader} for every part (re-reading the service file
 * from the jar each time); together that was over a third of the engine's time. Here parts are
 * offsets into the input, header values are decoded only when asked for
 * ({@link HeaderBlock}), base64 and quoted-printable are decoded in bulk
 * ({@link TransferDecoding}), and images whose first bytes match their declared type are not
 * decoded beyond those bytes (no analyzer reads further into them).
 */
public final class MessageParser {

    /** Bytes of an image decoded to check its type: enough for every signature we compare. */
    private static final int IMAGE_PREFIX = 64;

    private final Limits limits;

    public MessageParser(Limits limits) {
        this.limits = limits;
    }

    /** Parses {@code raw}; never throws for any input. */
    public ParsedMessage parse(byte[] raw) {
        byte[] bytes = raw == null ? new byte[0] : raw;
        // text rarely exceeds a third of the raw message; sized once instead of doubling from 16
        State st = new State(bytes, Math.min(limits.maxTextChars(), bytes.length / 3 + 64));
        int end = bytes.length;
        if (end > limits.maxMessageBytes()) {
            st.problems.add("message is " + end + " bytes; only the first " + limits.maxMessageBytes() + " were analysed");
            end = limits.maxMessageBytes();
        }
        String notEmail = NotEmail.reason(bytes, end);
        HeaderBlock top;
        try {
            top = HeaderBlock.parse(bytes, 0, end, limits.maxHeaders());
        } catch (RuntimeException | StackOverflowError e) {
            st.problems.add("headers could not be parsed: " + describe(e));
            top = HeaderBlock.parse(bytes, 0, 0, 0);
        }
        if (notEmail == null) {
            try {
                readHeaders(top, st);
                walk(bytes, top, top.bodyStart(), end, 0, st, false);
            } catch (RuntimeException | StackOverflowError e) {
                st.problems.add("body could not be parsed: " + describe(e));
            }
            if (st.text.length() == 0 && st.links.isEmpty() && st.attachments.isEmpty() && end > 0) {
                // Nothing usable came out of the MIME structure: judge the raw bytes as text.
                addPlainText(new String(bytes, 0, Math.min(end, limits.maxHtmlChars()), StandardCharsets.ISO_8859_1), st);
            }
        }
        return new ParsedMessage(top, st.from == null ? Address.of("", "") : st.from, st.fromCount,
                st.sender, List.copyOf(st.replyTo), st.returnPath, List.copyOf(st.to), st.subject,
                st.text.toString(), List.copyOf(st.links), st.html, List.copyOf(st.attachments), st.report,
                List.copyOf(st.problems), st.htmlBodies > 0 && st.plainBodies == 0, notEmail);
    }

    /** Mutable state of one parse. */
    private static final class State {
        final byte[] input;
        Address from;
        int fromCount;
        Address sender;
        final List<Address> replyTo = new ArrayList<>(1);
        Address returnPath;
        final List<Address> to = new ArrayList<>(2);
        String subject = "";
        final StringBuilder text;
        final List<Link> links = new ArrayList<>();
        HtmlContent.Features html = HtmlContent.Features.NONE;
        final List<Attachment> attachments = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        boolean report;
        int parts;
        long decoded;
        int htmlBodies;
        int plainBodies;

        State(byte[] input, int textCapacity) {
            this.input = input;
            this.text = new StringBuilder(textCapacity);
        }

        private byte[] viewOf;
        private String view;

        /** The bytes as a Latin-1 string (one character per byte), made once per byte array. */
        String latin1(byte[] data) {
            if (viewOf != data) {
                view = new String(data, StandardCharsets.ISO_8859_1);
                viewOf = data;
            }
            return view;
        }
    }

    private void readHeaders(HeaderBlock h, State st) {
        if (h.tooMany()) {
            st.problems.add("more than " + limits.maxHeaders() + " header fields; the rest were ignored");
        }
        List<Address> from = addresses(h, "From");
        st.fromCount = from.size();
        st.from = from.isEmpty() ? null : from.get(0);
        if (st.from == null) {
            String rawFrom = h.joined("From", ",");
            if (rawFrom != null) {
                st.from = Address.of(MimeText.decodeWords(rawFrom), "");
            }
        }
        List<Address> sender = addresses(h, "Sender");
        st.sender = sender.isEmpty() ? null : sender.get(0);
        st.replyTo.addAll(addresses(h, "Reply-To"));
        List<Address> rp = addresses(h, "Return-Path");
        st.returnPath = rp.isEmpty() ? null : rp.get(0);
        st.to.addAll(addresses(h, "To"));
        st.to.addAll(addresses(h, "Cc"));
        String subject = h.joined("Subject", " ");
        st.subject = subject == null ? "" : MimeText.decodeWords(subject);
    }

    private static List<Address> addresses(HeaderBlock h, String name) {
        String raw = h.joined(name, ",");
        if (raw == null) {
            return List.of();
        }
        if (raw.length() > 8192) {
            raw = raw.substring(0, 8192);
        }
        return AddressParser.parse(raw, 50);
    }

    /**
     * Visits one entity (message or part) whose header block is {@code h} and whose body is
     * {@code data[bodyStart, bodyEnd)}. Parts of a delivery report after the first, and
     * everything inside them, are {@code quoted}: not the reporting party's own words.
     */
    private void walk(byte[] data, HeaderBlock h, int bodyStart, int bodyEnd, int depth, State st, boolean quoted) {
        if (++st.parts > limits.maxParts()) {
            if (st.parts == limits.maxParts() + 1) {
                st.problems.add("more than " + limits.maxParts() + " MIME parts; the rest were not analysed");
            }
            return;
        }
        if (depth > limits.maxDepth()) {
            st.problems.add("MIME nesting deeper than " + limits.maxDepth() + " levels was not analysed");
            return;
        }
        MimeType type = contentType(h, st);
        String base = type.value();
        try {
            if (base.startsWith("multipart/")) {
                if (base.equals("multipart/report")) {
                    st.report = true;
                }
                multipart(data, type.param("boundary"), bodyStart, bodyEnd, depth, st, quoted);
                return;
            }
            String encoding = encoding(h);
            if (base.equals("message/rfc822") || base.equals("message/global")) {
                Range inner = read(data, bodyStart, bodyEnd, encoding, st, Integer.MAX_VALUE);
                HeaderBlock innerHeaders = HeaderBlock.parse(inner.data, inner.from, inner.to, limits.maxHeaders());
                walk(inner.data, innerHeaders, innerHeaders.bodyStart(), inner.to, depth + 1, st, quoted || st.report);
                return;
            }
            MimeType disposition = MimeType.parse(h.first("Content-Disposition"));
            String fileName = fileName(type, disposition);
            boolean attachment = !fileName.isEmpty() || "attachment".equals(disposition.value());
            if (!attachment && !quoted && (base.equals("text/plain") || base.equals("text/html") || base.equals("text"))) {
                // decode no more than can be kept: four bytes per character of the text or HTML
                // still wanted (and at least 64 KB, for links); huge thread archives were decoded whole
                long keep = base.equals("text/plain") ? (long) limits.maxTextChars() - st.text.length() : limits.maxHtmlChars();
                int byteLimit = (int) Math.min(Integer.MAX_VALUE, Math.max(64 * 1024, keep * 4 + 16));
                Range r = read(data, bodyStart, bodyEnd, encoding, st, byteLimit);
                String body = new String(r.data, r.from, r.to - r.from, charset(type.param("charset"), st));
                if (base.equals("text/html") || (base.equals("text") && looksLikeHtml(body))) {
                    st.htmlBodies++;
                    addHtml(body, st);
                } else {
                    st.plainBodies++;
                    addPlainText(body, st);
                }
                return;
            }
            if (quoted) {
                return;
            }
            int prefix = Integer.MAX_VALUE;
            if (base.startsWith("image/") && !dangerousName(fileName)) {
                prefix = IMAGE_PREFIX;
            }
            Range r = read(data, bodyStart, bodyEnd, encoding, st, prefix);
            byte[] content = r.bytes();
            boolean truncated = content.length >= limits.maxPartBytes();
            if (prefix != Integer.MAX_VALUE) {
                if (ImageSignature.matches(base, content)) {
                    truncated = true; // an image and no more: the rest need not be decoded
                } else {
                    st.decoded -= content.length;
                    content = read(data, bodyStart, bodyEnd, encoding, st, Integer.MAX_VALUE).bytes();
                    truncated = content.length >= limits.maxPartBytes();
                }
            }
            st.attachments.add(new Attachment(fileName, base, content, truncated));
        } catch (RuntimeException | StackOverflowError e) {
            st.problems.add("a " + base + " part could not be parsed: " + describe(e));
        }
    }

    /** Splits a multipart body at its boundary lines and visits each part. */
    private void multipart(byte[] data, String boundaryParam, int from, int to, int depth, State st, boolean quoted) {
        byte[] boundary;
        if (boundaryParam == null || boundaryParam.isEmpty()) {
            // no boundary declared: take the first line that looks like one, as mail clients do
            boundary = null;
            for (int p = from; p < to; p = HeaderBlock.nextLine(data, p, to)) {
                if (p + 2 < to && data[p] == '-' && data[p + 1] == '-') {
                    int eol = HeaderBlock.lineEnd(data, p, to);
                    int e = eol;
                    while (e > p + 2 && (data[e - 1] == ' ' || data[e - 1] == '\t')) {
                        e--;
                    }
                    if (e > p + 2) {
                        boundary = Arrays.copyOfRange(data, p + 2, e);
                    }
                    break;
                }
            }
            if (boundary == null) {
                st.problems.add("a multipart part declares no boundary and none was found; its content was not split");
                return;
            }
        } else {
            boundary = boundaryParam.getBytes(StandardCharsets.ISO_8859_1);
        }
        int partStart = -1;
        int index = 0;
        boolean found = false;
        // boundaries are found with String.indexOf over a Latin-1 view of the bytes (one character
        // per byte, vectorised in the JDK) instead of visiting every line of every part
        String view = st.latin1(data);
        String marker = "--" + new String(boundary, StandardCharsets.ISO_8859_1);
        int p = from;
        while (p < to && st.parts <= limits.maxParts()) {
            int at = view.indexOf(marker, p);
            if (at < 0 || at + marker.length() > to) {
                break;
            }
            boolean lineStart = at == from || data[at - 1] == '\n' || data[at - 1] == '\r';
            int kind = lineStart ? boundaryLine(data, at, to, boundary) : 0;
            if (kind == 0) {
                p = at + 1;
                continue;
            }
            found = true;
            if (partStart >= 0) {
                visitPart(data, partStart, lineBreakBefore(data, partStart, at), depth, st, quoted || (st.report && index > 0));
                index++;
            }
            if (kind == 2) {
                return; // the closing boundary; the epilogue is not a part
            }
            p = HeaderBlock.nextLine(data, at, to);
            partStart = p;
        }
        if (partStart >= 0 && partStart < to && st.parts <= limits.maxParts()) {
            visitPart(data, partStart, to, depth, st, quoted || (st.report && index > 0)); // no closing boundary
        }
        if (!found && !blank(data, from, to)) {
            st.problems.add("a multipart part's boundary never occurs in it; its content was not split");
        }
    }

    private static boolean blank(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            if (d[i] != ' ' && d[i] != '\t' && d[i] != '\r' && d[i] != '\n') {
                return false;
            }
        }
        return true;
    }

    private void visitPart(byte[] data, int start, int end, int depth, State st, boolean quoted) {
        HeaderBlock h = HeaderBlock.parse(data, start, end, limits.maxHeaders());
        walk(data, h, h.bodyStart(), end, depth + 1, st, quoted);
    }

    /** 1 when the line at {@code p} is {@code --boundary}, 2 when it is {@code --boundary--}, else 0. */
    private static int boundaryLine(byte[] d, int p, int to, byte[] boundary) {
        int n = boundary.length;
        if (p + 2 + n > to || d[p] != '-' || d[p + 1] != '-') {
            return 0;
        }
        for (int k = 0; k < n; k++) {
            if (d[p + 2 + k] != boundary[k]) {
                return 0;
            }
        }
        int i = p + 2 + n;
        if (i + 1 < to && d[i] == '-' && d[i + 1] == '-') {
            return 2;
        }
        while (i < to && (d[i] == ' ' || d[i] == '\t')) {
            i++;
        }
        return i == to || d[i] == '\r' || d[i] == '\n' ? 1 : 0;
    }

    /** End of a part's content: the line break before its closing boundary belongs to the boundary. */
    private static int lineBreakBefore(byte[] d, int start, int boundaryLine) {
        int e = boundaryLine;
        if (e > start && d[e - 1] == '\n') {
            e--;
        }
        if (e > start && d[e - 1] == '\r') {
            e--;
        }
        return e;
    }

    private static boolean looksLikeHtml(String body) {
        String head = body.length() > 512 ? body.substring(0, 512) : body;
        head = head.toLowerCase(Locale.ROOT);
        return head.contains("<html") || head.contains("<body") || head.contains("<div") || head.contains("<a href");
    }

    private void addHtml(String body, State st) {
        String html = body.length() > limits.maxHtmlChars() ? body.substring(0, limits.maxHtmlChars()) : body;
        HtmlContent content = HtmlContent.parse(html, limits.maxLinks() - st.links.size(), Link.Source.ANCHOR,
                limits.maxTextChars() - st.text.length() + 1);
        st.links.addAll(content.links());
        st.html = st.html.plus(content.features());
        appendText(content.text(), st);
        // URLs written as text inside HTML (not linked) are links too.
        TextUrls.extract(content.text(), st.links, limits.maxLinks(), Link.Source.TEXT);
    }

    private void addPlainText(String body, State st) {
        TextUrls.extract(body, st.links, limits.maxLinks(), Link.Source.TEXT);
        appendText(body, st);
    }

    private void appendText(String text, State st) {
        int room = limits.maxTextChars() - st.text.length();
        if (room <= 0) {
            return;
        }
        if (st.text.length() > 0) {
            st.text.append('\n');
        }
        st.text.append(text, 0, Math.min(room, text.length()));
    }

    /** A slice of bytes: either of the input (identity encodings) or of a decoded copy. */
    private record Range(byte[] data, int from, int to) {
        byte[] bytes() {
            return from == 0 && to == data.length ? data : Arrays.copyOfRange(data, from, to);
        }
    }

    /**
     * The decoded body {@code data[from, to)}: base64 and quoted-printable decoded in bulk, other
     * encodings read as they are. At most {@code prefix} bytes, the per-part limit and what is left
     * of the per-message decoding budget.
     */
    private Range read(byte[] data, int from, int to, String encoding, State st, int prefix) {
        long room = limits.maxDecodedBytes() - st.decoded;
        if (room <= 0) {
            st.problems.add("more than " + limits.maxDecodedBytes() + " decoded bytes; remaining parts skipped");
            return new Range(new byte[0], 0, 0);
        }
        int max = (int) Math.min(Math.min(room, limits.maxPartBytes()), prefix);
        Range r;
        if (!encoding.isEmpty() && !KNOWN_ENCODINGS.contains(encoding)) {
            st.problems.add("unknown Content-Transfer-Encoding '" + abbreviate(encoding) + "'; read as it is");
        }
        if (encoding.equals("base64")) {
            byte[] d = TransferDecoding.base64(data, from, to, max);
            r = new Range(d, 0, d.length);
        } else if (encoding.equals("quoted-printable")) {
            byte[] d = TransferDecoding.quotedPrintable(data, from, to, max);
            r = new Range(d, 0, d.length);
        } else {
            r = new Range(data, from, from + Math.min(max, to - from));
        }
        st.decoded += r.to - r.from;
        return r;
    }

    /** Encodings read as they are, besides base64 and quoted-printable (decoded). */
    private static final java.util.Set<String> KNOWN_ENCODINGS = java.util.Set.of("base64", "quoted-printable", "7bit",
            "8bit", "binary");

    private static Charset charset(String name, State st) {
        Charset cs = MimeText.charset(name, null);
        if (cs == null) {
            if (name != null && !name.isBlank()) {
                st.problems.add("unknown charset '" + abbreviate(name) + "'; read as UTF-8");
            }
            return StandardCharsets.UTF_8;
        }
        return cs;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String encoding(HeaderBlock h) {
        String e = h.first("Content-Transfer-Encoding");
        if (e == null) {
            return "";
        }
        String v = e.strip().toLowerCase(Locale.ROOT);
        int cut = 0;
        while (cut < v.length() && v.charAt(cut) != ' ' && v.charAt(cut) != ';' && v.charAt(cut) != '(') {
            cut++;
        }
        return v.substring(0, cut);
    }

    private static MimeType contentType(HeaderBlock h, State st) {
        String ct = h.first("Content-Type");
        if (ct == null) {
            return MimeType.TEXT_PLAIN;
        }
        MimeType t = MimeType.parseContentType(ct);
        if (!t.valid()) {
            st.problems.add("Content-Type could not be parsed; read as text");
            return new MimeType("text/plain", t.params(), true);
        }
        return t;
    }

    /** The file name from Content-Disposition, else from Content-Type's {@code name}, decoded. */
    private static String fileName(MimeType type, MimeType disposition) {
        String name = disposition.param("filename");
        if (name == null) {
            name = type.param("name");
        }
        return name == null ? "" : MimeText.decodeWords(name).strip();
    }

    /** Names whose extension makes an "image" worth decoding in full (double extensions, scripts). */
    private static boolean dangerousName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT).strip();
        int dot = n.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String ext = n.substring(dot + 1);
        return !(ext.equals("png") || ext.equals("jpg") || ext.equals("jpeg") || ext.equals("gif") || ext.equals("bmp")
                || ext.equals("webp") || ext.equals("ico") || ext.equals("tif") || ext.equals("tiff"))
                || n.indexOf('.') != dot;
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (msg == null) {
            return kind;
        }
        return kind + ": " + (msg.length() > 160 ? msg.substring(0, 160) + "..." : msg);
    }

    /** First bytes of the image formats mail carries, to confirm a part is what it declares. */
    static final class ImageSignature {
        private ImageSignature() {
        }

        static boolean matches(String declaredType, byte[] d) {
            return switch (declaredType) {
                case "image/png" -> d.length >= 8 && (d[0] & 0xff) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G';
                case "image/jpeg", "image/jpg", "image/pjpeg" -> d.length >= 3 && (d[0] & 0xff) == 0xff && (d[1] & 0xff) == 0xd8
                        && (d[2] & 0xff) == 0xff;
                case "image/gif" -> d.length >= 6 && d[0] == 'G' && d[1] == 'I' && d[2] == 'F' && d[3] == '8';
                case "image/bmp" -> d.length >= 2 && d[0] == 'B' && d[1] == 'M';
                case "image/webp" -> d.length >= 12 && d[0] == 'R' && d[1] == 'I' && d[2] == 'F' && d[3] == 'F'
                        && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P';
                default -> false;
            };
        }
    }

    /** Recognises input that is not an email at all, so it is not judged as one. */
    static final class NotEmail {
        private NotEmail() {
        }

        /** Why {@code d[0, end)} is not an email, or null when it starts like one. */
        static String reason(byte[] d, int end) {
            int p = 0;
            if (end >= 3 && (d[0] & 0xff) == 0xef && (d[1] & 0xff) == 0xbb && (d[2] & 0xff) == 0xbf) {
                p = 3; // UTF-8 byte-order mark written by some editors
            }
            while (p < end && (d[p] == '\r' || d[p] == '\n' || d[p] == ' ' || d[p] == '\t')) {
                p++;
            }
            if (p >= end) {
                return "empty input";
            }
            int first = HeaderBlock.startsWith(d, p, end, "From ") ? HeaderBlock.nextLine(d, p, end) : p;
            if (isFieldLine(d, first, end)) {
                return null;
            }
            String kind = binaryKind(d, p, end);
            if (kind != null) {
                return kind + ", not an email";
            }
            int controls = 0;
            int sample = Math.min(end, p + 4096);
            for (int i = p; i < sample; i++) {
                int b = d[i] & 0xff;
                if (b < 0x20 && b != '\r' && b != '\n' && b != '\t' && b != '\f' && b != 0x1b) {
                    controls++;
                }
            }
            if (controls * 10 > sample - p) {
                return "binary data (" + controls + " control bytes in the first " + (sample - p) + "), not an email";
            }
            int eol = HeaderBlock.lineEnd(d, p, Math.min(end, p + 60));
            return "no header fields: the first line is \"" + printable(d, p, eol) + "\"";
        }

        /** True when the line at {@code p} is {@code Name: value} with a valid field name. */
        private static boolean isFieldLine(byte[] d, int p, int end) {
            int i = p;
            while (i < end && i - p < 100) {
                int b = d[i] & 0xff;
                if (b == ':') {
                    return i > p;
                }
                if (b <= 32 || b >= 127) {
                    return false;
                }
                i++;
            }
            return false;
        }

        private static String binaryKind(byte[] d, int p, int end) {
            if (HeaderBlock.startsWith(d, p, end, "%PDF")) {
                return "a PDF document";
            }
            if (HeaderBlock.startsWith(d, p, end, "PK\u0003\u0004")) {
                return "a ZIP archive or Office document";
            }
            if (end - p >= 4 && (d[p] & 0xff) == 0x89 && d[p + 1] == 'P' && d[p + 2] == 'N' && d[p + 3] == 'G') {
                return "a PNG image";
            }
            if (end - p >= 3 && (d[p] & 0xff) == 0xff && (d[p + 1] & 0xff) == 0xd8 && (d[p + 2] & 0xff) == 0xff) {
                return "a JPEG image";
            }
            if (HeaderBlock.startsWith(d, p, end, "GIF8")) {
                return "a GIF image";
            }
            if (HeaderBlock.startsWith(d, p, end, "MZ") || HeaderBlock.startsWith(d, p, end, "\u007fELF")) {
                return "an executable";
            }
            if (end - p >= 4 && (d[p] & 0xff) == 0xd0 && (d[p + 1] & 0xff) == 0xcf && (d[p + 2] & 0xff) == 0x11) {
                return "an Office (OLE) document";
            }
            if (HeaderBlock.startsWith(d, p, end, "Rar!") || HeaderBlock.startsWith(d, p, end, "7z\u00bc\u00af")) {
                return "an archive";
            }
            if (end - p >= 2 && (d[p] & 0xff) == 0x1f && (d[p + 1] & 0xff) == 0x8b) {
                return "gzip-compressed data";
            }
            return null;
        }

        private static String printable(byte[] d, int from, int to) {
            StringBuilder sb = new StringBuilder(to - from);
            for (int i = from; i < to; i++) {
                int b = d[i] & 0xff;
                sb.append(b >= 32 && b < 127 ? (char) b : '?');
            }
            return sb.toString();
        }
    }
}
