package com.mailmoat.testkit;

import com.mailmoat.core.realtime.MailSubscription;
import com.mailmoat.core.realtime.SubscriptionStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Subscription records in memory. */
public final class InMemorySubscriptions implements SubscriptionStore {
    private final Map<String, MailSubscription> byId = new ConcurrentHashMap<>();

    @Override
    public List<MailSubscription> list(String accountId) {
        return byId.values().stream().filter(s -> s.accountId().equals(accountId))
                .sorted(Comparator.comparing(MailSubscription::subscriptionId)).toList();
    }

    @Override
    public Optional<MailSubscription> find(String accountId, String subscriptionId) {
        return Optional.ofNullable(byId.get(subscriptionId)).filter(s -> s.accountId().equals(accountId));
    }

    @Override
    public Optional<MailSubscription> findById(String subscriptionId) {
        return Optional.ofNullable(byId.get(subscriptionId));
    }

    @Override
    public void put(MailSubscription subscription) {
        byId.put(subscription.subscriptionId(), subscription);
    }

    @Override
    public void renewed(String accountId, String subscriptionId, Instant expiresAt) {
        byId.computeIfPresent(subscriptionId, (id, s) -> s.accountId().equals(accountId) ? s.withExpiry(expiresAt) : s);
    }

    @Override
    public void delete(String accountId, String subscriptionId) {
        byId.computeIfPresent(subscriptionId, (id, s) -> s.accountId().equals(accountId) ? null : s);
    }

    @Override
    public List<String> accountsExpiring(Instant from, Instant until) {
        return byId.values().stream().filter(s -> !s.expiresAt().isBefore(from) && !s.expiresAt().isAfter(until))
                .map(MailSubscription::accountId).distinct().sorted().toList();
    }

    public int size() {
        return byId.size();
    }
}
