package com.mailmoat.core.upgrade;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.checks.Check;
import com.mailmoat.core.checks.CheckStatus;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.exchange.ExchangeAdmin;
import com.mailmoat.core.exchange.ExchangeRoleMissingException;
import com.mailmoat.core.microsoft.DirectoryGateway;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.TenantAccess;
import com.mailmoat.core.policy.TargetedTo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What must hold before Mailmoat changes a tenant's Exchange Online (blockers: nothing is changed
 * while one remains), and what the administrator should know (warnings, kept on the upgrade).
 */
public final class UpgradePrerequisites {
    /** Graph permissions the protection modes use, and the Exchange one the transport rules need. */
    public static final List<String> GRAPH_PERMISSIONS = List.of("User.Read.All", "GroupMember.Read.All",
            "Organization.Read.All", "Mail.Read");
    public static final String EXCHANGE_PERMISSION = "Exchange.ManageAsApp";

    private final DirectoryGateway microsoft;
    private final TenantAccess access;
    private final ExchangeAdmin exchange;
    private final DirectoryRepository directory;
    private final SetupChecks checks;
    private final Function<String, List<String>> verifiedDomains;

    /** @param verifiedDomains the account's validated domains (Domains &amp; DNS) */
    public UpgradePrerequisites(DirectoryGateway microsoft, TenantAccess access, ExchangeAdmin exchange,
                                DirectoryRepository directory, SetupChecks checks,
                                Function<String, List<String>> verifiedDomains) {
        this.microsoft = microsoft;
        this.access = access;
        this.exchange = exchange;
        this.directory = directory;
        this.checks = checks;
        this.verifiedDomains = verifiedDomains;
    }

    public record Outcome(List<Notice> blockers, List<Notice> warnings) {
        public boolean ready() {
            return blockers.isEmpty();
        }
    }

    /** @throws com.mailmoat.core.microsoft.MicrosoftThrottledException when Microsoft asks to wait */
    public Outcome check(Account account, TargetedTo targetedTo) {
        List<Notice> blockers = new ArrayList<>();
        if (!account.isTenantLinked()) {
            blockers.add(new Notice("NOT_CONNECTED", "No Microsoft 365 tenant is connected to this account.",
                    "Connect Microsoft 365 (Continue to Microsoft on the Home page), then choose Upgrade Now again."));
            return new Outcome(blockers, List.of());
        }
        String tenant = account.tenantId();
        Set<String> granted;
        try {
            granted = access.grantedPermissions(tenant);
        } catch (MicrosoftAccessDeniedException e) {
            blockers.add(missingConsent(List.of("admin consent for Mailmoat")));
            return new Outcome(blockers, List.of());
        }
        if (microsoft.isTrialTenant(tenant)) {
            blockers.add(new Notice("TRIAL_TENANT", "This Microsoft 365 tenant is a trial. Microsoft does not allow "
                    + "the Exchange Online configuration Monitor and Protect need on trial tenants.",
                    "Move the tenant to a paid Microsoft 365 subscription (Microsoft 365 admin center, Billing), then "
                            + "choose Upgrade Now again. Threat Scan Only keeps working meanwhile."));
        }
        List<String> missing = new ArrayList<>();
        for (String permission : GRAPH_PERMISSIONS) {
            boolean mail = permission.equals("Mail.Read");
            if (!granted.contains(permission) && !(mail && granted.contains("Mail.ReadWrite"))) {
                missing.add(permission);
            }
        }
        if (!granted.contains(EXCHANGE_PERMISSION)) {
            missing.add(EXCHANGE_PERMISSION);
        }
        if (!missing.isEmpty()) {
            blockers.add(missingConsent(missing));
        } else {
            try {
                exchange.transportRules(tenant);
            } catch (ExchangeRoleMissingException e) {
                blockers.add(new Notice("NO_EXCHANGE_ROLE", "Exchange Online refused Mailmoat: its app has the "
                        + "Exchange permission but no Exchange role in your tenant, so it cannot manage transport rules.",
                        "In the Microsoft Entra admin center open Roles and administrators, choose Exchange "
                                + "Administrator, Add assignments, and select the Mailmoat enterprise application. "
                                + "Then choose Upgrade Now again."));
            } catch (MicrosoftAccessDeniedException e) {
                blockers.add(missingConsent(List.of(EXCHANGE_PERMISSION)));
            }
        }
        List<String> unknown = new ArrayList<>();
        targetedTo.users().stream().filter(u -> directory.user(account.accountId(), u).isEmpty()).forEach(unknown::add);
        targetedTo.groups().stream().filter(g -> directory.group(account.accountId(), g).isEmpty()).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            blockers.add(new Notice("UNKNOWN_TARGETS", "Targeted To names users or groups that are not in your "
                    + "tenant's directory: " + String.join(", ", unknown) + ".",
                    "Choose Targeted To again from your directory (Policies, Directory) and Upgrade Now again."));
        }
        return new Outcome(blockers, warnings(account));
    }

    /** The warnings the upgrade records (SPF and DMARC of the validated domains), which it lists under "Worth fixing". */
    public List<Notice> warnings(Account account) {
        List<Notice> warnings = new ArrayList<>();
        List<String> domains = verifiedDomains.apply(account.accountId());
        if (domains.isEmpty()) {
            warnings.add(new Notice("NO_VALIDATED_DOMAIN", "No domain is validated, so we could not check that "
                    + "your SPF and DMARC records are ready for Monitor and Protect.",
                    "Add and verify your domains under Domains & DNS, then review their SPF and DMARC checks."));
            return warnings;
        }
        for (String domain : new TreeSet<>(domains)) {
            for (Check check : List.of(checks.spf(domain, account.region()), checks.dmarc(domain))) {
                if (check.status() != CheckStatus.PASS) {
                    String code = check.id().startsWith("spf") ? "SPF" : "DMARC";
                    String fix = check.fix() == null ? "See Domains & DNS for what to change."
                            : (check.fixWhen() == null ? "Publish" : "Once " + check.fixWhen() + ", publish")
                            + " at " + check.fixName() + " the TXT record: " + check.fix();
                    warnings.add(new Notice(code, domain + ": " + check.message(), fix));
                }
            }
        }
        return warnings;
    }

    private static Notice missingConsent(List<String> missing) {
        return new Notice("MISSING_PERMISSIONS", "Microsoft has not granted Mailmoat every permission the upgrade "
                + "needs. Missing: " + String.join(", ", missing) + ".",
                "Choose Upgrade Now again and, signed in as a Global Administrator, accept every permission Microsoft "
                        + "lists, including \"Manage Exchange As Application\" (Office 365 Exchange Online).");
    }
}
