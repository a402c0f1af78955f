package com.mailmoat.core.upgrade;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountErasureRequests;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.ErasureRequest;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.account.TenantLinks;
import com.mailmoat.core.exchange.ExchangeAdmin;
import com.mailmoat.core.exchange.TransportRuleSync;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.realtime.MailSubscriptions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Leaving Mailmoat: removes what Mailmoat put in the tenant (its transport rules only, its mail
 * subscriptions), forgets the Microsoft tokens it holds and the tenant link, and puts the account
 * back to Threat Scan Only so the tenant can be connected again later. What Mailmoat kept of the
 * tenant (scans, detections, removal records, the directory copy, learning, real-time figures) is
 * then erased, so the account no longer shows a tenant it is not connected to (it may be connected
 * to another account next). The administrator's own settings stay. Mailmoat's enterprise app
 * cannot delete itself: the administrator is told to.
 */
public final class Offboarding {
    public static final String NEXT_STEP = "Delete Mailmoat's enterprise application in Microsoft Entra ID (Entra "
            + "admin center, Enterprise applications, Mailmoat, Properties, Delete): Mailmoat cannot remove its own "
            + "access. You can connect Microsoft 365 to this account again at any time.";

    private final AccountRepository accounts;
    private final TenantLinks links;
    private final UpgradeRepository upgrades;
    private final TransportRuleSync rules;
    private final MailSubscriptions subscriptions;
    private final com.mailmoat.core.microsoft.TenantAccess access;
    private final AccountErasureRequests erasures;
    private final NotificationQueue notifications;
    private final Clock clock;
    private com.mailmoat.core.activity.Activity activity = com.mailmoat.core.activity.Activity.NONE;
    private java.util.function.ToLongFunction<String> quarantined = accountId -> 0;
    /** Counting the quarantine stops here: enough to say "at least". */
    public static final int QUARANTINE_COUNT_CAP = 1_000;

    /**
     * @param erasures      erases what Mailmoat kept of the tenant once it is disconnected
     * @param notifications the administrator's record of the offboarding (an email and an in-app notice)
     */
    public Offboarding(AccountRepository accounts, TenantLinks links, UpgradeRepository upgrades, ExchangeAdmin exchange,
                       MailSubscriptions subscriptions, com.mailmoat.core.microsoft.TenantAccess access,
                       AccountErasureRequests erasures, NotificationQueue notifications, Clock clock) {
        this.accounts = accounts;
        this.links = links;
        this.upgrades = upgrades;
        this.rules = new TransportRuleSync(exchange);
        this.subscriptions = subscriptions;
        this.access = access;
        this.erasures = erasures;
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * Counts the messages Mailmoat holds in quarantine for an account: once offboarded, nobody can
     * release them from Mailmoat, and the folder is hidden from users, so offboarding asks first.
     */
    public Offboarding withQuarantined(java.util.function.ToLongFunction<String> inQuarantine) {
        this.quarantined = java.util.Objects.requireNonNull(inQuarantine, "inQuarantine");
        return this;
    }

    /** Records each offboarding (who, which tenant, what was removed) in the account's activity log. */
    public Offboarding withActivity(com.mailmoat.core.activity.Activity log) {
        this.activity = java.util.Objects.requireNonNull(log, "log");
        return this;
    }

    /** What the offboarding result says about the tenant's data Mailmoat kept. */
    public static final String DATA_ERASURE = "Scan results, detections, removal records, the copy of the directory, "
            + "what Mailmoat learnt and the real-time figures of this tenant are being erased (within minutes). Your "
            + "policies and sender lists stay. Messages already in quarantine stay in each mailbox's Mailmoat "
            + "Quarantine folder. Mailmoat creates that folder hidden from users; a mailbox whose folder an earlier "
            + "version created visible (the console names them) keeps it visible.";

    /** One thing removed: {@code kind} (transportRule, mailSubscriptions, microsoftTokens, tenantLink), a name, a count. */
    public record Removed(String kind, String name, int count) {
    }

    /** @param dataErasure what becomes of the tenant's data Mailmoat kept ({@link #DATA_ERASURE}) */
    public record Result(String tenantId, List<Removed> removed, List<String> notRemoved, String nextStep,
                         String dataErasure) {
    }

    /**
     * @param force go on when Exchange refuses to remove Mailmoat's rules (they are then listed in
     *              {@code notRemoved}, for the administrator to delete)
     */
    public Result offboard(String accountId, boolean force) {
        return offboard(accountId, force, true);
    }

    /**
     * @param keepQuarantined go on while messages are in quarantine (they then stay in the mailboxes' hidden
     *                        folder, out of users' sight and out of Mailmoat's reach); false refuses with how many
     */
    public Result offboard(String accountId, boolean force, boolean keepQuarantined) {
        Account account = accounts.findById(accountId).orElseThrow();
        if (!account.isTenantLinked()) {
            throw new UpgradeRefusedException("not_connected", "No Microsoft 365 tenant is connected to this account.");
        }
        long held = keepQuarantined ? 0 : quarantined.applyAsLong(accountId);
        if (held > 0) {
            throw new UpgradeRefusedException("quarantine_not_empty", (held >= QUARANTINE_COUNT_CAP ? "At least " : "")
                    + held + (held == 1 ? " message is" : " messages are") + " in quarantine. After offboarding, Mailmoat "
                    + "can no longer release them, and users do not see the quarantine folder. Release them first "
                    + "(all at once, or the ones you want back: Detections, status Removed), or confirm that they stay "
                    + "in quarantine.");
        }
        Optional<Upgrade> upgrade = upgrades.find(accountId);
        if (upgrade.isPresent() && upgrade.get().status() == UpgradeStatus.RUNNING) {
            throw new UpgradeRefusedException("upgrade_running", "An upgrade is running: wait for it to finish, then "
                    + "offboard.");
        }
        String tenant = account.tenantId();
        List<Removed> removed = new ArrayList<>();
        List<String> notRemoved = new ArrayList<>();
        boolean installed = account.mode() != Mode.THREAT_SCAN_ONLY
                || upgrade.map(u -> !u.installedRules().isEmpty()).orElse(false);
        try {
            rules.removeAll(tenant).forEach(name -> removed.add(new Removed("transportRule", name, 1)));
        } catch (MicrosoftAccessDeniedException e) {
            if (installed && !force) {
                throw new UpgradeRefusedException("exchange_refused", "Exchange Online refused to remove Mailmoat's "
                        + "transport rules (" + e.getMessage() + "). Restore Mailmoat's Exchange permission and role and "
                        + "try again, or delete the rules whose names start with \"Mailmoat\" yourself (Exchange admin "
                        + "center, Mail flow, Rules) and offboard with \"force\": true.");
            }
            if (installed) {
                notRemoved.add("Transport rules whose names start with \"Mailmoat\": delete them in the Exchange admin "
                        + "center (Mail flow, Rules).");
            }
        }
        removed.add(new Removed("mailSubscriptions", "Graph mail subscriptions", subscriptions.removeAll(accountId)));
        removed.add(new Removed("microsoftTokens", "Microsoft access tokens held for the tenant",
                access.forgetTokens(tenant)));
        upgrades.delete(accountId);
        Account fresh = accounts.findById(accountId).orElseThrow();
        links.unlink(fresh.withMode(Mode.THREAT_SCAN_ONLY, TargetedTo.EVERYONE));
        removed.add(new Removed("tenantLink", tenant, 1));
        erasures.request(ErasureRequest.tenantData(accountId, tenant));
        Instant now = clock.instant();
        String tenantName = fresh.tenantLabel();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("tenant", tenantName);
        params.put("removed", removed.stream().map(r -> switch (r.kind()) {
            case "transportRule" -> "Transport rule \"" + r.name() + "\"";
            case "tenantLink" -> "The link to " + tenantName + " (tenant ID " + r.name() + ")";
            default -> r.name() + " (" + r.count() + ")";
        }).collect(Collectors.joining("\n")));
        params.put("notRemoved", String.join("\n", notRemoved));
        params.put("nextStep", NEXT_STEP);
        notifications.enqueue(new NotificationRequest("offboarded-" + accountId + "-" + now.toEpochMilli(), accountId,
                NotificationKind.OFFBOARDED, fresh.email(), params, now));
        activity.byAdministrator(fresh, com.mailmoat.core.activity.ActivityKind.OFFBOARDED, () -> "Removed Mailmoat from "
                + tenantName + " and disconnected it: " + removed.stream().map(r -> switch (r.kind()) {
                    case "transportRule" -> "transport rule \u201c" + r.name() + "\u201d";
                    case "tenantLink" -> "the tenant link";
                    default -> r.name() + " (" + r.count() + ")";
                }).collect(Collectors.joining(", ")) + (notRemoved.isEmpty() ? "" : "; left to remove by hand: "
                + String.join(" ", notRemoved)));
        return new Result(tenant, removed, notRemoved, NEXT_STEP, DATA_ERASURE);
    }
}
