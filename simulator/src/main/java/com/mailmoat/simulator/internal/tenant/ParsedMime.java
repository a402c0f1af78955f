package com.mailmoat.simulator.internal.tenant;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The Graph-visible properties of a raw MIME message (subject, sender, recipients, headers,
 * body, attachments), extracted once when the message enters a mailbox. The raw bytes stay
 * the source of truth for {@code $value}.
 */
public record ParsedMime(
        String subject,
        com.mailmoat.simulator.internal.tenant.Address from,
        com.mailmoat.simulator.internal.tenant.Address sender,
        List<com.mailmoat.simulator.internal.tenant.Address> to,
        List<com.mailmoat.simulator.internal.tenant.Address> cc,
        List<com.mailmoat.simulator.internal.tenant.Address> bcc,
        List<com.mailmoat.simulator.internal.tenant.Address> replyTo,
        String internetMessageId,
        Instant sentDateTime,
        List<Map.Entry<String, String>> headers,
        String textBody,
        String htmlBody,
        boolean hasAttachments) {

    private static final Session SESSION = Session.getInstance(new Properties());

    /** Parses leniently: a malformed message still gets a record with what could be read. */
    public static ParsedMime parse(byte[] mime) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(mime));
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (Header header : Collections.list(message.getAllHeaders())) {
                headers.add(Map.entry(header.getName(), unfold(header.getValue())));
            }
            BodyCollector body = new BodyCollector();
            try {
                body.walk(message);
            } catch (IOException | MessagingException e) {
                // Keep the headers even if the body is broken: Graph still lists such messages.
            }
            List<com.mailmoat.simulator.internal.tenant.Address> from = addresses(message.getHeader("From", ","));
            List<com.mailmoat.simulator.internal.tenant.Address> sender = addresses(message.getHeader("Sender", ","));
            return new ParsedMime(
                    decode(message.getHeader("Subject", null)),
                    from.isEmpty() ? null : from.get(0),
                    !sender.isEmpty() ? sender.get(0) : from.isEmpty() ? null : from.get(0),
                    addresses(message.getHeader("To", ",")),
                    addresses(message.getHeader("Cc", ",")),
                    addresses(message.getHeader("Bcc", ",")),
                    addresses(message.getHeader("Reply-To", ",")),
                    trimToNull(message.getHeader("Message-ID", null)),
                    sentDate(message),
                    List.copyOf(headers),
                    body.text,
                    body.html,
                    body.attachments);
        } catch (MessagingException e) {
            return new ParsedMime(null, null, null, List.of(), List.of(), List.of(), List.of(), null, null,
                    List.of(), null, null, false);
        }
    }

    private static Instant sentDate(MimeMessage message) {
        try {
            return message.getSentDate() == null ? null : message.getSentDate().toInstant();
        } catch (MessagingException e) {
            return null;
        }
    }

    private static List<com.mailmoat.simulator.internal.tenant.Address> addresses(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        List<com.mailmoat.simulator.internal.tenant.Address> result = new ArrayList<>();
        try {
            for (Address address : InternetAddress.parseHeader(header, false)) {
                if (address instanceof InternetAddress internet) {
                    String name = internet.getPersonal();
                    String email = internet.getAddress();
                    result.add(new com.mailmoat.simulator.internal.tenant.Address(name == null ? email : name, email));
                }
            }
        } catch (MessagingException e) {
            result.add(new com.mailmoat.simulator.internal.tenant.Address(header.trim(), header.trim()));
        }
        return result;
    }

    private static String decode(String value) {
        if (value == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(unfold(value));
        } catch (java.io.UnsupportedEncodingException e) {
            return unfold(value);
        }
    }

    private static String unfold(String value) {
        return value == null ? null : value.replaceAll("\r?\n[ \t]+", " ").trim();
    }

    private static String trimToNull(String value) {
        return value == null || value.isBlank() ? null : unfold(value);
    }

    /** The first text/plain and text/html parts, and whether anything is an attachment. */
    private static final class BodyCollector {
        String text;
        String html;
        boolean attachments;

        void walk(Part part) throws MessagingException, IOException {
            String disposition = part.getDisposition();
            String fileName = safeFileName(part);
            if (Part.ATTACHMENT.equalsIgnoreCase(disposition) || (fileName != null && !part.isMimeType("multipart/*"))) {
                attachments = true;
                return;
            }
            if (part.isMimeType("multipart/*")) {
                Object content = part.getContent();
                if (content instanceof Multipart multipart) {
                    for (int i = 0; i < multipart.getCount(); i++) {
                        BodyPart child = multipart.getBodyPart(i);
                        walk(child);
                    }
                }
            } else if (part.isMimeType("text/plain") && text == null) {
                text = String.valueOf(part.getContent());
            } else if (part.isMimeType("text/html") && html == null) {
                html = String.valueOf(part.getContent());
            } else if (part.isMimeType("message/rfc822")) {
                attachments = true;
            }
        }

        private static String safeFileName(Part part) {
            try {
                return part.getFileName();
            } catch (MessagingException e) {
                return null;
            }
        }
    }
}
