package com.mailmoat.core.policy;

import java.util.List;
import java.util.Set;

/**
 * To which messages a user policy applies: senders and recipients (an empty list means any),
 * minus the exceptions; sender entries are matched on the envelope sender or the From header.
 */
public record PolicyTarget(List<AddressMatcher> senders, List<AddressMatcher> recipients,
                           List<AddressMatcher> exceptSenders, List<AddressMatcher> exceptRecipients, MatchOn matchOn) {
    public PolicyTarget {
        senders = senders == null ? List.of() : List.copyOf(senders);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        exceptSenders = exceptSenders == null ? List.of() : List.copyOf(exceptSenders);
        exceptRecipients = exceptRecipients == null ? List.of() : List.copyOf(exceptRecipients);
        matchOn = matchOn == null ? MatchOn.HEADER_FROM : matchOn;
    }

    public static final PolicyTarget ANY = new PolicyTarget(List.of(), List.of(), List.of(), List.of(), MatchOn.HEADER_FROM);

    /** Why the target matches the message, or null when it does not. */
    String matchReason(MessageParties parties) {
        String sender = matchOn == MatchOn.ENVELOPE ? parties.envelopeSender() : parties.headerFrom();
        Set<String> senderGroups = parties.senderGroups();
        Set<String> recipientGroups = parties.recipientGroups();
        AddressMatcher senderHit = first(senders, sender, senderGroups);
        AddressMatcher recipientHit = first(recipients, parties.recipient(), recipientGroups);
        if ((!senders.isEmpty() && senderHit == null) || (!recipients.isEmpty() && recipientHit == null)) {
            return null;
        }
        if (first(exceptSenders, sender, senderGroups) != null || first(exceptRecipients, parties.recipient(), recipientGroups) != null) {
            return null;
        }
        String onSender = senderHit == null ? "any sender" : "sender " + describe(senderHit)
                + (matchOn == MatchOn.ENVELOPE ? " (envelope)" : " (From header)");
        String onRecipient = recipientHit == null ? "any recipient" : "recipient " + describe(recipientHit);
        return onSender + ", " + onRecipient;
    }

    private static AddressMatcher first(List<AddressMatcher> list, String address, Set<String> groups) {
        return list.stream().filter(m -> m.matches(address, groups)).findFirst().orElse(null);
    }

    private static String describe(AddressMatcher matcher) {
        return switch (matcher.kind()) {
            case ADDRESS -> matcher.value();
            case DOMAIN -> "in domain " + matcher.value();
            case GROUP -> "in group " + matcher.value();
        };
    }
}
