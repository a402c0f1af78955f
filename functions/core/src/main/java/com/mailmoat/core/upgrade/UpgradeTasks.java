package com.mailmoat.core.upgrade;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.exchange.BlockedSenderCollector;
import com.mailmoat.core.exchange.ExchangeAdmin;
import com.mailmoat.core.exchange.MailmoatRules;
import com.mailmoat.core.exchange.TransportRule;
import com.mailmoat.core.exchange.TransportRuleSync;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.realtime.MailSubscriptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The upgrade workflow's steps (each a task of statemachine/upgrade.asl.json). Every step can run
 * again after a crash without doing anything twice: it reads what is there before it changes it,
 * and records its outcome on the upgrade at the end.
 */
public final class UpgradeTasks {

    private final AccountRepository accounts;
    private final UpgradeRepository upgrades;
    private final UpgradePrerequisites prerequisites;
    private final ExchangeAdmin exchange;
    private final TransportRuleSync rules;
    private final BlockedSenderCollector senders;
    private final DirectoryRepository directory;
    private final DirectoryImport directoryImport;
    private final MailSubscriptions subscriptions;
    private final NotificationQueue notifications;
    private final Clock clock;
    private final String consoleUrl;
    private com.mailmoat.core.activity.Activity activity = com.mailmoat.core.activity.Activity.NONE;

    public UpgradeTasks(AccountRepository accounts, UpgradeRepository upgrades, UpgradePrerequisites prerequisites,
                        ExchangeAdmin exchange, BlockedSenderCollector senders, DirectoryRepository directory,
                        DirectoryImport directoryImport, MailSubscriptions subscriptions,
                        NotificationQueue notifications, Clock clock, String consoleUrl) {
        this.accounts = accounts;
        this.upgrades = upgrades;
        this.prerequisites = prerequisites;
        this.exchange = exchange;
        this.rules = new TransportRuleSync(exchange);
        this.senders = senders;
        this.directory = directory;
        this.directoryImport = directoryImport;
        this.subscriptions = subscriptions;
        this.notifications = notifications;
        this.clock = clock;
        this.consoleUrl = consoleUrl;
    }

    /** ValidatePrerequisites: records blockers and warnings; true when nothing blocks the upgrade. */
    public boolean validatePrerequisites(String accountId, String upgradeId) {
        Upgrade upgrade = start(accountId, upgradeId, UpgradeStep.VALIDATE_PREREQUISITES);
        Account account = account(accountId);
        UpgradePrerequisites.Outcome outcome = prerequisites.check(account, upgrade.targetedTo());
        String error = outcome.ready() ? null : summary(outcome.blockers());
        update(accountId, upgradeId, u -> u.withStep(UpgradeStep.VALIDATE_PREREQUISITES,
                outcome.ready() ? StepStatus.COMPLETED : StepStatus.FAILED, error).toBuilder()
                .blockers(outcome.blockers()).warnings(outcome.warnings()).build());
        return outcome.ready();
    }

    /** RecordTransportRuleOrder: the customer's rules and their priorities, once (a re-run keeps the first record). */
    public List<RulePosition> recordTransportRuleOrder(String accountId, String upgradeId) {
        Upgrade upgrade = start(accountId, upgradeId, UpgradeStep.RECORD_TRANSPORT_RULE_ORDER);
        if (upgrade.ruleOrderBefore() != null) {
            complete(accountId, upgradeId, UpgradeStep.RECORD_TRANSPORT_RULE_ORDER, UnaryOperator.identity());
            return upgrade.ruleOrderBefore();
        }
        List<RulePosition> order = new ArrayList<>();
        for (TransportRule rule : exchange.transportRules(account(accountId).tenantId())) {
            if (!rule.isMailmoat()) {
                // Positions without any Mailmoat rule: what the customer had before Mailmoat.
                order.add(new RulePosition(rule.name(), order.size()));
            }
        }
        complete(accountId, upgradeId, UpgradeStep.RECORD_TRANSPORT_RULE_ORDER, u -> u.toBuilder()
                .ruleOrderBefore(u.ruleOrderBefore() == null ? order : u.ruleOrderBefore()).build());
        return order;
    }

    /** InstallTransportRules: Mailmoat's rules at priority 0, 1, ...; reports the customer rules pushed down. */
    public List<RuleMove> installTransportRules(String accountId, String upgradeId) {
        Upgrade upgrade = start(accountId, upgradeId, UpgradeStep.INSTALL_TRANSPORT_RULES);
        Account account = account(accountId);
        var started = clock.instant();
        List<MailmoatRules.DesiredRule> desired = desired(account, upgrade.targetedTo(), upgrade.mode());
        TransportRuleSync.Result result = rules.apply(account.tenantId(), desired, true);
        List<RuleMove> moves = new ArrayList<>();
        Map<String, TransportRule> now = new HashMap<>();
        for (TransportRule rule : exchange.transportRules(account.tenantId())) {
            now.put(rule.name().toLowerCase(java.util.Locale.ROOT), rule);
        }
        for (RulePosition before : Optional.ofNullable(upgrade.ruleOrderBefore()).orElse(List.of())) {
            TransportRule after = now.get(before.name().toLowerCase(java.util.Locale.ROOT));
            if (after != null && after.priority() > before.priority()) {
                moves.add(new RuleMove(before.name(), before.priority(), after.priority(), after.disclaimerType()));
            }
        }
        complete(accountId, upgradeId, UpgradeStep.INSTALL_TRANSPORT_RULES, u -> u.toBuilder()
                .installedRules(result.rules()).rulesPushedDown(moves).rulesSyncedAt(started).build());
        return moves;
    }

    /** ImportUsersAndGroups: the directory import the daily sync runs, now. */
    public DirectoryImport.Result importUsersAndGroups(String accountId, String upgradeId) {
        start(accountId, upgradeId, UpgradeStep.IMPORT_USERS_AND_GROUPS);
        DirectoryImport.Result result = directoryImport.refresh(accountId).orElse(new DirectoryImport.Result(0, 0));
        complete(accountId, upgradeId, UpgradeStep.IMPORT_USERS_AND_GROUPS, u -> u.toBuilder().directoryImported(result).build());
        return result;
    }

    /** CreateMailSubscriptions: Graph change notifications for the protected mailboxes. */
    public MailSubscriptions.SyncResult createMailSubscriptions(String accountId, String upgradeId) {
        start(accountId, upgradeId, UpgradeStep.CREATE_MAIL_SUBSCRIPTIONS);
        MailSubscriptions.SyncResult result = subscriptions.sync(accountId);
        complete(accountId, upgradeId, UpgradeStep.CREATE_MAIL_SUBSCRIPTIONS, UnaryOperator.identity());
        return result;
    }

    /** SwitchMode: Monitor or Protect for Targeted To; the subscriptions follow the new mode. */
    public Mode switchMode(String accountId, String upgradeId) {
        Upgrade upgrade = start(accountId, upgradeId, UpgradeStep.SWITCH_MODE);
        accounts.update(accountId, account -> account.mode() == upgrade.mode() && account.targetedTo().equals(upgrade.targetedTo())
                ? account : account.withMode(upgrade.mode(), upgrade.targetedTo()))
                .orElseThrow(() -> new UpgradeGoneException("No account " + accountId));
        subscriptions.sync(accountId);
        complete(accountId, upgradeId, UpgradeStep.SWITCH_MODE, UnaryOperator.identity());
        return upgrade.mode();
    }

    /** Records each upgrade's outcome (completed, failed) in the account's activity log, once. */
    public UpgradeTasks withActivity(com.mailmoat.core.activity.Activity log) {
        this.activity = log;
        return this;
    }

    /** NotifyComplete: the email and the in-app "Congratulations!" notice, once. */
    public void notifyComplete(String accountId, String upgradeId) {
        Upgrade upgrade = start(accountId, upgradeId, UpgradeStep.NOTIFY_COMPLETE);
        Account account = account(accountId);
        Map<String, String> params = new HashMap<>();
        params.put("mode", upgrade.mode().name());
        params.put("rulesInstalled", String.valueOf(upgrade.installedRules().size()));
        params.put("rulesPushedDown", String.join("\n", upgrade.rulesPushedDown().stream()
                .map(m -> m.name() + ": " + m.from() + " → " + m.to()).toList()));
        if (upgrade.directoryImported() != null) {
            params.put("usersImported", String.valueOf(upgrade.directoryImported().users()));
            params.put("groupsImported", String.valueOf(upgrade.directoryImported().groups()));
        }
        params.put("link", consoleUrl);
        // The id is fixed by the upgrade: a re-run is recognised by the notification worker and sends nothing.
        notifications.enqueue(new NotificationRequest("upgrade-complete-" + upgradeId, accountId,
                NotificationKind.UPGRADE_COMPLETE, account.email(), params, clock.instant()));
        // The id is fixed by the upgrade, as the notice's: a re-run of the step records nothing more.
        activity.record(accountId, "upgrade-completed-" + upgradeId, com.mailmoat.core.activity.ActivityEntry.MAILMOAT,
                com.mailmoat.core.activity.ActivityKind.UPGRADE_COMPLETED, () -> "Upgrade to " + upgrade.mode().label()
                        + " completed: " + com.mailmoat.core.activity.Activity.count(upgrade.installedRules().size(),
                        "Mailmoat transport rule", "Mailmoat transport rules") + " installed, "
                        + com.mailmoat.core.activity.Activity.count(upgrade.rulesPushedDown().size(), "of your rules",
                        "of your rules") + " moved down");
        update(accountId, upgradeId, u -> u.withStep(UpgradeStep.NOTIFY_COMPLETE, StepStatus.COMPLETED, null)
                .toBuilder().status(UpgradeStatus.COMPLETED).finishedAt(clock.instant()).build());
    }

    /**
     * The failure path: explains the failure on the step that was running, leaves the tenant as it was
     * before the upgrade (Mailmoat's rules removed, subscriptions back to the unchanged mode and their
     * catch-up positions forgotten) unless the mode switch completed, and tells the administrator. A switch
     * that was saved by a SwitchMode that then failed (Microsoft throttled its subscriptions until the
     * retries ran out, a timeout) is taken back too, so the account is not left protecting in real time
     * without the rules while the upgrade says it was undone.
     *
     * @param error   the workflow's error name (an exception type, {@code States.*}, {@code Lambda.*},
     *                or {@link UpgradeFailures#PREREQUISITES_NOT_MET})
     * @param message the error's message (for our own step failures: the explanation)
     */
    public void failed(String accountId, String upgradeId, String error, String message) {
        Optional<Upgrade> found = upgrades.find(accountId).filter(u -> u.upgradeId().equals(upgradeId));
        if (found.isEmpty() || found.get().status() == UpgradeStatus.COMPLETED && found.get().finishedAt() != null) {
            return;
        }
        Upgrade upgrade = found.get();
        String reason = UpgradeFailures.PREREQUISITES_NOT_MET.equals(error)
                ? "The prerequisites are not met. " + summary(upgrade.blockers())
                : UpgradeFailures.reason(error, message);
        UpgradeStep failing = upgrade.steps().stream().filter(s -> s.status() == StepStatus.RUNNING
                        || s.status() == StepStatus.FAILED).map(StepProgress::step).findFirst()
                .orElse(UpgradeStep.VALIDATE_PREREQUISITES);
        boolean switched = upgrade.step(UpgradeStep.SWITCH_MODE).status() == StepStatus.COMPLETED;
        Account account = accounts.findById(accountId).orElse(null);
        if (switched) {
            // The protection is on; only the notice failed.
            update(accountId, upgradeId, u -> u.withStep(failing, StepStatus.FAILED, reason).toBuilder()
                    .status(UpgradeStatus.COMPLETED).finishedAt(clock.instant()).build());
            return;
        }
        String undone = "";
        if (account != null && account.isTenantLinked() && upgrade.step(UpgradeStep.RECORD_TRANSPORT_RULE_ORDER).status()
                != StepStatus.PENDING) {
            if (upgrade.step(UpgradeStep.SWITCH_MODE).status() != StepStatus.PENDING) {
                switchBack(accountId, upgrade);
            }
            try {
                rules.removeAll(account.tenantId());
            } catch (MicrosoftAccessDeniedException e) {
                // Nothing could have been installed without that access either.
            }
            subscriptions.sync(accountId);
            undone = " Mailmoat's changes were undone: your tenant is as it was before the upgrade.";
        }
        String fullReason = reason + undone;
        update(accountId, upgradeId, u -> {
            List<StepProgress> steps = new ArrayList<>();
            for (StepProgress step : u.steps()) {
                if (step.step() == failing) {
                    steps.add(step.with(StepStatus.FAILED, reason));
                } else if (step.status() == StepStatus.PENDING || step.status() == StepStatus.RUNNING) {
                    steps.add(step.with(StepStatus.SKIPPED, null));
                } else {
                    steps.add(step);
                }
            }
            return u.toBuilder().steps(steps).status(UpgradeStatus.FAILED).error(fullReason).installedRules(List.of())
                    .rulesPushedDown(List.of()).finishedAt(clock.instant()).build();
        });
        activity.record(accountId, "upgrade-failed-" + upgradeId, com.mailmoat.core.activity.ActivityEntry.MAILMOAT,
                com.mailmoat.core.activity.ActivityKind.UPGRADE_FAILED, "Upgrade to " + upgrade.mode().label()
                        + " failed: " + fullReason);
        if (account != null) {
            notifications.enqueue(new NotificationRequest("upgrade-failed-" + upgradeId, accountId,
                    NotificationKind.UPGRADE_FAILED, account.email(), Map.of("mode", upgrade.mode().name(),
                    "reason", fullReason, "link", consoleUrl), clock.instant()));
        }
    }

    /** Back to Threat Scan Only (where every upgrade starts), if the account is still in the mode this upgrade set. */
    private void switchBack(String accountId, Upgrade upgrade) {
        accounts.update(accountId, account -> account.mode() != upgrade.mode() || !account.targetedTo().equals(upgrade.targetedTo())
                ? account : account.withMode(Mode.THREAT_SCAN_ONLY, account.targetedTo()))
                .orElseThrow(() -> new UpgradeGoneException("No account " + accountId));
    }

    /**
     * The rules Mailmoat wants for the account now, scoped to Targeted To, for the mode in force (see
     * {@link BlockedSenderCollector#collect(Account, Mode)}): in Protect they quarantine the Blocked senders and the
     * senders of malicious mail the scans found; in Monitor only the administrator's Blocked senders
     * (nothing Mailmoat decided alone is removed); Disabled keeps the rules in place, matching nothing.
     */
    List<MailmoatRules.DesiredRule> desired(Account account, TargetedTo targetedTo, Mode mode) {
        List<String> groups = new ArrayList<>();
        for (String group : targetedTo.groups()) {
            groups.add(directory.group(account.accountId(), group)
                    .map(g -> g.mail() == null || g.mail().isBlank() ? g.id() : g.mail()).orElse(group));
        }
        return MailmoatRules.desired(targetedTo, groups, senders.collect(account, mode));
    }

    private Upgrade start(String accountId, String upgradeId, UpgradeStep step) {
        Upgrade upgrade = upgrades.find(accountId).filter(u -> u.upgradeId().equals(upgradeId))
                .filter(u -> u.status() == UpgradeStatus.RUNNING)
                .orElseThrow(() -> new UpgradeGoneException("No running upgrade " + upgradeId));
        if (upgrade.step(step).status() == StepStatus.RUNNING) {
            return upgrade;
        }
        return update(accountId, upgradeId, u -> u.withStep(step, StepStatus.RUNNING, null));
    }

    private void complete(String accountId, String upgradeId, UpgradeStep step, UnaryOperator<Upgrade> change) {
        update(accountId, upgradeId, u -> change.apply(u.withStep(step, StepStatus.COMPLETED, null)));
    }

    private Upgrade update(String accountId, String upgradeId, UnaryOperator<Upgrade> change) {
        return upgrades.update(accountId, u -> u.upgradeId().equals(upgradeId), change)
                .orElseThrow(() -> new UpgradeGoneException("No upgrade " + upgradeId));
    }

    private Account account(String accountId) {
        return accounts.findById(accountId).orElseThrow(() -> new UpgradeGoneException("No account " + accountId));
    }

    static String summary(List<Notice> blockers) {
        return String.join(" ", blockers.stream().map(b -> b.message() + (b.fix().isEmpty() ? "" : " Fix: " + b.fix()))
                .toList());
    }
}
