package com.mailmoat.simulator.internal.tenant;

import java.time.Instant;

/**
 * One message in a mailbox. {@code id} is the REST id Graph returns by default: it changes when the
 * message moves to another folder. {@code immutableId} is what Graph returns with
 * {@code Prefer: IdType="ImmutableId"}: it stays the same for the message's life in the mailbox.
 * {@code orderKey} is a stable tie-breaker for paging, inherited by a moved copy.
 */
public record StoredMessage(String id, String immutableId, String changeKey, String folderId, MessageContent content,
                            Instant receivedDateTime, Instant createdDateTime, Instant lastModifiedDateTime,
                            boolean isRead, boolean plantedThreat, long orderKey) {

    public byte[] mime() {
        return content.mime();
    }

    public ParsedMime parsed() {
        return content.parsed();
    }

    /** The id to show a caller: the immutable id when it asked for them, else the REST id. */
    public String id(boolean immutable) {
        return immutable ? immutableId : id;
    }
}
