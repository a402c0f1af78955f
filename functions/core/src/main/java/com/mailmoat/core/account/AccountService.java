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
    private com.mailmoat.core.activity.Activity activity = com.mailmoat.core.activity.Activity.NONE;

    public AccountService(AccountRepository accounts, SetupChecklist setup, Clock clock) {
        this.accounts = accounts;
        this.setup = setup;
        this.clock = clock;
    }

    /** Records the changes made here (the company name) in the account's activity log. */
    public AccountService withActivity(com.mailmoat.core.activity.Activity log) {
        this.activity = java.util.Objects.requireNonNull(log, "log");
        return this;
    }

    /** Records new email branding (saved by the console's account routes) in the activity log. */
    public void brandingSaved(String accountId, com.mailmoat.core.notify.Branding branding) {
        activity.byAdministrator(accountId, com.mailmoat.core.activity.ActivityKind.BRANDING_CHANGED, () -> branding.logoUrl() == null
                && branding.accentColor() == null ? "Cleared the email branding (Mailmoat's own look again)"
                : "Changed the email branding (logo " + (branding.logoUrl() == null ? "none" : branding.logoUrl())
                + ", accent colour " + (branding.accentColor() == null ? "none" : branding.accentColor()) + ")");
    }

    /** Records a change of which routine emails the account wants (saved by the console's account routes). */
    public void emailChoicesSaved(String accountId, com.mailmoat.core.notify.EmailChoices before,
                                  com.mailmoat.core.notify.EmailChoices after) {
        if (before.equals(after)) {
            return;
        }
        activity.byAdministrator(accountId, com.mailmoat.core.activity.ActivityKind.EMAIL_CHOICES_CHANGED, "Switched "
                + (before.removals() == after.removals() ? "" : "removal-result emails " + (after.removals() ? "on" : "off"))
                + (before.removals() != after.removals() && before.realTimeAlerts() != after.realTimeAlerts() ? " and " : "")
                + (before.realTimeAlerts() == after.realTimeAlerts() ? ""
                : "malicious-arrival emails " + (after.realTimeAlerts() ? "on" : "off")));
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
        // Another change saved meanwhile (a mode switch, a sign-in): the name is applied to what it saved.
        Optional<AccountChange> change = accounts.update(accountId,
                account -> name.equals(account.company()) ? account : account.withCompany(name));
        if (change.isEmpty()) {
            return Optional.empty();
        }
        if (change.get().saved()) {
            String was = change.get().before().company();
            activity.byAdministrator(change.get().after(), com.mailmoat.core.activity.ActivityKind.COMPANY_NAME_CHANGED,
                    () -> "Changed the company name from \u201c" + was + "\u201d to \u201c" + name + "\u201d");
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
