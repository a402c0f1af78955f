package com.mailmoat.simulator.internal.tenant;

import java.time.Instant;

/**
 * One message in a mailbox. {@code content} holds the MIME that {@code $value} returns byte for
 * byte. {@code orderKey} is inherited by a moved copy so paging positions stay stable across
 * moves. {@code plantedThreat} is the seed's {@code threat} flag: only the summary may read it.
 */
public record StoredMessage(String id, String changeKey, String folderId, MessageContent content,
                            Instant receivedDateTime, Instant createdDateTime, Instant lastModifiedDateTime,
                            boolean isRead, boolean plantedThreat, long orderKey) {

    public byte[] mime() {
        return content.mime();
    }

    public ParsedMime parsed() {
        return content.parsed();
    }
}
