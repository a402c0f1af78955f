package com.mailmoat.core.setup;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.checks.Check;
import com.mailmoat.core.checks.CheckStatus;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.domains.DomainVerification;
import java.util.List;

/** Checklist evidence read from the account's verified domains and their live DNS. */
public final class LiveDomainEvidence implements DomainEvidence {
    private final DomainVerification domains;
    private final SetupChecks checks;

    public LiveDomainEvidence(DomainVerification domains, SetupChecks checks) {
        this.domains = domains;
        this.checks = checks;
    }

    @Override
    public StepState domainsValidated(Account account) {
        return domains.verifiedDomains(account.accountId()).isEmpty() ? StepState.TODO : StepState.DONE;
    }

    @Override
    public StepState spfIncludePublished(Account account) {
        List<String> verified = domains.verifiedDomains(account.accountId());
        return !verified.isEmpty() && verified.stream().allMatch(d -> passes(checks.spf(d, account.region())))
                ? StepState.DONE : StepState.TODO;
    }

    @Override
    public boolean spfNeedsMailmoatInclude() {
        return checks.outboundDelivery();
    }

    @Override
    public StepState dmarcPublished(Account account) {
        List<String> verified = domains.verifiedDomains(account.accountId());
        return !verified.isEmpty() && verified.stream().allMatch(d -> passes(checks.dmarc(d)))
                ? StepState.DONE : StepState.TODO;
    }

    private static boolean passes(Check check) {
        // A warning (e.g. ~all while testing) still means the record is published and works.
        return check.status() == CheckStatus.PASS || check.status() == CheckStatus.WARN;
    }
}
