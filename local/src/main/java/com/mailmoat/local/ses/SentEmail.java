package com.mailmoat.local.ses;

import java.util.List;

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
 */
public record SentEmail(String id, String from, List<String> to, List<String> cc, List<String> bcc,
                        String subject, String text, String html, String sentAt) {
}
