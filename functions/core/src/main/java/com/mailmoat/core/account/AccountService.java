package com.mailmoat.core.account;

import com.mailmoat.core.setup.SetupChecklist;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What the console shows about the signed-in account. */
public final class AccountService {
    private final AccountRepository accounts;
    private final SetupChecklist setup;
    private final Clock clock;

    public AccountService(AccountRepository accounts, SetupChecklist setup, Clock clock) {
        this.accounts = accounts;
        this.setup = setup;
        this.clock = clock;
    }

    public Optional<AccountView> view(String accountId) {
        return accounts.findById(accountId).map(account -> new AccountView(
                account.email(),
                account.company(),
                account.region(),
                trialDaysLeft(account, clock.instant()),
                account.mode(),
                account.tenantId(),
                account.tenantDomains(),
                setup.stepsFor(account),
                account.targetedTo(),
                account.pendingMode(),
                account.pendingTargetedTo(),
                account.tenantName()));
    }

    /** Whole days left in the trial, rounded up (on its last day: 1); 0 once it ended. */
    public static long trialDaysLeft(Account account, Instant now) {
        if (account.trialEndsAt() == null || !now.isBefore(account.trialEndsAt())) {
            return 0;
        }
        // Round up: on the day the trial ends the admin still has that day.
        long seconds = Duration.between(now, account.trialEndsAt()).getSeconds();
        return (seconds + 86_399) / 86_400;
    }
}
