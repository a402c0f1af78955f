package com.mailmoat.core.upgrade;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.exchange.BlockedSenderCollector;
import com.mailmoat.core.exchange.ExchangeAdmin;
import com.mailmoat.core.exchange.ExchangeRoleMissingException;
import com.mailmoat.core.exchange.TransportRule;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftException;
import java.util.List;

/**
 * What the administrator should know before confirming Upgrade Now: the prerequisites the upgrade would list
 * under "Worth fixing" (SPF and DMARC of the validated domains), which of their transport rules Mailmoat's rules
 * would push down (disclaimer-type ones marked), and the Blocked senders that Exchange will not hold back. Read
 * only: nothing is recorded, and a tenant whose rules cannot be read yet still gets the rest.
 */
public final class UpgradePreview {
    private final AccountRepository accounts;
    private final UpgradePrerequisites prerequisites;
    private final ExchangeAdmin exchange;
    private final BlockedSenderCollector collector;

    public UpgradePreview(AccountRepository accounts, UpgradePrerequisites prerequisites, ExchangeAdmin exchange,
                          BlockedSenderCollector collector) {
        this.accounts = accounts;
        this.prerequisites = prerequisites;
        this.exchange = exchange;
        this.collector = collector;
    }

    /** One of the customer's rules, where it is now; {@code disclaimer}: see {@link TransportRule#disclaimerType()}. */
    public record RuleToMove(String name, int priority, boolean disclaimer) {
    }

    /**
     * @param rulesUnreadable why the tenant's rules could not be read (then {@code rulesMovingDown} is empty), or null
     */
    public record Preview(List<Notice> warnings, List<RuleToMove> rulesMovingDown, String rulesUnreadable,
                          List<BlockedSenderCollector.LeftOut> leftOut) {
    }

    /** @throws UpgradeRefusedException when no tenant is connected (there is nothing to upgrade) */
    public Preview of(String accountId) {
        Account account = accounts.findById(accountId).orElseThrow();
        if (!account.isTenantLinked()) {
            throw new UpgradeRefusedException("not_connected", "Connect Microsoft 365 first: the upgrade configures "
                    + "your tenant.");
        }
        List<RuleToMove> moving = List.of();
        String unreadable = null;
        try {
            moving = movingDown(exchange.transportRules(account.tenantId()));
        } catch (ExchangeRoleMissingException e) {
            unreadable = "Exchange Online does not let Mailmoat read your transport rules yet: its app has no Exchange "
                    + "role. The upgrade stops at its first step and says how to give it one.";
        } catch (MicrosoftAccessDeniedException e) {
            unreadable = "Mailmoat cannot read your transport rules until you re-confirm its Microsoft permissions "
                    + "(the next step). The upgrade then lists the rules it moved.";
        } catch (MicrosoftException e) {
            unreadable = "Exchange Online did not answer in time, so your transport rules could not be read now. The "
                    + "upgrade lists the rules it moved.";
        }
        return new Preview(prerequisites.warnings(account), moving, unreadable, collector.leftOut(account));
    }

    /**
     * The customer's rules Mailmoat's would go above: all of them while none of Mailmoat's is there; otherwise
     * those above the last of Mailmoat's (Mailmoat's rules are put back at the top).
     */
    static List<RuleToMove> movingDown(List<TransportRule> rules) {
        int lastOurs = rules.stream().filter(TransportRule::isMailmoat).mapToInt(TransportRule::priority).max().orElse(-1);
        return rules.stream()
                .filter(r -> !r.isMailmoat() && (lastOurs < 0 || r.priority() < lastOurs))
                .map(r -> new RuleToMove(r.name(), r.priority(), r.disclaimerType()))
                .toList();
    }
}
