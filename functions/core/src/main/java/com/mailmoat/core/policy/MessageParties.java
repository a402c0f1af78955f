package com.mailmoat.core.policy;

import java.util.Set;

/**
 * Who a message is from and to, as policy resolution needs it.
 *
 * @param envelopeSender  the envelope sender (Return-Path), or the From address when unknown
 * @param headerFrom      the From header's address
 * @param recipient       the mailbox the message is in
 * @param senderGroups    directory groups of the sender (when internal)
 * @param recipientGroups directory groups of the recipient
 */
public record MessageParties(String envelopeSender, String headerFrom, String recipient, Set<String> senderGroups,
                             Set<String> recipientGroups) {
    public MessageParties {
        headerFrom = headerFrom == null ? "" : headerFrom;
        envelopeSender = envelopeSender == null || envelopeSender.isBlank() ? headerFrom : envelopeSender;
        recipient = recipient == null ? "" : recipient;
        senderGroups = senderGroups == null ? Set.of() : Set.copyOf(senderGroups);
        recipientGroups = recipientGroups == null ? Set.of() : Set.copyOf(recipientGroups);
    }
}
