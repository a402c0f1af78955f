package com.mailmoat.simulator.internal.tenant;

/**
 * Something that happened to a message after the tenant was loaded: new mail arrived, a message
 * moved to another folder, or it was deleted. {@code before} is null for deliveries, {@code after}
 * null for deletions.
 */
public record MailChange(Kind kind, Mailbox mailbox, StoredMessage before, StoredMessage after) {

    /** What happened. */
    public enum Kind { DELIVERED, MOVED, DELETED }
}
