package com.mailmoat.core.upgrade;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.exchange.ExchangeRoleMissingException;
import com.mailmoat.core.exchange.TransportRuleSync;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps an upgraded tenant's Mailmoat transport rules in line with its blocked senders and its mode.
 * Requests come from a queue (sender lists changed, a scan found a malicious sender, a mode change was
 * applied); many requests for one account fold into one Exchange round: a request made before the last
 * sync started is already covered by it.
 *
 * <p>What each mode means for the rules: Monitor and Protect keep them holding back their senders;
 * Disabled keeps them at the top matching nothing (nothing is held back, and switching back on needs no
 * new upgrade nor moves the customer's rules again); Threat Scan Only removes them, as offboarding does,
 * so going back to Monitor or Protect is the upgrade again (prerequisites, rules at the top, subscriptions).
 */
public final class RulesKeeper {
    private final AccountRepository accounts;
    private final UpgradeRepository upgrades;
    private final UpgradeTasks tasks;
    private final TransportRuleSync rules;
    private final Clock clock;
    private final NotificationQueue notifications;

    public RulesKeeper(AccountRepository accounts, UpgradeRepository upgrades, UpgradeTasks tasks,
                       com.mailmoat.core.exchange.ExchangeAdmin exchange, Clock clock) {
        this(accounts, upgrades, tasks, exchange, clock, null);
    }

    /** @param notifications tells the administrator when Exchange refuses to remove the rules (null: nobody) */
    public RulesKeeper(AccountRepository accounts, UpgradeRepository upgrades, UpgradeTasks tasks,
                       com.mailmoat.core.exchange.ExchangeAdmin exchange, Clock clock, NotificationQueue notifications) {
        this.notifications = notifications;
        this.accounts = accounts;
        this.upgrades = upgrades;
        this.tasks = tasks;
        this.rules = new TransportRuleSync(exchange);
        this.clock = clock;
    }

    /** What one request did. */
    public sealed interface Outcome {
        /** No rules to keep: not upgraded (or not any more), or the rules are not installed yet. */
        record NotInstalled() implements Outcome {
        }

        /** A sync that started after the request already covered it. */
        record AlreadyCovered() implements Outcome {
        }

        record Synced(TransportRuleSync.Result result) implements Outcome {
        }

        /** Back to Threat Scan Only: Mailmoat's rules were removed from Exchange ({@code removed}: their names). */
        record Removed(List<String> removed) implements Outcome {
        }
    }

    /**
     * The account's upgrade, when it got as far as installing Mailmoat's rules (and did not fail), and they
     * were not removed since (a step down to Threat Scan Only empties {@code installedRules}).
     */
    static Optional<Upgrade> withRulesInstalled(UpgradeRepository upgrades, String accountId) {
        return upgrades.find(accountId)
                .filter(u -> u.status() != UpgradeStatus.FAILED && u.status() != UpgradeStatus.PENDING_CONSENT)
                .filter(u -> u.step(UpgradeStep.INSTALL_TRANSPORT_RULES).status() == StepStatus.COMPLETED)
                .filter(u -> u.status() == UpgradeStatus.RUNNING || !u.installedRules().isEmpty());
    }

    /**
     * Whether Mailmoat's rules belong in Exchange now: in Monitor, Protect and Disabled, and mid-upgrade
     * (the account is still in Threat Scan Only until the workflow's mode switch). Threat Scan Only after a
     * finished upgrade is a step down: the rules go.
     */
    static boolean rulesWanted(Account account, Upgrade upgrade) {
        Mode mode = account.mode();
        return mode == Mode.MONITOR || mode == Mode.PROTECT || mode == Mode.DISABLED
                || upgrade.status() == UpgradeStatus.RUNNING;
    }

    /** The mode the rules follow: the account's, or mid-upgrade (still Threat Scan Only) the upgrade's. */
    static Mode ruleMode(Account account, Upgrade upgrade) {
        Mode mode = account.mode();
        return mode == Mode.MONITOR || mode == Mode.PROTECT || mode == Mode.DISABLED ? mode : upgrade.mode();
    }

    /**
     * @param requestedAt when the change that asked for the sync happened
     * @throws com.mailmoat.core.microsoft.MicrosoftThrottledException when Exchange asks to wait
     */
    public Outcome sync(String accountId, Instant requestedAt) {
        Optional<Account> account = accounts.findById(accountId).filter(Account::isTenantLinked);
        Optional<Upgrade> upgrade = withRulesInstalled(upgrades, accountId);
        if (account.isEmpty() || upgrade.isEmpty()) {
            return new Outcome.NotInstalled();
        }
        if (upgrade.get().rulesSyncedAt() != null && !upgrade.get().rulesSyncedAt().isBefore(requestedAt)) {
            return new Outcome.AlreadyCovered();
        }
        Instant started = clock.instant();
        Account a = account.get();
        if (!rulesWanted(a, upgrade.get())) {
            return remove(a, upgrade.get(), started);
        }
        boolean live = a.mode() == Mode.MONITOR || a.mode() == Mode.PROTECT;
        TransportRuleSync.Result result = rules.apply(a.tenantId(),
                tasks.desired(a, live ? a.targetedTo() : upgrade.get().targetedTo(), ruleMode(a, upgrade.get())), false);
        // rulesSyncedAt only moves forward: a sync that started later and saved first keeps its time.
        upgrades.update(accountId, u -> u.upgradeId().equals(upgrade.get().upgradeId()),
                u -> u.toBuilder().installedRules(List.copyOf(result.rules()))
                        .rulesSyncedAt(u.rulesSyncedAt() != null && u.rulesSyncedAt().isAfter(started) ? u.rulesSyncedAt() : started)
                        .build());
        return new Outcome.Synced(result);
    }

    /**
     * The step down to Threat Scan Only: every Mailmoat rule goes (only those named "Mailmoat…", so
     * a re-run removes nothing twice), then the upgrade records that none is installed. Throttling is
     * thrown for the queue to retry; when Exchange refuses (role or consent withdrawn) the administrator
     * is told once, with what to do, and the next request tries again.
     */
    private Outcome remove(Account account, Upgrade upgrade, Instant started) {
        List<String> removed;
        try {
            removed = rules.removeAll(account.tenantId());
        } catch (MicrosoftAccessDeniedException e) {
            if (notifications != null) {
                notifications.enqueue(new NotificationRequest("rules-removal-failed-" + upgrade.upgradeId(),
                        account.accountId(), NotificationKind.RULES_REMOVAL_FAILED, account.email(),
                        Map.of("cause", e instanceof ExchangeRoleMissingException ? "role" : "consent",
                                "tenant", account.tenantLabel()),
                        clock.instant()));
            }
            throw e;
        }
        upgrades.update(account.accountId(), u -> u.upgradeId().equals(upgrade.upgradeId()),
                u -> u.toBuilder().installedRules(List.of()).rulesSyncedAt(started).build());
        return new Outcome.Removed(removed);
    }
}
