package com.mailmoat.core.policy;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.AccountChange;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.realtime.SyncRequest;
import com.mailmoat.core.realtime.SyncRequests;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.core.validation.RefusedException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Changes of protection mode and Targeted To. A change waits (pending) until the administrator
 * re-confirms Microsoft permissions; the consent round trip then applies it. The first move from
 * Threat Scan Only to Monitor or Protect is not a mode change but the upgrade workflow.
 */
public final class ModeChanges {
    /** What a request did. */
    public sealed interface Outcome {
        /** Saved as pending; the administrator re-consents at {@code consentUrl} to apply it. */
        record Pending(Mode pendingMode, TargetedTo pendingTargetedTo, String consentUrl) implements Outcome {
        }

        /** Monitor or Protect from Threat Scan Only: the upgrade workflow does that. */
        record UpgradeRequired(Mode requested) implements Outcome {
        }

        /** No tenant is connected yet. */
        record NotConnected() implements Outcome {
        }

        /**
         * The mode and targets asked for are those in force: nothing to re-confirm. A change that was
         * pending is withdrawn ({@code withdrawn}).
         */
        record Unchanged(Mode mode, TargetedTo targetedTo, boolean withdrawn) implements Outcome {
        }
    }

    private final AccountRepository accounts;
    private final DirectoryRepository directory;
    private final String consentUrl;
    private final SyncRequests subscriptionSyncs;
    private final NotificationQueue notifications;
    private final Clock clock;
    private com.mailmoat.core.activity.Activity activity = com.mailmoat.core.activity.Activity.NONE;

    /** @param consentUrl where the console sends the administrator to re-confirm permissions */
    public ModeChanges(AccountRepository accounts, DirectoryRepository directory, String consentUrl) {
        this(accounts, directory, consentUrl, SyncRequests.NONE);
    }

    /**
     * @param subscriptionSyncs asked to bring the account's Graph mail subscriptions in step once a
     *                          change of mode or Targeted To is applied
     */
    public ModeChanges(AccountRepository accounts, DirectoryRepository directory, String consentUrl,
                       SyncRequests subscriptionSyncs) {
        this(accounts, directory, consentUrl, subscriptionSyncs, null, Clock.systemUTC());
    }

    /**
     * @param notifications tells the account's owner of each applied change (null: nobody is told)
     * @param clock         when a change is applied (the notice says so; real time's coverage restarts then)
     */
    public ModeChanges(AccountRepository accounts, DirectoryRepository directory, String consentUrl,
                       SyncRequests subscriptionSyncs, NotificationQueue notifications, Clock clock) {
        this.accounts = accounts;
        this.directory = directory;
        this.consentUrl = consentUrl;
        this.subscriptionSyncs = subscriptionSyncs;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** Records each change asked for, withdrawn and applied in the account's activity log. */
    public ModeChanges withActivity(com.mailmoat.core.activity.Activity log) {
        this.activity = log;
        return this;
    }

    public Outcome request(String accountId, Mode mode, TargetedTo targetedTo) {
        AccountChange change = accounts.update(accountId, account -> switch (decide(account, mode, targetedTo)) {
            case NOT_CONNECTED, UPGRADE_REQUIRED, NOTHING_TO_DO -> account;
            case WITHDRAW_PENDING -> account.withMode(account.mode(), account.targetedTo());
            case MAKE_PENDING -> account.withPendingMode(mode, targetedTo);
        }).orElseThrow();
        Account account = change.before();
        return switch (decide(account, mode, targetedTo)) {
            case NOT_CONNECTED -> new Outcome.NotConnected();
            case UPGRADE_REQUIRED -> new Outcome.UpgradeRequired(mode);
            case NOTHING_TO_DO -> new Outcome.Unchanged(mode, account.targetedTo(), false);
            case WITHDRAW_PENDING -> {
                activity.byAdministrator(account, ActivityKind.MODE_CHANGE_WITHDRAWN, () -> "Withdrew the waiting change to "
                        + account.pendingMode().label() + " for " + describe(accountId, account.pendingTargetedTo() == null
                                ? TargetedTo.EVERYONE : account.pendingTargetedTo())
                        + "; " + account.mode().label() + " stays in force");
                yield new Outcome.Unchanged(mode, account.targetedTo(), true);
            }
            case MAKE_PENDING -> {
                activity.byAdministrator(account, ActivityKind.MODE_CHANGE_REQUESTED, () -> "Asked to switch from "
                        + account.mode().label() + " to " + mode.label() + " for " + describe(accountId, targetedTo)
                        + " (waits for Microsoft 365 permissions to be re-confirmed)");
                yield new Outcome.Pending(mode, targetedTo, consentUrl);
            }
        };
    }

    /** What a request for {@code mode} and {@code targetedTo} does to the account as it is. */
    private enum Decision { NOT_CONNECTED, UPGRADE_REQUIRED, NOTHING_TO_DO, WITHDRAW_PENDING, MAKE_PENDING }

    private Decision decide(Account account, Mode mode, TargetedTo targetedTo) {
        if (!account.isTenantLinked()) {
            return Decision.NOT_CONNECTED;
        }
        if (account.mode() == Mode.THREAT_SCAN_ONLY && (mode == Mode.MONITOR || mode == Mode.PROTECT)) {
            return Decision.UPGRADE_REQUIRED;
        }
        requireKnownTargets(directory, account.accountId(), targetedTo);
        if (mode == account.mode() && sameTargets(targetedTo, account.targetedTo())) {
            return account.hasPendingMode() ? Decision.WITHDRAW_PENDING : Decision.NOTHING_TO_DO;
        }
        return Decision.MAKE_PENDING;
    }

    /**
     * Applies the account's pending change, if any (after the administrator re-confirmed Microsoft
     * permissions); returns the account as it now is.
     */
    public Optional<Account> applyPending(String accountId) {
        Optional<AccountChange> change = accounts.update(accountId,
                account -> account.hasPendingMode() ? account.withMode(account.pendingMode(), account.pendingTargetedTo()) : account);
        if (change.isEmpty() || !change.get().saved()) {
            return change.map(AccountChange::after);
        }
        Account account = change.get().before();
        Account applied = change.get().after();
        Instant at = clock.instant();
        subscriptionSyncs.request(new SyncRequest(accountId, SyncRequest.Reason.MODE_CHANGED, null, at));
        tell(account, applied, at);
        // Fixed by the applied version, as the notice: a retried consent records it once.
        activity.record(accountId, "mode-changed-" + applied.version(), applied.email(), ActivityKind.MODE_CHANGED,
                () -> "Switched from " + account.mode().label() + " to " + applied.mode().label() + " for "
                        + describe(accountId, applied.targetedTo()) + " (Microsoft 365 permissions re-confirmed)");
        return Optional.of(applied);
    }

    /**
     * Tells the owner what changed, when and what it means (email and in-app notice). The id is the
     * applied account version: a change is applied once, so it is told once, and a retried request
     * is recognised by the notification worker.
     */
    private void tell(Account before, Account applied, Instant at) {
        if (notifications == null || applied.email() == null) {
            return;
        }
        Map<String, String> params = new HashMap<>();
        params.put("from", before.mode().name());
        params.put("to", applied.mode().name());
        params.put("fromTargets", describe(applied.accountId(), before.targetedTo()));
        params.put("targets", describe(applied.accountId(), applied.targetedTo()));
        params.put("by", applied.email());
        params.put("at", at.toString());
        try {
            notifications.enqueue(new NotificationRequest("mode-changed-" + applied.accountId() + "-" + applied.version(),
                    applied.accountId(), NotificationKind.MODE_CHANGED, applied.email(), params, at));
        } catch (RuntimeException e) {
            // The change stands whether or not the notice could be queued.
        }
    }

    /** Targeted To in words: "everyone", or the groups' and users' names from the imported directory. */
    private String describe(String accountId, TargetedTo targeted) {
        if (targeted.everyone()) {
            return "everyone";
        }
        List<String> names = new ArrayList<>();
        for (String group : targeted.groups()) {
            names.add(directory.group(accountId, group).map(DirectoryRepository.GroupEntry::displayName)
                    .filter(n -> n != null && !n.isBlank()).orElse(group) + " (group)");
        }
        names.addAll(targeted.users());
        return names.isEmpty() ? "nobody" : String.join(", ", names);
    }

    private static boolean sameTargets(TargetedTo a, TargetedTo b) {
        return a.everyone() == b.everyone() && new java.util.HashSet<>(a.users()).equals(new java.util.HashSet<>(b.users()))
                && new java.util.HashSet<>(a.groups()).equals(new java.util.HashSet<>(b.groups()));
    }

    /**
     * Every named user and group must be in the account's imported directory (a mode change, an upgrade).
     *
     * @throws InvalidInputException naming each one that is not
     * @throws RefusedException       ({@code directory_not_imported}) before the first directory import finished
     */
    public static void requireKnownTargets(DirectoryRepository directory, String accountId, TargetedTo targetedTo) {
        if ((!targetedTo.users().isEmpty() || !targetedTo.groups().isEmpty()) && directory.importedAt(accountId).isEmpty()) {
            // Nothing to check against yet: "not a user of the tenant" would be untrue.
            throw new RefusedException("directory_not_imported", "Your users and groups have not been imported from "
                    + "Microsoft 365 yet (the import starts when the tenant is connected and takes a minute or two), so "
                    + "the users and groups you chose cannot be checked. Choose \"Import them now\" under Targeted To "
                    + "and try again once it finishes, or choose Everyone.");
        }
        List<FieldError> errors = new ArrayList<>();
        for (String user : targetedTo.users()) {
            if (directory.user(accountId, user).isEmpty()) {
                errors.add(new FieldError("targetedTo.users", "'" + AddressMatcher.shorten(user) + "' is not a user of the tenant"));
            }
        }
        for (String group : targetedTo.groups()) {
            if (directory.group(accountId, group).isEmpty()) {
                errors.add(new FieldError("targetedTo.groups", "'" + AddressMatcher.shorten(group) + "' is not a group of the tenant"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
