package com.mailmoat.core.account;

import com.mailmoat.core.setup.SetupChecklist;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    /**
     * Renames the organisation as the console and Mailmoat's emails greet it (a typo at sign-up is
     * otherwise there for good), under the sign-up rules for company names.
     *
     * @return the account as it is now; empty when it no longer exists
     * @throws InvalidInputException when the name is unusable (field {@code company})
     */
    public Optional<AccountView> renameCompany(String accountId, String company) {
        CompanyNames.problem(company).ifPresent(problem -> {
            throw new InvalidInputException(List.of(new FieldError("company", problem)));
        });
        String name = CompanyNames.normalise(company);
        for (int attempt = 1; ; attempt++) {
            Optional<Account> account = accounts.findById(accountId);
            if (account.isEmpty()) {
                return Optional.empty();
            }
            if (name.equals(account.get().company())) {
                break;
            }
            try {
                accounts.update(account.get().withCompany(name));
                break;
            } catch (ConcurrentUpdateException e) {
                // Another change (a mode switch, a sign-in) saved first: apply the name to what it saved.
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
        return view(accountId);
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
