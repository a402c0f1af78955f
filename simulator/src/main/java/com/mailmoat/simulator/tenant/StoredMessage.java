package com.mailmoat.simulator.tenant;

import java.time.Instant;

/**
 * One message in a mailbox. {@code mime} is returned byte for byte by {@code $value}.
 * {@code orderKey} is inherited by a moved copy so paging positions stay stable across moves.
 * {@code plantedThreat} is the seed's {@code threat} flag: only the summary may read it.
 */
public record StoredMessage(String id, String changeKey, String folderId, byte[] mime, ParsedMime parsed,
                            Instant receivedDateTime, Instant createdDateTime, Instant lastModifiedDateTime,
                            boolean isRead, boolean plantedThreat, long orderKey) {
}
