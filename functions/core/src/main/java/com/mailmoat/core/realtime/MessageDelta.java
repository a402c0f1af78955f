package com.mailmoat.core.realtime;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Graph's delta query on one mail folder's messages ({@code /users/{id}/mailFolders/{id}/messages/delta}):
 * a first round (optionally {@code receivedDateTime ge}) pages through the folder with
 * {@code @odata.nextLink} and ends with an {@code @odata.deltaLink}; following that link later gives
 * what was added (or changed) since. An expired or unknown link is
 * {@link DeltaTokenExpiredException} (HTTP 410 {@code SyncStateNotFound}); other failures are the
 * core's Microsoft exceptions. Links are opaque: they are stored and followed untouched.
 */
public interface MessageDelta {

    /** One message a page names (not {@code @removed} ones). */
    record Change(String messageId, Instant receivedDateTime) {
        public Change {
            Objects.requireNonNull(messageId, "messageId");
        }
    }

    /**
     * One page: the messages in it, then exactly one of {@code nextLink} (more pages in this round)
     * or {@code deltaLink} (the round is over: the link for the next one).
     */
    record Page(List<Change> changes, String nextLink, String deltaLink) {
        public Page {
            changes = List.copyOf(changes);
        }
    }

    /** The first page of a new round on the well-known folder ({@code inbox}, {@code junkemail}); messages received at or after {@code since}. */
    Page start(String tenantId, String mailboxId, String folder, Instant since, int pageSize);

    /** The page a {@code nextLink} or {@code deltaLink} leads to. */
    Page follow(String tenantId, String mailboxId, String link, int pageSize);
}
