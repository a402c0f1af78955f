package com.mailmoat.core.policy;

import java.util.List;
import java.util.Optional;

/** Each account's policies and sender lists (every call names the account from the session or records). */
public interface PolicyRepository {

    /** Every stored policy of the account (the Default Policy once it was edited). */
    List<Policy> list(String accountId);

    Optional<Policy> find(String accountId, String policyId);

    /** Creates a policy unless its id exists; false when it did. */
    boolean create(String accountId, Policy policy);

    /**
     * Saves a policy read at {@code policy.version()} (version 0: not stored yet, e.g. the Default
     * Policy's first edit) and returns it at the next version.
     *
     * @throws com.mailmoat.core.account.ConcurrentUpdateException when someone saved it meanwhile
     */
    Policy update(String accountId, Policy policy);

    /** Deletes a policy; false when there was none. */
    boolean delete(String accountId, String policyId);

    List<SenderListEntry> senderList(String accountId, SenderListKind kind);

    /** Replaces the whole list at once (all or nothing). */
    void replaceSenderList(String accountId, SenderListKind kind, List<SenderListEntry> entries);

    /** A user's own permitted and blocked senders, managed by the administrator. */
    ManagedSenders managedSenders(String accountId, String user);

    void saveManagedSenders(String accountId, ManagedSenders senders);
}
