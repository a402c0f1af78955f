package com.mailmoat.simulator.internal.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.internal.http.Json;
import com.mailmoat.simulator.internal.tenant.Address;
import com.mailmoat.simulator.internal.tenant.ParsedMime;
import com.mailmoat.simulator.internal.tenant.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders a stored message as Graph's {@code message} resource, honouring {@code $select}. */
final class MessageJson {

    /** Properties returned when there is no {@code $select}, in Graph's order. */
    static final List<String> DEFAULT_PROPERTIES = List.of("createdDateTime", "lastModifiedDateTime", "changeKey",
            "categories", "receivedDateTime", "sentDateTime", "hasAttachments", "internetMessageId", "subject",
            "bodyPreview", "importance", "parentFolderId", "conversationId", "conversationIndex",
            "isDeliveryReceiptRequested", "isReadReceiptRequested", "isRead", "isDraft", "webLink",
            "inferenceClassification", "body", "sender", "from", "toRecipients", "ccRecipients", "bccRecipients",
            "replyTo", "flag");

    /** Everything {@code $select} may name. */
    static final Set<String> SELECTABLE;

    static {
        java.util.HashSet<String> all = new java.util.HashSet<>(DEFAULT_PROPERTIES);
        all.addAll(List.of("id", "internetMessageHeaders", "uniqueBody"));
        SELECTABLE = Set.copyOf(all);
    }

    private MessageJson() {
    }

    /** @param immutable render the immutable id ({@code Prefer: IdType="ImmutableId"}) instead of the REST id */
    static ObjectNode render(StoredMessage message, List<String> select, boolean textBody, String webBase,
                             boolean immutable) {
        ObjectNode json = Json.object();
        json.put("@odata.etag", "W/\"" + message.changeKey() + "\"");
        json.put("id", message.id(immutable));
        for (String property : select == null ? DEFAULT_PROPERTIES : select) {
            if (!property.equals("id")) {
                put(json, property, message, textBody, webBase, immutable);
            }
        }
        return json;
    }

    /** Renders the properties only (no etag, no id), for delta answers that order them differently. */
    static void putProperties(ObjectNode json, StoredMessage message, List<String> select, boolean textBody,
                              String webBase, boolean immutable) {
        for (String property : select == null ? DEFAULT_PROPERTIES : select) {
            if (!property.equals("id")) {
                put(json, property, message, textBody, webBase, immutable);
            }
        }
    }

    private static void put(ObjectNode json, String property, StoredMessage message, boolean textBody, String webBase,
                            boolean immutable) {
        ParsedMime mime = message.parsed();
        switch (property) {
            case "createdDateTime" -> json.put(property, Json.dateTime(message.createdDateTime()));
            case "lastModifiedDateTime" -> json.put(property, Json.dateTime(message.lastModifiedDateTime()));
            case "changeKey" -> json.put(property, message.changeKey());
            case "categories" -> json.putArray(property);
            case "receivedDateTime" -> json.put(property, Json.dateTime(message.receivedDateTime()));
            case "sentDateTime" -> json.put(property, Json.dateTime(
                    mime.sentDateTime() != null ? mime.sentDateTime() : message.receivedDateTime()));
            case "hasAttachments" -> json.put(property, mime.hasAttachments());
            case "internetMessageId" -> json.put(property, mime.internetMessageId());
            case "subject" -> json.put(property, mime.subject());
            case "bodyPreview" -> json.put(property, preview(mime));
            case "importance" -> json.put(property, importance(mime));
            case "parentFolderId" -> json.put(property, message.folderId());
            case "conversationId" -> json.put(property, conversationId(mime.subject()));
            case "conversationIndex" -> json.put(property, Base64.getEncoder().encodeToString(
                    digest(message.immutableId()).substring(0, 22).getBytes(StandardCharsets.US_ASCII)));
            case "isDeliveryReceiptRequested", "isReadReceiptRequested", "isDraft" -> json.put(property, false);
            case "isRead" -> json.put(property, message.isRead());
            case "webLink" -> json.put(property, webBase + "/owa/?ItemID="
                    + Paging.encode(message.id(immutable), "") + "&exvsurl=1&viewmodel=ReadMessageItem");
            case "inferenceClassification" -> json.put(property, "focused");
            case "body", "uniqueBody" -> body(json.putObject(property), mime, textBody);
            case "sender" -> recipient(json, property, mime.sender());
            case "from" -> recipient(json, property, mime.from());
            case "toRecipients" -> recipients(json.putArray(property), mime.to());
            case "ccRecipients" -> recipients(json.putArray(property), mime.cc());
            case "bccRecipients" -> recipients(json.putArray(property), mime.bcc());
            case "replyTo" -> recipients(json.putArray(property), mime.replyTo());
            case "flag" -> json.putObject(property).put("flagStatus", "notFlagged");
            case "internetMessageHeaders" -> {
                ArrayNode headers = json.putArray(property);
                for (Map.Entry<String, String> header : mime.headers()) {
                    headers.addObject().put("name", header.getKey()).put("value", header.getValue());
                }
            }
            default -> json.putNull(property);
        }
    }

    private static void body(ObjectNode body, ParsedMime mime, boolean textBody) {
        if (textBody) {
            body.put("contentType", "text");
            body.put("content", mime.textBody() != null ? mime.textBody() : stripTags(mime.htmlBody()));
            return;
        }
        body.put("contentType", "html");
        if (mime.htmlBody() != null) {
            body.put("content", mime.htmlBody());
        } else {
            String text = mime.textBody() == null ? "" : mime.textBody();
            body.put("content", "<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
                    + "</head>\r\n<body>\r\n<div>" + escape(text).replace("\r\n", "\n").replace("\n", "<br>\r\n")
                    + "</div>\r\n</body>\r\n</html>\r\n");
        }
    }

    private static String preview(ParsedMime mime) {
        String text = mime.textBody() != null ? mime.textBody() : stripTags(mime.htmlBody());
        String collapsed = text.replaceAll("\\s+", " ").trim();
        return collapsed.length() <= 255 ? collapsed : collapsed.substring(0, 255);
    }

    private static String importance(ParsedMime mime) {
        for (Map.Entry<String, String> header : mime.headers()) {
            if (header.getKey().equalsIgnoreCase("Importance")) {
                return header.getValue().toLowerCase(java.util.Locale.ROOT);
            }
            if (header.getKey().equalsIgnoreCase("X-Priority") && header.getValue().trim().startsWith("1")) {
                return "high";
            }
        }
        return "normal";
    }

    private static void recipient(ObjectNode json, String property, Address address) {
        if (address == null) {
            json.putNull(property);
            return;
        }
        json.putObject(property).putObject("emailAddress").put("name", address.name()).put("address", address.address());
    }

    private static void recipients(ArrayNode array, List<Address> addresses) {
        for (Address address : addresses) {
            array.addObject().putObject("emailAddress").put("name", address.name()).put("address", address.address());
        }
    }

    static String conversationId(String subject) {
        String normalized = subject == null ? "" : subject.replaceAll("(?i)^((re|fw|fwd|aw|sv)\\s*:\\s*)+", "").trim();
        return "AAQkAD" + digest(normalized.toLowerCase(java.util.Locale.ROOT)).substring(0, 24) + "=";
    }

    private static String digest(String text) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stripTags(String html) {
        if (html == null) {
            return "";
        }
        return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]+>", " ")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").trim();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
