package com.mailmoat.detect.message;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Turns raw MIME bytes into a {@link ParsedMessage} with Jakarta Mail (Angus), within
 * {@link Limits}. Never throws: whatever cannot be parsed becomes a problem note and the parser
 * falls back to reading the raw bytes as text, so even garbage yields links and words to judge.
 * Thread-safe (holds only immutable state).
 */
public final class MessageParser {

    private static final Session SESSION = lenientSession();
    private static final ClassLoader MAIL_LOADER = new StreamProviderLoader(MessageParser.class.getClassLoader());

    private final Limits limits;

    public MessageParser(Limits limits) {
        this.limits = limits;
    }

    private static Session lenientSession() {
        Properties p = new Properties();
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.decodetext.strict", "false");
        p.setProperty("mail.mime.parameters.strict", "false");
        p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        p.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
        p.setProperty("mail.mime.multipart.ignoreexistingboundaryparameter", "false");
        p.setProperty("mail.mime.multipart.allowempty", "true");
        p.setProperty("mail.mime.ignoreunknownencoding", "true");
        p.setProperty("mail.mime.base64.ignoreerrors", "true");
        return Session.getInstance(p);
    }

    /** Parses {@code raw}; never throws for any input. */
    public ParsedMessage parse(byte[] raw) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MAIL_LOADER);
        try {
            return parseWithMailLoader(raw);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private ParsedMessage parseWithMailLoader(byte[] raw) {
        State st = new State();
        byte[] bytes = raw == null ? new byte[0] : raw;
        if (bytes.length > limits.maxMessageBytes()) {
            st.problems.add("message is " + bytes.length + " bytes; only the first " + limits.maxMessageBytes() + " were analysed");
            bytes = java.util.Arrays.copyOf(bytes, limits.maxMessageBytes());
        }
        MimeMessage message = null;
        try {
            message = new MimeMessage(SESSION, new SharedByteArrayInputStream(bytes));
            readHeaders(message, st);
        } catch (Exception | StackOverflowError e) {
            st.problems.add("headers could not be parsed: " + describe(e));
        }
        if (message != null) {
            try {
                walk(message, 0, st, false);
            } catch (Exception | StackOverflowError e) {
                st.problems.add("body could not be parsed: " + describe(e));
            }
        }
        if (message == null || (st.text.length() == 0 && st.links.isEmpty() && st.attachments.isEmpty())) {
            // Nothing usable came out of the MIME structure: judge the raw bytes as text.
            String rawText = new String(bytes, 0, Math.min(bytes.length, limits.maxHtmlChars()), StandardCharsets.ISO_8859_1);
            if (message == null || bytes.length > 0) {
                addPlainText(rawText, st);
            }
        }
        return new ParsedMessage(List.copyOf(st.headers), st.from == null ? Address.of("", "") : st.from, st.fromCount,
                st.sender, List.copyOf(st.replyTo), st.returnPath, List.copyOf(st.to), st.subject,
                st.text.toString(), List.copyOf(st.links), st.html, List.copyOf(st.attachments), st.report,
                List.copyOf(st.problems), st.htmlBodies > 0 && st.plainBodies == 0);
    }

    /** Mutable state of one parse. */
    private static final class State {
        final List<com.mailmoat.detect.message.Header> headers = new ArrayList<>();
        Address from;
        int fromCount;
        Address sender;
        final List<Address> replyTo = new ArrayList<>(1);
        Address returnPath;
        final List<Address> to = new ArrayList<>(2);
        String subject = "";
        final StringBuilder text = new StringBuilder();
        final List<Link> links = new ArrayList<>();
        HtmlContent.Features html = HtmlContent.Features.NONE;
        final List<Attachment> attachments = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        boolean report;
        int parts;
        long decoded;
        int htmlBodies;
        int plainBodies;
    }

    private void readHeaders(MimeMessage message, State st) throws MessagingException {
        Enumeration<Header> all = message.getAllHeaders();
        while (all.hasMoreElements()) {
            Header h = all.nextElement();
            if (st.headers.size() >= limits.maxHeaders()) {
                st.problems.add("more than " + limits.maxHeaders() + " header fields; the rest were ignored");
                break;
            }
            String value = h.getValue() == null ? "" : repairUtf8(h.getValue());
            if (value.length() > 16_384) {
                value = value.substring(0, 16_384);
            }
            st.headers.add(new com.mailmoat.detect.message.Header(h.getName(), unfold(value)));
        }
        List<Address> from = addresses(message, "From", st);
        st.fromCount = from.size();
        st.from = from.isEmpty() ? null : from.get(0);
        if (st.from == null) {
            String rawFrom = message.getHeader("From", ",");
            if (rawFrom != null) {
                st.from = Address.of(decode(rawFrom), "");
            }
        }
        List<Address> sender = addresses(message, "Sender", st);
        st.sender = sender.isEmpty() ? null : sender.get(0);
        st.replyTo.addAll(addresses(message, "Reply-To", st));
        List<Address> rp = addresses(message, "Return-Path", st);
        st.returnPath = rp.isEmpty() ? null : rp.get(0);
        st.to.addAll(addresses(message, "To", st));
        st.to.addAll(addresses(message, "Cc", st));
        String subject = message.getHeader("Subject", " ");
        st.subject = subject == null ? "" : decode(repairUtf8(unfold(subject)));
    }

    private List<Address> addresses(MimeMessage message, String name, State st) {
        List<Address> out = new ArrayList<>(1);
        String raw;
        try {
            raw = message.getHeader(name, ",");
        } catch (MessagingException e) {
            return out;
        }
        if (raw == null) {
            return out;
        }
        raw = repairUtf8(unfold(raw));
        if (raw.length() > 8192) {
            raw = raw.substring(0, 8192);
        }
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(raw, false);
            for (InternetAddress a : parsed) {
                if (out.size() >= 50) {
                    break;
                }
                out.add(Address.of(a.getPersonal() == null ? "" : a.getPersonal(), a.getAddress()));
            }
        } catch (AddressException | RuntimeException e) {
            st.problems.add(name + " header could not be parsed: " + describe(e));
            int lt = raw.lastIndexOf('<');
            int gt = raw.lastIndexOf('>');
            if (lt >= 0 && gt > lt) {
                out.add(Address.of(decode(raw.substring(0, lt).replace("\"", "")), raw.substring(lt + 1, gt)));
            } else {
                out.add(Address.of("", raw));
            }
        }
        return out;
    }

    private void walk(Part part, int depth, State st, boolean quoted) {
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
        ContentType type = contentType(part, st);
        String base = type.getBaseType().toLowerCase(Locale.ROOT);
        try {
            if (base.startsWith("multipart/")) {
                if (base.equals("multipart/report")) {
                    st.report = true;
                }
                MimeMultipart multipart = new MimeMultipart(new MimePartDataSource((MimePart) part));
                int count = multipart.getCount();
                for (int i = 0; i < count && st.parts <= limits.maxParts(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    walk(child, depth + 1, st, quoted || (st.report && i > 0));
                }
                return;
            }
            if (base.equals("message/rfc822") || base.equals("message/global")) {
                byte[] inner = read(part, st);
                MimeMessage attached = new MimeMessage(SESSION, new SharedByteArrayInputStream(inner));
                attached.getAllHeaders();
                walk(attached, depth + 1, st, quoted || st.report);
                return;
            }
            String fileName = fileName(part);
            String disposition = disposition(part);
            boolean attachment = !fileName.isEmpty() || "attachment".equals(disposition);
            if (!attachment && !quoted && (base.equals("text/plain") || base.equals("text/html") || base.equals("text")
                    || base.isEmpty())) {
                String body = decodeText(read(part, st), type);
                if (base.equals("text/html") || (base.isEmpty() && looksLikeHtml(body))) {
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
            byte[] content = read(part, st);
            st.attachments.add(new Attachment(fileName, base, content, content.length >= limits.maxPartBytes()));
        } catch (Exception | StackOverflowError e) {
            st.problems.add("a " + base + " part could not be parsed: " + describe(e));
        }
    }

    private static boolean looksLikeHtml(String body) {
        String head = body.length() > 512 ? body.substring(0, 512) : body;
        head = head.toLowerCase(Locale.ROOT);
        return head.contains("<html") || head.contains("<body") || head.contains("<div") || head.contains("<a href");
    }

    private void addHtml(String body, State st) {
        String html = body.length() > limits.maxHtmlChars() ? body.substring(0, limits.maxHtmlChars()) : body;
        HtmlContent content = HtmlContent.parse(html, limits.maxLinks() - st.links.size(), Link.Source.ANCHOR);
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

    private byte[] read(Part part, State st) throws IOException, MessagingException {
        long room = limits.maxDecodedBytes() - st.decoded;
        if (room <= 0) {
            st.problems.add("more than " + limits.maxDecodedBytes() + " decoded bytes; remaining parts skipped");
            return new byte[0];
        }
        int max = (int) Math.min(room, limits.maxPartBytes());
        byte[] data = decodeTransferEncoding(part, max);
        if (data != null) {
            st.decoded += data.length;
            return data;
        }
        try (InputStream in = part.getInputStream()) {
            data = in.readNBytes(max);
        } catch (IOException | MessagingException | RuntimeException e) {
            st.problems.add("a part's transfer encoding could not be decoded (" + describe(e) + "); read as raw bytes");
            if (part instanceof MimeBodyPart mbp) {
                try (InputStream in = mbp.getRawInputStream()) {
                    data = in.readNBytes(max);
                }
            } else if (part instanceof MimeMessage mm) {
                try (InputStream in = mm.getRawInputStream()) {
                    data = in.readNBytes(max);
                }
            } else {
                data = new byte[0];
            }
        }
        st.decoded += data.length;
        return data;
    }

    /**
     * Base64 and quoted-printable bodies decoded here from the raw bytes, in bulk: the mail
     * library's decoder streams work a byte at a time and were a sixth of the engine's time.
     * Both decoders are lenient (stray characters skipped, as mail clients do) and never throw.
     * Returns null for other encodings, which the library reads.
     */
    private static byte[] decodeTransferEncoding(Part part, int max) {
        String encoding;
        InputStream raw;
        try {
            if (part instanceof MimeBodyPart mbp) {
                encoding = mbp.getEncoding();
                if (!isBulkDecoded(encoding)) {
                    return null;
                }
                raw = mbp.getRawInputStream();
            } else if (part instanceof MimeMessage mm) {
                encoding = mm.getEncoding();
                if (!isBulkDecoded(encoding)) {
                    return null;
                }
                raw = mm.getRawInputStream();
            } else {
                return null;
            }
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
        try (InputStream in = raw) {
            // encoded text is longer than what it encodes: base64 by 4/3, quoted-printable by up to 3
            byte[] encoded = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max * 3L + 16));
            byte[] decoded = encoding.equalsIgnoreCase("base64") ? TransferDecoding.base64(encoded)
                    : TransferDecoding.quotedPrintable(encoded);
            return decoded.length > max ? java.util.Arrays.copyOf(decoded, max) : decoded;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isBulkDecoded(String encoding) {
        return encoding != null && (encoding.equalsIgnoreCase("base64") || encoding.equalsIgnoreCase("quoted-printable"));
    }

    private ContentType contentType(Part part, State st) {
        try {
            String ct = part.getContentType();
            return new ContentType(ct == null ? "text/plain" : ct);
        } catch (Exception e) {
            st.problems.add("Content-Type could not be parsed; read as text");
            return new ContentType("text", "plain", null);
        }
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? "" : decode(name).strip();
        } catch (Exception e) {
            return "unparseable-name";
        }
    }

    private static String disposition(Part part) {
        try {
            String d = part.getDisposition();
            return d == null ? "" : d.toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            return "";
        }
    }

    private static String decodeText(byte[] bytes, ContentType type) {
        String charset = type.getParameter("charset");
        Charset cs = StandardCharsets.UTF_8;
        if (charset != null) {
            try {
                cs = Charset.forName(MimeUtility.javaCharset(charset.strip().replace("\"", "")));
            } catch (Exception e) {
                cs = StandardCharsets.UTF_8;
            }
        }
        return new String(bytes, cs);
    }

    private static String decode(String value) {
        try {
            return MimeUtility.decodeText(value);
        } catch (Exception e) {
            return value;
        }
    }

    /**
     * Header values written as raw UTF-8 (common, though RFC 5322 wants encoded words) reach us
     * decoded byte by byte as ISO-8859-1 ("GroÃ\u009f"). When the bytes are valid UTF-8 they are
     * re-decoded, so subjects and sender names read as the recipient's client shows them;
     * anything else is left alone.
     */
    static String repairUtf8(String value) {
        boolean high = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff) {
                return value;
            }
            high |= c >= 0x80;
        }
        if (!high) {
            return value;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return value;
        }
    }

    private static String unfold(String value) {
        if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        boolean inBreak = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                inBreak = true;
            } else if (inBreak && (c == ' ' || c == '\t')) {
                // folding whitespace collapses to one space
            } else {
                if (inBreak) {
                    out.append(' ');
                    inBreak = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (msg == null) {
            return kind;
        }
        return kind + ": " + (msg.length() > 160 ? msg.substring(0, 160) + "..." : msg);
    }
}
