package com.mailmoat.core.scan;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A scan's position in one mailbox: keyset paging by received time, never offsets, so mail moved
 * or deleted meanwhile never makes the scan skip or repeat a message.
 *
 * <p>The next page lists what was received at or after {@code position}; {@code seen} holds the
 * messages already counted at or after it (id → received time): those at exactly the position
 * (ties) and any evaluated ahead of a message that must be retried. Ids are Graph's immutable ids,
 * which survive moves within the mailbox.
 *
 * @param version         bumped by every committed page; a page work item names the version it
 *                        expects, so a redelivered page commits nothing twice
 * @param enqueuedVersion the highest version whose work item was put on the queue (-1: none yet)
 * @param excludedFolderId Mailmoat's own quarantine folder in this mailbox, whose messages the scan
 *                         leaves out (empty when there is none)
 */
public record MailboxCursor(String accountId, String scanId, String mailboxId, String address, String displayName,
                            CursorState state, Instant position, Map<String, Instant> seen, long version,
                            long enqueuedVersion, long messagesScanned, long messagesEstimated, String skipReason,
                            String excludedFolderId) {

    public MailboxCursor {
        Objects.requireNonNull(mailboxId, "mailboxId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(position, "position");
        seen = Map.copyOf(seen);
        address = address == null ? "" : address;
        displayName = displayName == null ? "" : displayName;
        excludedFolderId = excludedFolderId == null ? "" : excludedFolderId;
    }

    /** A mailbox about to be read from the start of the window. */
    public static MailboxCursor start(String accountId, String scanId, String mailboxId, String address,
                                      String displayName, Instant windowStart) {
        return new MailboxCursor(accountId, scanId, mailboxId, address, displayName, CursorState.READING, windowStart,
                Map.of(), 0, -1, 0, -1, null, "");
    }

    /** True until the first page reported how many messages the window holds. */
    public boolean needsEstimate() {
        return messagesEstimated < 0;
    }
}
