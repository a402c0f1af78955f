package com.mailmoat.core.recipients;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An address besides the owner's that an account's security emails go to (a security team's mailbox,
 * a colleague, an MSP's ticketing address). It gets nothing but the confirmation email until its owner
 * confirms; it stops at once when it unsubscribes. {@code email} is stored lower-cased, so one address
 * is listed once however it was typed; {@code version} guards concurrent changes. Its {@link #state} follows
 * from when it confirmed and unsubscribed.
 *
 * @param recipientId    random, what the console and the emailed links name it by
 * @param confirmedAt    when it confirmed (null while pending)
 * @param unsubscribedAt when it unsubscribed (null unless it did)
 */
public record AlertRecipient(String recipientId, String accountId, String email, Instant addedAt,
                             Instant confirmedAt, Instant unsubscribedAt, long version) {
    public AlertRecipient {
        Objects.requireNonNull(recipientId, "recipientId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(addedAt, "addedAt");
    }

    public RecipientState state() {
        return unsubscribedAt != null ? RecipientState.UNSUBSCRIBED
                : confirmedAt != null ? RecipientState.ACTIVE : RecipientState.PENDING;
    }

    /** A newly added address (already normalised), waiting for confirmation. */
    public static AlertRecipient pending(String accountId, String email, Instant now) {
        return new AlertRecipient(UUID.randomUUID().toString(), accountId, email, now, null, null, 1);
    }

    /** Whether a notification requested at {@code requestedAt} goes to it: confirmed by then, and not unsubscribed. */
    public boolean receives(Instant requestedAt) {
        return state() == RecipientState.ACTIVE && (requestedAt == null || !confirmedAt.isAfter(requestedAt));
    }

    public AlertRecipient confirmed(Instant now) {
        return new AlertRecipient(recipientId, accountId, email, addedAt, now, null, version + 1);
    }

    public AlertRecipient unsubscribed(Instant now) {
        return new AlertRecipient(recipientId, accountId, email, addedAt, confirmedAt, now, version + 1);
    }

    /** The address for logs: its first character and its domain ({@code s…@contoso.example}), never the whole of it. */
    public String maskedEmail() {
        return mask(email);
    }

    /** {@code s…@contoso.example} for {@code security@contoso.example}. */
    public static String mask(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        return at <= 0 ? "…" : address.charAt(0) + "…" + address.substring(at);
    }
}
