package com.mailmoat.testkit;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.trial.TrialAccounts;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Trial queries over an {@link InMemoryAccounts}, and the notices sent, in memory. */
public final class InMemoryTrialAccounts implements TrialAccounts {
    private final InMemoryAccounts accounts;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();

    public InMemoryTrialAccounts(InMemoryAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public List<Account> trialsEndingBetween(Instant from, Instant to) {
        return accounts.all().stream().filter(a -> a.trialEndsAt() != null && a.trialEndsAt().isAfter(from)
                && !a.trialEndsAt().isAfter(to)).toList();
    }

    @Override
    public boolean noticeSent(String accountId, int daysBefore, Instant trialEndsAt) {
        return sent.contains(accountId + "#" + daysBefore + "#" + trialEndsAt);
    }

    @Override
    public void markNoticeSent(String accountId, int daysBefore, Instant trialEndsAt, Instant at) {
        sent.add(accountId + "#" + daysBefore + "#" + trialEndsAt);
    }
}
