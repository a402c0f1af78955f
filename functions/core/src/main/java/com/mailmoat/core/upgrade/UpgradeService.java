package com.mailmoat.core.upgrade;

import com.mailmoat.core.activity.Activity;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.policy.ModeChanges;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * "Upgrade Now": records what the administrator chose (Monitor or Protect, Targeted To) and sends
 * them to confirm Microsoft permissions; the workflow starts when that consent comes back
 * ({@link #consented}). The first consent of a new account can carry an upgrade too (the setup
 * page's mode choice): it starts once the tenant is connected.
 */
public final class UpgradeService {
    private final AccountRepository accounts;
    private final UpgradeRepository upgrades;
    private final UpgradeWorkflow workflow;
    private final Clock clock;
    private final String consoleBase;
    private final DirectoryRepository directory;
    private final Activity activity;

    /** @param consoleUrl the console's address; consent starts at {@code <console>api/sso/consent} */
    public UpgradeService(AccountRepository accounts, UpgradeRepository upgrades, UpgradeWorkflow workflow, Clock clock,
                          String consoleUrl) {
        this(accounts, upgrades, workflow, clock, consoleUrl, null, Activity.NONE);
    }

    private UpgradeService(AccountRepository accounts, UpgradeRepository upgrades, UpgradeWorkflow workflow, Clock clock,
                           String consoleUrl, DirectoryRepository directory, Activity activity) {
        this.accounts = accounts;
        this.upgrades = upgrades;
        this.workflow = workflow;
        this.clock = clock;
        this.consoleBase = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
        this.directory = directory;
        this.activity = activity;
    }

    /**
     * The same service, checking the users and groups an upgrade targets against the tenant's imported
     * directory once the tenant is connected (before that there is none to check against).
     */
    public UpgradeService withDirectory(DirectoryRepository tenantDirectory) {
        return new UpgradeService(accounts, upgrades, workflow, clock, consoleBase, tenantDirectory, activity);
    }

    /** The same service, recording requests and cancellations in the account's activity log. */
    public UpgradeService withActivity(Activity log) {
        return new UpgradeService(accounts, upgrades, workflow, clock, consoleBase, directory, log);
    }

    /** A recorded request and where the administrator confirms Microsoft permissions. */
    public record Requested(Upgrade upgrade, String consentUrl) {
    }

    public Requested request(String accountId, Mode mode, TargetedTo targetedTo) {
        if (mode != Mode.MONITOR && mode != Mode.PROTECT) {
            throw new InvalidInputException(List.of(new FieldError("mode", "must be MONITOR or PROTECT")));
        }
        Account account = accounts.findById(accountId).orElseThrow();
        if (account.isTenantLinked() && account.mode() != Mode.THREAT_SCAN_ONLY) {
            throw new UpgradeRefusedException("already_upgraded", "Mailmoat is already installed in Exchange Online ("
                    + account.mode().label() + " is in force): change the mode on the Protection page instead.");
        }
        Optional<Upgrade> previous = upgrades.find(accountId);
        if (previous.isPresent() && previous.get().status() == UpgradeStatus.RUNNING) {
            throw new UpgradeRefusedException("upgrade_running", "An upgrade is already running; follow it on the Home page.");
        }
        if (directory != null && account.isTenantLinked()) {
            ModeChanges.requireKnownTargets(directory, accountId, targetedTo);
        }
        Upgrade upgrade = Upgrade.requested(accountId, UUID.randomUUID().toString(), mode, targetedTo, clock.instant())
                .withVersion(previous.map(Upgrade::version).orElse(0L));
        Upgrade saved = upgrades.save(upgrade);
        activity.byAdministrator(account, ActivityKind.UPGRADE_REQUESTED, () -> "Asked to upgrade to " + mode.label()
                + (targetedTo.everyone() ? " for everyone" : " for " + Activity.count(targetedTo.users().size(), "user", "users")
                + " and " + Activity.count(targetedTo.groups().size(), "group", "groups"))
                + " (waits for Microsoft 365 permissions to be re-confirmed)");
        String consentUrl = consoleBase + (account.isTenantLinked() ? "api/sso/consent?purpose=reconsent" : "api/sso/consent");
        return new Requested(saved, consentUrl);
    }

    public Optional<Upgrade> current(String accountId) {
        return upgrades.find(accountId);
    }

    /**
     * The administrator checked the order of their transport rules that the finished upgrade moved
     * down (the checklist's last step). Saying it again keeps the first time.
     *
     * @throws UpgradeRefusedException when there is no finished upgrade to review
     */
    public Upgrade ruleOrderReviewed(String accountId) {
        Instant now = clock.instant();
        return upgrades.update(accountId, u -> u.status() == UpgradeStatus.COMPLETED,
                        u -> u.ruleOrderReviewedAt() != null ? u : u.toBuilder().ruleOrderReviewedAt(now).build())
                .orElseThrow(() -> new UpgradeRefusedException("no_completed_upgrade",
                        "There is no finished upgrade whose rule order to review."));
    }

    /**
     * Withdraws the upgrade request waiting for Microsoft consent: it is forgotten, as if Upgrade Now had not
     * been chosen (nothing was changed in Exchange yet). A consent that comes back later starts nothing.
     *
     * @throws UpgradeRefusedException when no request waits: none was made, or consent already started it
     */
    public void cancel(String accountId) {
        Upgrade upgrade = upgrades.find(accountId).orElseThrow(() -> new UpgradeRefusedException("no_pending_upgrade",
                "There is no upgrade request to cancel: choose Upgrade Now on the Upgrade page to make one."));
        if (upgrade.status() == UpgradeStatus.PENDING_CONSENT && upgrades.deleteIfUnchanged(upgrade)) {
            activity.byAdministrator(accountId, ActivityKind.UPGRADE_CANCELLED, "Cancelled the request to upgrade to "
                    + upgrade.mode().label());
        } else {
            UpgradeStatus now = upgrades.find(accountId).map(Upgrade::status).orElse(null);
            if (now == null) {
                return;
            }
            throw new UpgradeRefusedException("upgrade_not_waiting", switch (now) {
                case RUNNING -> "The upgrade has already started, so it can no longer be cancelled: let it finish, "
                        + "then choose another mode on the Protection page, or remove Mailmoat from Microsoft 365 on "
                        + "the Upgrade page.";
                case COMPLETED -> "The upgrade has already finished: to change the mode, use the Protection page.";
                case FAILED -> "The upgrade stopped and changed nothing in Exchange Online: there is nothing to cancel.";
                case PENDING_CONSENT -> "The upgrade request changed while it was being cancelled: reload the page "
                        + "and try again.";
            });
        }
    }

    /**
     * Microsoft consent for the account's tenant just came back (first connection or re-consent):
     * starts the upgrade waiting for it, if any.
     *
     * @return whether an upgrade was started
     */
    public boolean consented(Account account) {
        if (!account.isTenantLinked()) {
            return false;
        }
        Optional<Upgrade> waiting = upgrades.find(account.accountId())
                .filter(u -> u.status() == UpgradeStatus.PENDING_CONSENT);
        if (waiting.isEmpty()) {
            return false;
        }
        Upgrade running = upgrades.save(waiting.get().toBuilder().status(UpgradeStatus.RUNNING)
                .steps(Upgrade.initialSteps()).startedAt(clock.instant()).build());
        workflow.start(running.accountId(), running.upgradeId());
        return true;
    }
}
