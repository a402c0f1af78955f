package com.mailmoat.core.upgrade;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.exchange.BlockedSenderCollector;
import java.util.List;
import java.util.Optional;

/**
 * What Mailmoat's transport rules hold back in Exchange now, and why each (the Blocked senders list,
 * or a scan found its mail malicious), so the administrator can see what Exchange quarantines
 * before delivery and undo what they disagree with.
 */
public final class HeldBackSenders {
    private final AccountRepository accounts;
    private final UpgradeRepository upgrades;
    private final BlockedSenderCollector collector;

    public HeldBackSenders(AccountRepository accounts, UpgradeRepository upgrades, BlockedSenderCollector collector) {
        this.accounts = accounts;
        this.upgrades = upgrades;
        this.collector = collector;
    }

    /**
     * @param rulesInstalled false before an upgrade installed the rules, and after a step down to Threat Scan
     *                       Only removed them (then nothing is held back)
     * @param removing       true while Mailmoat's rules are still in Exchange after a step down to Threat Scan
     *                       Only (their removal is queued, or Exchange refused it): they hold back what
     *                       {@code senders} lists until they are gone
     * @param leftOut        the Blocked senders the rules do not hold back, and why (the organisation's own addresses)
     */
    public record View(Mode mode, boolean rulesInstalled, List<BlockedSenderCollector.HeldBack> senders,
                       boolean removing, List<BlockedSenderCollector.LeftOut> leftOut) {
        public View(Mode mode, boolean rulesInstalled, List<BlockedSenderCollector.HeldBack> senders) {
            this(mode, rulesInstalled, senders, false, List.of());
        }
    }

    public View of(String accountId) {
        Account account = accounts.findById(accountId).orElseThrow();
        Optional<Upgrade> upgrade = account.isTenantLinked() ? RulesKeeper.withRulesInstalled(upgrades, accountId)
                : Optional.empty();
        if (upgrade.isEmpty()) {
            return new View(account.mode(), false, List.of());
        }
        if (!RulesKeeper.rulesWanted(account, upgrade.get())) {
            // Stepped down to Threat Scan Only: the rules still hold back what they held until removed.
            return new View(account.mode(), true, collector.heldBack(account, upgrade.get().mode()), true,
                    collector.leftOut(account));
        }
        Mode mode = RulesKeeper.ruleMode(account, upgrade.get());
        return new View(mode, true, collector.heldBack(account, mode), false,
                mode == Mode.DISABLED ? List.of() : collector.leftOut(account));
    }
}
