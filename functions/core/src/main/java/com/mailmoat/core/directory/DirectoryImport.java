package com.mailmoat.core.directory;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.microsoft.DirectoryGateway;
import com.mailmoat.core.microsoft.DirectoryGroup;
import com.mailmoat.core.microsoft.DirectoryUser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Imports a tenant's users and groups (with direct membership) from Microsoft 365, every page, so
 * Targeted To and policies can name them; run daily and on demand.
 */
public final class DirectoryImport {
    private final AccountRepository accounts;
    private final DirectoryGateway directory;
    private final DirectoryRepository store;
    private final Clock clock;

    public DirectoryImport(AccountRepository accounts, DirectoryGateway directory, DirectoryRepository store, Clock clock) {
        this.accounts = accounts;
        this.directory = directory;
        this.store = store;
        this.clock = clock;
    }

    /** What one import found. */
    public record Result(int users, int groups) {
    }

    /**
     * @throws com.mailmoat.core.microsoft.MicrosoftThrottledException when Microsoft asks to wait
     */
    public Optional<Result> refresh(String accountId) {
        Optional<Account> account = accounts.findById(accountId).filter(Account::isTenantLinked);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        String tenant = account.get().tenantId();
        Map<String, Set<String>> groupsOfUser = new HashMap<>();
        List<DirectoryRepository.GroupEntry> groups = new ArrayList<>();
        for (DirectoryGroup group : directory.listGroups(tenant)) {
            List<DirectoryUser> members = directory.listGroupMembers(tenant, group.id());
            members.forEach(m -> groupsOfUser.computeIfAbsent(m.id(), id -> new HashSet<>()).add(group.id()));
            groups.add(new DirectoryRepository.GroupEntry(group.id(), group.displayName(),
                    group.mail() == null ? "" : group.mail(), members.size()));
        }
        List<DirectoryRepository.UserEntry> users = new ArrayList<>();
        for (DirectoryUser user : directory.listUsers(tenant)) {
            String address = user.mail() != null && !user.mail().isBlank() ? user.mail() : user.userPrincipalName();
            if (address != null && !address.isBlank()) {
                users.add(new DirectoryRepository.UserEntry(user.id(), address.toLowerCase(Locale.ROOT),
                        user.displayName() == null ? "" : user.displayName(), groupsOfUser.getOrDefault(user.id(), Set.of())));
            }
        }
        store.replace(accountId, users, groups, clock.instant());
        return Optional.of(new Result(users.size(), groups.size()));
    }
}
