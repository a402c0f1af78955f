package com.mailmoat.testkit;

import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.policy.ManagedSenders;
import com.mailmoat.core.policy.Policy;
import com.mailmoat.core.policy.PolicyRepository;
import com.mailmoat.core.policy.SenderListEntry;
import com.mailmoat.core.policy.SenderListKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Policies and sender lists in memory, versioned like the DynamoDB store. */
public final class InMemoryPolicies implements PolicyRepository {
    private final Map<String, Policy> policies = new ConcurrentHashMap<>();
    private final Map<String, List<SenderListEntry>> lists = new ConcurrentHashMap<>();
    private final Map<String, ManagedSenders> managed = new ConcurrentHashMap<>();

    private static String key(String accountId, String id) {
        return accountId + "\n" + id;
    }

    @Override
    public List<Policy> list(String accountId) {
        return policies.entrySet().stream().filter(e -> e.getKey().startsWith(accountId + "\n")).map(Map.Entry::getValue).toList();
    }

    @Override
    public Optional<Policy> find(String accountId, String policyId) {
        return Optional.ofNullable(policies.get(key(accountId, policyId)));
    }

    @Override
    public boolean create(String accountId, Policy policy) {
        return policies.putIfAbsent(key(accountId, policy.id()), policy) == null;
    }

    @Override
    public synchronized Policy update(String accountId, Policy policy) {
        Policy current = policies.get(key(accountId, policy.id()));
        long stored = current == null ? 0 : current.version();
        if (stored != policy.version()) {
            throw new ConcurrentUpdateException("Policy " + policy.id() + " changed since it was read");
        }
        Policy next = policy.withVersion(policy.version() + 1, policy.updatedAt());
        policies.put(key(accountId, policy.id()), next);
        return next;
    }

    @Override
    public boolean delete(String accountId, String policyId) {
        return policies.remove(key(accountId, policyId)) != null;
    }

    @Override
    public List<SenderListEntry> senderList(String accountId, SenderListKind kind) {
        return lists.getOrDefault(key(accountId, kind.name()), List.of());
    }

    @Override
    public void replaceSenderList(String accountId, SenderListKind kind, List<SenderListEntry> entries) {
        lists.put(key(accountId, kind.name()), List.copyOf(entries));
    }

    @Override
    public ManagedSenders managedSenders(String accountId, String user) {
        return managed.getOrDefault(key(accountId, user.toLowerCase()), ManagedSenders.none(user));
    }

    @Override
    public void saveManagedSenders(String accountId, ManagedSenders senders) {
        managed.put(key(accountId, senders.user()), senders);
    }
}
