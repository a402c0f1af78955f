package com.mailmoat.core.microsoft;

import java.util.List;
import java.util.Optional;

/**
 * The first messages of a received-time range, oldest first.
 *
 * @param messages the messages (at most the number asked for)
 * @param total    how many messages the whole range holds, when it was asked for
 * @param more     true when the range holds more messages than returned
 */
public record ReceivedPage(List<MessageSummary> messages, Optional<Long> total, boolean more) {
    public ReceivedPage {
        messages = List.copyOf(messages);
        total = total == null ? Optional.empty() : total;
    }
}
