package com.mailmoat.core.setup;

import static com.mailmoat.core.setup.StepState.DONE;
import static com.mailmoat.core.setup.StepState.NOT_AVAILABLE_YET;
import static com.mailmoat.core.setup.StepState.TODO;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.upgrade.Upgrade;
import com.mailmoat.core.upgrade.UpgradeRepository;
import com.mailmoat.core.upgrade.UpgradeStatus;
import java.util.List;
import java.util.Optional;

/** The onboarding checklist, derived from the account and its domains each time it is asked for. */
public final class SetupChecklist {
    private final DomainEvidence domains;
    private final ScanEvidence scans;
    private final UpgradeRepository upgrades;

    public SetupChecklist(DomainEvidence domains) {
        this(domains, ScanEvidence.notYet(), null);
    }

    /** @param upgrades where the upgrade's report is (the transport rules it pushed down), or null: none */
    public SetupChecklist(DomainEvidence domains, ScanEvidence scans, UpgradeRepository upgrades) {
        this.domains = domains;
        this.scans = scans;
        this.upgrades = upgrades;
    }

    public List<SetupStep> stepsFor(Account account) {
        return List.of(
                new SetupStep("account-created", "Create your Mailmoat account", DONE),
                new SetupStep("password-set", "Set your password", account.hasPassword() ? DONE : TODO),
                // The journey's order: connect, scan, clean up; then the DNS that Monitor and Protect need.
                new SetupStep("microsoft-consent", "Connect Microsoft 365 (admin consent)",
                        account.isTenantLinked() ? DONE : TODO),
                new SetupStep("threat-scan", "Run the 30-day Threat Scan", scans.threatScan(account)),
                new SetupStep("threats-reviewed", "Review and remove the threats found", scans.threatsReviewed(account)),
                new SetupStep("domains-validated", "Verify your domains", domains.domainsValidated(account)),
                // The id stays "spf-include" for API clients; the title says what is asked in this deployment.
                new SetupStep("spf-include", domains.spfNeedsMailmoatInclude() ? "Publish the Mailmoat SPF include"
                        : "Publish a sound SPF record", domains.spfIncludePublished(account)),
                new SetupStep("dmarc", "Publish a DMARC record", domains.dmarcPublished(account)),
                new SetupStep("upgrade", "Upgrade to Monitor or Protect", upgraded(account) ? DONE : TODO),
                new SetupStep("transport-rules", "Review the transport rule order", ruleOrder(account)));
    }

    private static boolean upgraded(Account account) {
        return account.mode() == Mode.MONITOR || account.mode() == Mode.PROTECT;
    }

    /**
     * Only after the upgrade, which puts Mailmoat's transport rules first: to do while the upgrade's
     * report lists rules of the administrator's that it moved down, until they say they checked them.
     */
    private StepState ruleOrder(Account account) {
        if (!upgraded(account)) {
            return NOT_AVAILABLE_YET;
        }
        Optional<Upgrade> upgrade = upgrades == null ? Optional.empty() : upgrades.find(account.accountId());
        boolean toReview = upgrade.filter(u -> u.status() == UpgradeStatus.COMPLETED)
                .map(u -> !u.rulesPushedDown().isEmpty() && u.ruleOrderReviewedAt() == null).orElse(false);
        return toReview ? TODO : DONE;
    }
}
