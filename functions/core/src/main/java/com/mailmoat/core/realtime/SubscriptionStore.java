package com.mailmoat.core.realtime;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Our records of the Graph subscriptions, each account's apart. */
public interface SubscriptionStore {

    /** Every subscription of the account. */
    List<MailSubscription> list(String accountId);

    Optional<MailSubscription> find(String accountId, String subscriptionId);

    /**
     * The subscription a change notification names, whichever account it belongs to (a notification
     * carries no account of ours; its clientState must then match the one found).
     */
    Optional<MailSubscription> findById(String subscriptionId);

    /** Records a subscription Graph created. */
    void put(MailSubscription subscription);

    /** Records a renewal. */
    void renewed(String accountId, String subscriptionId, Instant expiresAt);

    /** Forgets a subscription (deleted at Microsoft, or gone there). */
    void delete(String accountId, String subscriptionId);

    /**
     * The accounts with a subscription expiring in {@code [from, until)}: the renewal schedule's
     * work (from a little in the past, so that one that lapsed is re-created).
     */
    List<String> accountsExpiring(Instant from, Instant until);
}
