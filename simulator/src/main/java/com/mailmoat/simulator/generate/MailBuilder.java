package com.mailmoat.simulator.generate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Assembles one RFC 5322 message the way a receiving Exchange Online server would store it:
 * trace and authentication headers, then the author's headers, then a (multipart) MIME body with
 * quoted-printable text parts and base64 attachments. Deterministic for a given {@link Random}.
 */
final class MailBuilder {

    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

    /** One attachment; {@code content} is written base64-encoded. */
    record Attachment(String fileName, String contentType, byte[] content) {
    }

    private final Random random;
    private String fromName;
    private String fromAddress;
    private String replyTo;
    private String returnPath;
    private final List<String> to = new ArrayList<>();
    private final List<String> cc = new ArrayList<>();
    private String subject;
    private Instant date;
    private String senderIp;
    private String authenticationResults;
    private boolean internal;
    private final List<String[]> extraHeaders = new ArrayList<>();
    private String text;
    private String html;
    private String calendar;
    private final List<Attachment> attachments = new ArrayList<>();
    private String messageIdDomain;

    MailBuilder(Random random) {
        this.random = random;
    }

    MailBuilder from(String name, String address) {
        this.fromName = name;
        this.fromAddress = address;
        this.messageIdDomain = domainOf(address);
        return this;
    }

    MailBuilder replyTo(String address) {
        this.replyTo = address;
        return this;
    }

    MailBuilder returnPath(String address) {
        this.returnPath = address;
        return this;
    }

    MailBuilder to(String nameAndAddress) {
        to.add(nameAndAddress);
        return this;
    }

    MailBuilder cc(String nameAndAddress) {
        cc.add(nameAndAddress);
        return this;
    }

    MailBuilder subject(String value) {
        this.subject = value;
        return this;
    }

    /** When the author sent it (the Date header); trace headers are a few seconds later. */
    MailBuilder date(Instant value) {
        this.date = value;
        return this;
    }

    MailBuilder senderIp(String value) {
        this.senderIp = value;
        return this;
    }

    /** Mail between two mailboxes of the tenant: no internet hop, authenticated as internal. */
    MailBuilder internal() {
        this.internal = true;
        return this;
    }

    MailBuilder authenticationResults(String value) {
        this.authenticationResults = value;
        return this;
    }

    MailBuilder header(String name, String value) {
        extraHeaders.add(new String[] {name, value});
        return this;
    }

    MailBuilder text(String value) {
        this.text = value;
        return this;
    }

    MailBuilder html(String value) {
        this.html = value;
        return this;
    }

    MailBuilder calendar(String value) {
        this.calendar = value;
        return this;
    }

    MailBuilder attach(String fileName, String contentType, byte[] content) {
        attachments.add(new Attachment(fileName, contentType, content));
        return this;
    }

    byte[] build() {
        StringBuilder out = new StringBuilder();
        String recipientDomain = to.isEmpty() ? "example.invalid" : domainOf(addressOf(to.get(0)));
        Instant arrived = date.plusSeconds(2 + random.nextInt(40));
        String mailboxServer = "MW4PR" + (10 + random.nextInt(80)) + "MB" + (1000 + random.nextInt(9000))
                + ".namprd" + (10 + random.nextInt(8)) + ".prod.outlook.com";
        if (!internal) {
            header(out, "Return-Path", "<" + (returnPath != null ? returnPath : fromAddress) + ">");
            header(out, "Received", "from " + mailboxServer.replace("MB", "CA") + " by " + mailboxServer
                    + " with HTTPS; " + RFC_5322.format(arrived));
            header(out, "Received", "from mail." + domainOf(returnPath != null ? returnPath : fromAddress) + " ("
                    + senderIp + ") by " + mailboxServer.replace("MB", "EX") + " (" + "10.167." + random.nextInt(255)
                    + "." + random.nextInt(255) + ") with Microsoft SMTP Server (version=TLS1_2,"
                    + " cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.8.12; " + RFC_5322.format(arrived));
            header(out, "Authentication-Results", authenticationResults != null ? authenticationResults
                    : AuthResults.pass(senderIp, domainOf(fromAddress)));
            header(out, "X-MS-Exchange-Organization-AuthAs", "Anonymous");
        } else {
            header(out, "Received", "from " + mailboxServer + " by " + mailboxServer + " with mapi id 15.20.8.12; "
                    + RFC_5322.format(arrived));
            header(out, "X-MS-Exchange-Organization-AuthAs", "Internal");
            header(out, "X-MS-Exchange-Organization-AuthSource", mailboxServer);
        }
        header(out, "From", mailbox(fromName, fromAddress));
        header(out, "To", String.join(", ", to));
        if (!cc.isEmpty()) {
            header(out, "Cc", String.join(", ", cc));
        }
        header(out, "Subject", encodeWord(subject));
        header(out, "Date", RFC_5322.format(date));
        header(out, "Message-ID", "<" + hex(16) + "@" + (messageIdDomain != null ? messageIdDomain : recipientDomain) + ">");
        if (replyTo != null) {
            header(out, "Reply-To", replyTo);
        }
        for (String[] extra : extraHeaders) {
            header(out, extra[0], extra[1]);
        }
        header(out, "MIME-Version", "1.0");
        writeBody(out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void writeBody(StringBuilder out) {
        if (attachments.isEmpty()) {
            writeContent(out);
            return;
        }
        String boundary = "_mixed_" + hex(12);
        header(out, "Content-Type", "multipart/mixed; boundary=\"" + boundary + "\"");
        out.append("\r\n");
        out.append("--").append(boundary).append("\r\n");
        writeContent(out);
        for (Attachment attachment : attachments) {
            out.append("\r\n--").append(boundary).append("\r\n");
            header(out, "Content-Type", attachment.contentType() + "; name=\"" + attachment.fileName() + "\"");
            header(out, "Content-Disposition", "attachment; filename=\"" + attachment.fileName() + "\"");
            header(out, "Content-Transfer-Encoding", "base64");
            out.append("\r\n").append(base64Lines(attachment.content()));
        }
        out.append("\r\n--").append(boundary).append("--\r\n");
    }

    /** The readable part: text, html, text+html or text+calendar. */
    private void writeContent(StringBuilder out) {
        List<String[]> parts = new ArrayList<>();
        if (text != null) {
            parts.add(new String[] {"text/plain; charset=\"utf-8\"", text});
        }
        if (html != null) {
            parts.add(new String[] {"text/html; charset=\"utf-8\"", html});
        }
        if (calendar != null) {
            parts.add(new String[] {"text/calendar; charset=\"utf-8\"; method=REQUEST", calendar});
        }
        if (parts.size() == 1) {
            writePart(out, parts.get(0));
            return;
        }
        String boundary = "_alt_" + hex(12);
        header(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        out.append("\r\n");
        for (String[] part : parts) {
            out.append("--").append(boundary).append("\r\n");
            writePart(out, part);
            out.append("\r\n");
        }
        out.append("--").append(boundary).append("--\r\n");
    }

    private static void writePart(StringBuilder out, String[] part) {
        header(out, "Content-Type", part[0]);
        header(out, "Content-Transfer-Encoding", "quoted-printable");
        out.append("\r\n").append(quotedPrintable(part[1]));
    }

    static String mailbox(String name, String address) {
        if (name == null || name.isBlank()) {
            return "<" + address + ">";
        }
        boolean needsQuotes = name.chars().anyMatch(c -> "()<>[]:;@\\,.\"".indexOf(c) >= 0);
        String shown = needsQuotes ? "\"" + name.replace("\"", "'") + "\"" : name;
        return encodeWord(shown) + " <" + address + ">";
    }

    private static void header(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(fold(name.length() + 2, value)).append("\r\n");
    }

    /** Folds long header values at spaces (RFC 5322 2.2.3), keeping lines under 78 characters. */
    private static String fold(int used, String value) {
        StringBuilder folded = new StringBuilder();
        int lineLength = used;
        for (String word : value.split(" ", -1)) {
            if (lineLength + word.length() + 1 > 78 && lineLength > used) {
                folded.append("\r\n ");
                lineLength = 1;
            } else if (folded.length() > 0) {
                folded.append(' ');
                lineLength++;
            }
            folded.append(word);
            lineLength += word.length();
        }
        return folded.toString();
    }

    /** RFC 2047 encoded word when the value is not plain ASCII. */
    static String encodeWord(String value) {
        if (value.chars().allMatch(c -> c >= 32 && c < 127)) {
            return value;
        }
        return "=?utf-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    static String quotedPrintable(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            StringBuilder encoded = new StringBuilder();
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i++) {
                int b = bytes[i] & 0xff;
                boolean trailingSpace = (b == ' ' || b == '\t') && i == bytes.length - 1;
                String piece = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !trailingSpace)
                        ? String.valueOf((char) b) : String.format("=%02X", b);
                if (encoded.length() + piece.length() > 75) {
                    out.append(encoded).append("=\r\n");
                    encoded.setLength(0);
                }
                encoded.append(piece);
            }
            out.append(encoded).append("\r\n");
        }
        return out.toString();
    }

    private static String base64Lines(byte[] content) {
        String encoded = Base64.getEncoder().encodeToString(content);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < encoded.length(); i += 76) {
            out.append(encoded, i, Math.min(encoded.length(), i + 76)).append("\r\n");
        }
        return out.toString();
    }

    private String hex(int bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            out.append(String.format("%02x", random.nextInt(256)));
        }
        return out.toString();
    }

    static String domainOf(String address) {
        return address.substring(address.indexOf('@') + 1);
    }

    static String addressOf(String nameAndAddress) {
        int lt = nameAndAddress.indexOf('<');
        return lt < 0 ? nameAndAddress : nameAndAddress.substring(lt + 1, nameAndAddress.indexOf('>', lt));
    }
}
