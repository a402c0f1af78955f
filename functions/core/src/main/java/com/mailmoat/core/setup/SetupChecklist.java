package com.mailmoat.core.setup;

import static com.mailmoat.core.setup.StepState.DONE;
import static com.mailmoat.core.setup.StepState.NOT_AVAILABLE_YET;
import static com.mailmoat.core.setup.StepState.TODO;

import com.mailmoat.core.account.Account;
import java.util.List;

/** The onboarding checklist, derived from the account and its domains each time it is asked for. */
public final class SetupChecklist {
    private final DomainEvidence domains;
    private final ScanEvidence scans;

    public SetupChecklist(DomainEvidence domains) {
        this(domains, ScanEvidence.notYet());
    }

    public SetupChecklist(DomainEvidence domains, ScanEvidence scans) {
        this.domains = domains;
        this.scans = scans;
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
                new SetupStep("spf-include", "Publish the Mailmoat SPF include", domains.spfIncludePublished(account)),
                new SetupStep("dmarc", "Publish a DMARC record", domains.dmarcPublished(account)),
                // The upgrade is not built yet.
                new SetupStep("upgrade", "Upgrade to Monitor or Protect", NOT_AVAILABLE_YET),
                new SetupStep("transport-rules", "Review the transport rule order", NOT_AVAILABLE_YET));
    }
}
