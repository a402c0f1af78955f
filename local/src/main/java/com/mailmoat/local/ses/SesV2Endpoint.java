package com.mailmoat.local.ses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Amazon SES v2 on 127.0.0.1: it speaks the {@code SendEmail} REST-JSON
 * operation ({@code POST /v2/email/outbound-emails}) well enough for the AWS SDK's
 * {@code SesV2Client} (simple content with text and/or HTML, and raw MIME), and instead of
 * delivering it keeps every email in the {@link Outbox}. Errors use SES's shape
 * ({@code x-amzn-ErrorType} header, {@code {"message": ...}} body), so the SDK raises its typed
 * exceptions.
 */
public final class SesV2Endpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SesV2Endpoint.class);
    private static final String SEND_EMAIL = "/v2/email/outbound-emails";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Outbox outbox;

    private SesV2Endpoint(HttpServer server, Outbox outbox) {
        this.server = server;
        this.outbox = outbox;
    }

    /** Starts the endpoint on a free loopback port. */
    public static SesV2Endpoint start(Outbox outbox) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        SesV2Endpoint endpoint = new SesV2Endpoint(server, outbox);
        server.createContext("/", endpoint::exchange);
        server.start();
        return endpoint;
    }

    /** The endpoint URL to give the SDK as its endpoint override. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals(SEND_EMAIL)) {
                error(exchange, 404, "NotFoundException", "The local SES endpoint only supports SendEmail");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                error(exchange, 405, "BadRequestException", "SendEmail is a POST");
                return;
            }
            SentEmail email;
            try {
                email = parse(JSON.readTree(exchange.getRequestBody()));
            } catch (IOException | IllegalArgumentException | MessagingException e) {
                error(exchange, 400, "BadRequestException", e.getMessage());
                return;
            }
            outbox.add(email);
            LOG.info("SES outbox: \"{}\" to {}", email.subject(), email.to());
            respond(exchange, 200, Map.of("MessageId", email.id()), null);
        }
    }

    private static SentEmail parse(JsonNode request) throws IOException, MessagingException {
        JsonNode content = request.path("Content");
        JsonNode destination = request.path("Destination");
        List<String> to = strings(destination.path("ToAddresses"));
        List<String> cc = strings(destination.path("CcAddresses"));
        List<String> bcc = strings(destination.path("BccAddresses"));
        String from = text(request.path("FromEmailAddress"));
        String subject;
        String textBody;
        String htmlBody;
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (content.has("Simple")) {
            JsonNode simple = content.path("Simple");
            for (JsonNode header : simple.path("Headers")) {
                headers.put(header.path("Name").asText(), header.path("Value").asText());
            }
            subject = text(simple.path("Subject").path("Data"));
            textBody = text(simple.path("Body").path("Text").path("Data"));
            htmlBody = text(simple.path("Body").path("Html").path("Data"));
            if (subject == null) {
                throw new IllegalArgumentException("Content.Simple.Subject is required");
            }
            if (textBody == null && htmlBody == null) {
                throw new IllegalArgumentException("Content.Simple.Body needs Text or Html");
            }
        } else if (content.has("Raw")) {
            byte[] mime = Base64.getDecoder().decode(text(content.path("Raw").path("Data")));
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime));
            subject = message.getSubject();
            for (String name : List.of("List-Unsubscribe", "List-Unsubscribe-Post")) {
                String value = message.getHeader(name, ", ");
                if (value != null) {
                    headers.put(name, value);
                }
            }
            if (from == null && message.getFrom() != null && message.getFrom().length > 0) {
                from = ((InternetAddress) message.getFrom()[0]).getAddress();
            }
            if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
                to = addresses(message, Message.RecipientType.TO);
                cc = addresses(message, Message.RecipientType.CC);
            }
            String[] bodies = new String[2];
            collectBodies(message, bodies);
            textBody = bodies[0];
            htmlBody = bodies[1];
        } else {
            throw new IllegalArgumentException("Content needs Simple or Raw (Template is not supported locally)");
        }
        if (from == null) {
            throw new IllegalArgumentException("FromEmailAddress is required");
        }
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
            throw new IllegalArgumentException("Destination needs at least one address");
        }
        return new SentEmail(UUID.randomUUID().toString(), from, to, cc, bcc, subject, textBody, htmlBody,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), headers);
    }

    /** The first text/plain and text/html parts of a MIME tree. */
    private static void collectBodies(Part part, String[] bodies) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (!Part.ATTACHMENT.equalsIgnoreCase(child.getDisposition())) {
                    collectBodies(child, bodies);
                }
            }
        } else if (part.isMimeType("text/plain") && bodies[0] == null) {
            bodies[0] = String.valueOf(part.getContent());
        } else if (part.isMimeType("text/html") && bodies[1] == null) {
            bodies[1] = String.valueOf(part.getContent());
        }
    }

    private static List<String> addresses(MimeMessage message, Message.RecipientType type) throws MessagingException {
        List<String> addresses = new ArrayList<>();
        jakarta.mail.Address[] recipients = message.getRecipients(type);
        if (recipients != null) {
            for (jakarta.mail.Address address : recipients) {
                addresses.add(((InternetAddress) address).getAddress());
            }
        }
        return addresses;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        respond(exchange, status, Map.of("message", message == null ? type : message), type);
    }

    private static void respond(HttpExchange exchange, int status, Object body, String errorType) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
