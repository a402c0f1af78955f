package com.mailmoat.core.realtime;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One Graph change-notification subscription of ours: new mail of one protected mailbox. The
 * {@code clientState} secret Graph echoes in every notification is kept only as its hash.
 *
 * @param mailboxId         the mailbox's Graph user id (the subscription's resource is {@code /users/{id}/messages})
 * @param mailbox           its primary address (the recipient policies are resolved for)
 * @param clientStateHash   SHA-256 (hex) of the subscription's clientState
 * @param expiresAt         when Microsoft deletes it unless it is renewed
 * @param excludedFolderIds folders whose new messages are outgoing (Sent Items, Drafts): not checked
 */
public record MailSubscription(String accountId, String subscriptionId, String tenantId, String mailboxId,
                               String mailbox, String clientStateHash, Instant expiresAt, Instant createdAt,
                               Set<String> excludedFolderIds) {
    public MailSubscription {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(mailboxId, "mailboxId");
        Objects.requireNonNull(clientStateHash, "clientStateHash");
        Objects.requireNonNull(expiresAt, "expiresAt");
        mailbox = mailbox == null ? "" : mailbox;
        excludedFolderIds = excludedFolderIds == null ? Set.of() : Set.copyOf(excludedFolderIds);
    }

    public MailSubscription withExpiry(Instant newExpiry) {
        return new MailSubscription(accountId, subscriptionId, tenantId, mailboxId, mailbox, clientStateHash, newExpiry,
                createdAt, excludedFolderIds);
    }
}
