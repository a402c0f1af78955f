package com.mailmoat.core.policy;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.directory.DirectoryRepository;
import java.util.List;
import java.util.Set;

/**
 * The policies as a scan or the real-time path applies them to one mailbox's mail: read once per
 * page (policies, the sender lists, the recipient's groups and own managed senders), then resolved
 * per message.
 */
public final class ScanPolicies {
    private final PolicyRepository policies;
    private final DirectoryRepository directory;

    public ScanPolicies(PolicyRepository policies, DirectoryRepository directory) {
        this.policies = policies;
        this.directory = directory;
    }

    /** The policies for mail to {@code recipient}. */
    public ForMailbox forMailbox(Account account, String recipient) {
        String accountId = account.accountId();
        List<Policy> all = policies.list(accountId);
        Set<String> groups = directory.user(accountId, recipient).map(DirectoryRepository.UserEntry::groupIds).orElse(Set.of());
        ManagedSenders managed = policies.managedSenders(accountId, recipient);
        List<AddressMatcher> permitted = new java.util.ArrayList<>();
        List<AddressMatcher> blocked = new java.util.ArrayList<>();
        policies.senderList(accountId, SenderListKind.PERMITTED).forEach(e -> permitted.add(AddressMatcher.parse(e.value(), "permitted")));
        managed.permitted().forEach(e -> permitted.add(AddressMatcher.parse(e.value(), "permitted")));
        policies.senderList(accountId, SenderListKind.BLOCKED).forEach(e -> blocked.add(AddressMatcher.parse(e.value(), "blocked")));
        managed.blocked().forEach(e -> blocked.add(AddressMatcher.parse(e.value(), "blocked")));
        List<String> spoofing = policies.senderList(accountId, SenderListKind.SPOOFING_EXCEPTIONS).stream()
                .map(SenderListEntry::value).toList();
        return new ForMailbox(account, recipient, groups, all, List.copyOf(permitted), List.copyOf(blocked), spoofing);
    }

    /** One mailbox's view: resolve a message's policy, and the sender lists the engine honours. */
    public record ForMailbox(Account account, String recipient, Set<String> recipientGroups, List<Policy> policies,
                             List<AddressMatcher> permitted, List<AddressMatcher> blocked, List<String> spoofingExceptions) {

        public EffectivePolicy resolve(String envelopeSender, String headerFrom) {
            return PolicyResolver.resolve(account.mode(), account.targetedTo(), policies,
                    new MessageParties(envelopeSender, headerFrom, recipient, Set.of(), recipientGroups),
                    permitted.stream().anyMatch(m -> m.matches(headerFrom, Set.of())));
        }

        /** List values as the engine takes them (addresses and domains). */
        public Set<String> permittedValues() {
            return values(permitted);
        }

        public Set<String> blockedValues() {
            return values(blocked);
        }

        private static Set<String> values(List<AddressMatcher> matchers) {
            return matchers.stream().map(AddressMatcher::value).collect(java.util.stream.Collectors.toSet());
        }
    }
}
