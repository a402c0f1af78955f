package com.mailmoat.core.microsoft;

import java.util.List;
import java.util.Optional;

/**
 * One page of a mailbox listing.
 *
 * @param messages   the messages on this page (a page may be empty and still have a next page)
 * @param nextCursor opaque position of the next page, absent on the last page. It is Graph's
 *                   {@code @odata.nextLink}: store it as is and hand it back unchanged to
 *                   {@link MailboxGateway#nextMessages(String, String)}; never parse or build one.
 */
public record MessagePage(List<MessageSummary> messages, Optional<String> nextCursor) {
    public MessagePage {
        messages = List.copyOf(messages);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor.filter(cursor -> !cursor.isBlank());
    }

    /** True when no page follows this one. */
    public boolean isLast() {
        return nextCursor.isEmpty();
    }
}
