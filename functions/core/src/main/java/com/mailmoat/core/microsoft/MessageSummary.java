package com.mailmoat.core.microsoft;

import java.time.Instant;
import java.util.Objects;

/**
 * What a page of a mailbox listing says about one message: enough to record a detection and to
 * fetch the message's MIME content, without downloading the body.
 *
 * @param id                Graph message id; an immutable id where the gateway asked for one, else it
 *                          changes when the message is moved
 * @param internetMessageId the RFC 5322 {@code Message-ID}, stable across moves; may be empty
 * @param fromAddress       the {@code From} SMTP address; may be empty (drafts, malformed mail)
 * @param subject           subject line; may be empty
 * @param receivedDateTime  when the mailbox received the message
 * @param fromName          the {@code From} display name; may be empty
 * @param parentFolderId    the folder the message is in; may be empty
 */
public record MessageSummary(String id, String internetMessageId, String fromAddress, String subject,
                             Instant receivedDateTime, String fromName, String parentFolderId) {

    public MessageSummary(String id, String internetMessageId, String fromAddress, String subject,
                          Instant receivedDateTime) {
        this(id, internetMessageId, fromAddress, subject, receivedDateTime, "", "");
    }

    public MessageSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(receivedDateTime, "receivedDateTime");
        internetMessageId = internetMessageId == null ? "" : internetMessageId;
        fromAddress = fromAddress == null ? "" : fromAddress;
        subject = subject == null ? "" : subject;
        fromName = fromName == null ? "" : fromName;
        parentFolderId = parentFolderId == null ? "" : parentFolderId;
    }
}
