package com.mailmoat.simulator;

import java.time.Instant;

/**
 * Where a message is now, as {@code GET /_sim/tenants/{tenantId}/mailboxes/{upn}/messages} lists it.
 *
 * @param id                the REST id (changes when the message moves)
 * @param immutableId       the immutable id ({@code Prefer: IdType="ImmutableId"}; stays)
 * @param folder            the folder's display name
 * @param threat            whether the seed planted it as a threat
 * @param graphMoves        how many times Graph's {@code move} action was applied to it (a user's own moves
 *                          through {@code _sim} do not count), so tests can tell a message moved twice
 */
public record SimMessage(String id, String immutableId, String internetMessageId, String subject, String folder,
                         String folderId, Instant receivedDateTime, boolean threat, int graphMoves) {

    public SimMessage(String id, String immutableId, String internetMessageId, String subject, String folder,
                      String folderId, Instant receivedDateTime, boolean threat) {
        this(id, immutableId, internetMessageId, subject, folder, folderId, receivedDateTime, threat, 0);
    }
}
