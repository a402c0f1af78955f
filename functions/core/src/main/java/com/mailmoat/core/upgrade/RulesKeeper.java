package com.mailmoat.core.upgrade;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.exchange.TransportRuleSync;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps an upgraded tenant's Mailmoat transport rules in line with its blocked senders. Requests
 * come from a queue (sender lists changed, a scan found a malicious sender); many requests for one
 * account fold into one Exchange round: a request made before the last sync started is already
 * covered by it.
 */
public final class RulesKeeper {
    private final AccountRepository accounts;
    private final UpgradeRepository upgrades;
    private final UpgradeTasks tasks;
    private final TransportRuleSync rules;
    private final Clock clock;

    public RulesKeeper(AccountRepository accounts, UpgradeRepository upgrades, UpgradeTasks tasks,
                       com.mailmoat.core.exchange.ExchangeAdmin exchange, Clock clock) {
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
    }

    /** The account's upgrade, when it got as far as installing Mailmoat's rules (and did not fail). */
    static Optional<Upgrade> withRulesInstalled(UpgradeRepository upgrades, String accountId) {
        return upgrades.find(accountId)
                .filter(u -> u.status() != UpgradeStatus.FAILED && u.status() != UpgradeStatus.PENDING_CONSENT)
                .filter(u -> u.step(UpgradeStep.INSTALL_TRANSPORT_RULES).status() == StepStatus.COMPLETED);
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
        boolean live = a.mode() == Mode.MONITOR || a.mode() == Mode.PROTECT;
        TransportRuleSync.Result result = rules.apply(a.tenantId(),
                tasks.desired(a, live ? a.targetedTo() : upgrade.get().targetedTo(), ruleMode(a, upgrade.get())), false);
        for (int attempt = 1; ; attempt++) {
            Optional<Upgrade> current = upgrades.find(accountId)
                    .filter(u -> u.upgradeId().equals(upgrade.get().upgradeId()));
            if (current.isEmpty()) {
                break;
            }
            Instant previous = current.get().rulesSyncedAt();
            try {
                upgrades.save(current.get().toBuilder().installedRules(List.copyOf(result.rules()))
                        .rulesSyncedAt(previous != null && previous.isAfter(started) ? previous : started).build());
                break;
            } catch (ConcurrentUpdateException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
        return new Outcome.Synced(result);
    }
}
