package com.mailmoat.testkit;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import java.util.List;
import java.util.Optional;

/** An account store that passes everything on to another; a test overrides what it makes happen "meanwhile". */
public class ForwardingAccounts implements AccountRepository {
    protected final AccountRepository delegate;

    public ForwardingAccounts(AccountRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean create(Account account) {
        return delegate.create(account);
    }

    @Override
    public Optional<Account> findById(String accountId) {
        return delegate.findById(accountId);
    }

    @Override
    public Optional<Account> findByEmail(String normalisedEmail) {
        return delegate.findByEmail(normalisedEmail);
    }

    @Override
    public Account update(Account account) {
        return delegate.update(account);
    }

    @Override
    public boolean linkTenant(Account account) {
        return delegate.linkTenant(account);
    }

    @Override
    public void erase(Account account) {
        delegate.erase(account);
    }

    @Override
    public Optional<String> tenantOwner(String tenantId) {
        return delegate.tenantOwner(tenantId);
    }

    @Override
    public List<String> connectedAccountIds() {
        return delegate.connectedAccountIds();
    }
}
