package com.mailmoat.testkit;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.ConcurrentUpdateException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory account store with the same uniqueness and version rules as the real one. */
public final class InMemoryAccounts implements AccountRepository, com.mailmoat.core.account.TenantLinks {
    private final Map<String, Account> byId = new ConcurrentHashMap<>();
    private final Map<String, String> emailOwners = new ConcurrentHashMap<>();
    private final Map<String, String> tenantOwners = new ConcurrentHashMap<>();

    @Override
    public synchronized boolean create(Account account) {
        if (emailOwners.containsKey(account.email())) {
            return false;
        }
        emailOwners.put(account.email(), account.accountId());
        byId.put(account.accountId(), account.withVersion(1));
        return true;
    }

    @Override
    public Optional<Account> findById(String accountId) {
        return Optional.ofNullable(byId.get(accountId));
    }

    @Override
    public Optional<Account> findByEmail(String normalisedEmail) {
        return Optional.ofNullable(emailOwners.get(normalisedEmail)).map(byId::get);
    }

    @Override
    public synchronized Account update(Account account) {
        Account current = byId.get(account.accountId());
        if (current == null || current.version() != account.version()) {
            throw new ConcurrentUpdateException(account.accountId());
        }
        Account next = account.withVersion(account.version() + 1);
        byId.put(next.accountId(), next);
        return next;
    }

    @Override
    public java.util.Optional<String> tenantOwner(String tenantId) {
        return java.util.Optional.ofNullable(tenantOwners.get(tenantId.toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public synchronized boolean linkTenant(Account account) {
        String tenant = account.tenantId().toLowerCase(java.util.Locale.ROOT);
        String owner = tenantOwners.get(tenant);
        if (owner != null && !owner.equals(account.accountId())) {
            return false;
        }
        update(account); // a stale account throws before the tenant is claimed
        tenantOwners.put(tenant, account.accountId());
        return true;
    }

    /** Every account. */
    public java.util.List<Account> all() {
        return java.util.List.copyOf(byId.values());
    }

    @Override
    public java.util.List<String> connectedAccountIds() {
        return java.util.List.copyOf(tenantOwners.values());
    }

    @Override
    public synchronized Account unlink(Account account) {
        Account next = update(account.withTenant(null, java.util.List.of()));
        if (account.tenantId() != null) {
            tenantOwners.remove(account.tenantId().toLowerCase(java.util.Locale.ROOT), account.accountId());
        }
        return next;
    }

    @Override
    public synchronized void erase(Account account) {
        emailOwners.remove(account.email(), account.accountId());
        byId.remove(account.accountId());
    }

    public int size() {
        return byId.size();
    }
}
