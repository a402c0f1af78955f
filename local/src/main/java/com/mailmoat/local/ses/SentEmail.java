package com.mailmoat.local.ses;

import java.util.List;
import java.util.Map;

/**
 * One email accepted by the local SES endpoint, as {@code GET /local/outbox} lists it.
 *
 * @param id      the SES MessageId returned to the sender
 * @param from    sender address
 * @param to      To addresses
 * @param cc      Cc addresses
 * @param bcc     Bcc addresses
 * @param subject subject line
 * @param text    plain-text body, or null
 * @param html    HTML body, or null
 * @param sentAt  when it was accepted, ISO-8601 UTC
 * @param headers the message headers the sender set itself (e.g. {@code List-Unsubscribe}); empty when none
 */
public record SentEmail(String id, String from, List<String> to, List<String> cc, List<String> bcc,
                        String subject, String text, String html, String sentAt, Map<String, String> headers) {
    public SentEmail {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
