package com.mailmoat.core.microsoft;

import java.util.Optional;

/**
 * Looks up single messages and folders of a mailbox by id (Graph, application permissions), for the
 * real-time path that learns of a message by a change notification. Ids are immutable ids.
 */
public interface MessageLookup {

    /** A message as a notification names it: its summary, and whether it is a draft (not received mail). */
    record Found(MessageSummary summary, boolean draft) {
    }

    /** The message, or empty when the mailbox has no such message ({@code ErrorItemNotFound}). */
    Optional<Found> find(String tenantId, String mailboxId, String messageId);

    /**
     * The messages of the mailbox with this Internet Message-ID ({@code $filter=internetMessageId eq '…'}),
     * with immutable ids; usually one, none when the mailbox never had it.
     */
    java.util.List<MessageSummary> findByInternetMessageId(String tenantId, String mailboxId, String internetMessageId);

    /** The id of a well-known folder ({@code sentitems}, {@code drafts}, ...), or empty when the mailbox has none. */
    Optional<String> wellKnownFolderId(String tenantId, String mailboxId, String wellKnownName);
}
