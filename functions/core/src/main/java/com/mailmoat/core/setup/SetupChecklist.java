package com.mailmoat.core.setup;

import static com.mailmoat.core.setup.StepState.DONE;
import static com.mailmoat.core.setup.StepState.NOT_AVAILABLE_YET;
import static com.mailmoat.core.setup.StepState.TODO;

import com.mailmoat.core.account.Account;
import java.util.List;

/** The onboarding checklist, derived from the account and its domains each time it is asked for. */
public final class SetupChecklist {
    private final DomainEvidence domains;

    public SetupChecklist(DomainEvidence domains) {
        this.domains = domains;
    }

    public List<SetupStep> stepsFor(Account account) {
        return List.of(
                new SetupStep("account-created", "Create your Mailmoat account", DONE),
                new SetupStep("password-set", "Set your password", account.hasPassword() ? DONE : TODO),
                new SetupStep("domains-validated", "Validate your domains", domains.domainsValidated(account)),
                new SetupStep("microsoft-consent", "Connect Microsoft 365 (admin consent)",
                        account.isTenantLinked() ? DONE : TODO),
                // The Threat Scan, remediation and upgrade capabilities are not built yet.
                new SetupStep("threat-scan", "Run the 30-day Threat Scan", NOT_AVAILABLE_YET),
                new SetupStep("threats-reviewed", "Review and remove the threats found", NOT_AVAILABLE_YET),
                new SetupStep("spf-include", "Publish the Mailmoat SPF include", domains.spfIncludePublished(account)),
                new SetupStep("dmarc", "Publish a DMARC record", domains.dmarcPublished(account)),
                new SetupStep("upgrade", "Upgrade to Monitor or Protect", NOT_AVAILABLE_YET),
                new SetupStep("transport-rules", "Review the transport rule order", NOT_AVAILABLE_YET));
    }
}
