package com.mailmoat.detect.message;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a message the analyzers look at, extracted once by {@link MessageParser}.
 *
 * @param headers        header fields of the top-level message, in order
 * @param from           the (first) From mailbox; empty fields when missing or unparseable
 * @param fromCount      number of mailboxes in From (more than one is unusual)
 * @param sender         the Sender mailbox, or null
 * @param replyTo        Reply-To mailboxes
 * @param returnPath     the Return-Path (envelope sender), or null
 * @param to             To and Cc mailboxes
 * @param subject        decoded Subject, empty when missing
 * @param text           visible text of the body parts (plain and HTML), bounded
 * @param links          links from bodies and text, bounded
 * @param html           what the HTML bodies contain beyond text and links
 * @param attachments    non-body parts with their decoded bytes (bounded)
 * @param report         true for delivery reports (multipart/report): their attached original is
 *                       quoted, not sent by the reporting party
 * @param problems       what could not be parsed or was cut by a limit, for the verdict's reasons
 * @param htmlOnly       true when the message has an HTML body and no plain-text alternative
 */
public record ParsedMessage(List<Header> headers, Address from, int fromCount, Address sender,
                            List<Address> replyTo, Address returnPath, List<Address> to,
                            String subject, String text, List<Link> links, HtmlContent.Features html,
                            List<Attachment> attachments, boolean report, List<String> problems,
                            boolean htmlOnly) {

    /** First value of a header (case-insensitive name), or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** All values of a header, in order. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(2);
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                values.add(h.value());
            }
        }
        return values;
    }
}
