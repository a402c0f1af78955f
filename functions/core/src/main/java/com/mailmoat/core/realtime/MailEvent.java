package com.mailmoat.core.realtime;

import java.time.Instant;
import java.util.Objects;

/**
 * A new message Graph told us about, accepted by the webhook and queued for the real-time check.
 *
 * @param mailboxId  the mailbox's Graph user id
 * @param mailbox    its address (the recipient whose policy applies)
 * @param messageId  Graph's immutable message id
 * @param notifiedAt when the notification reached us (the start of the notification-to-verdict latency)
 */
public record MailEvent(String accountId, String subscriptionId, String mailboxId, String mailbox, String messageId,
                        Instant notifiedAt) {
    public MailEvent {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(mailboxId, "mailboxId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(notifiedAt, "notifiedAt");
        mailbox = mailbox == null ? "" : mailbox;
    }
}
