package com.mailmoat.core.setup;

import com.mailmoat.core.account.Account;

/**
 * What the checklist needs to know about an account's domains and DNS. Answers are derived from
 * the domain records and live DNS checks each time, never stored a second time.
 */
public interface DomainEvidence {

    /** DONE when at least one domain's ownership is verified. */
    StepState domainsValidated(Account account);

    /**
     * DONE when every verified domain's SPF check passes (or only warns): its own record is sound
     * and, with outbound delivery, includes Mailmoat's region.
     */
    StepState spfIncludePublished(Account account);

    /** Does the SPF step ask for Mailmoat's include (outbound delivery on)? Decides its title. */
    default boolean spfNeedsMailmoatInclude() {
        return false;
    }

    /** DONE when every verified domain has an enforcing or monitoring DMARC record. */
    StepState dmarcPublished(Account account);

    /** Evidence for deployments without domain checks: those steps stay to do. */
    DomainEvidence NONE = new DomainEvidence() {
        @Override
        public StepState domainsValidated(Account account) {
            return StepState.TODO;
        }

        @Override
        public StepState spfIncludePublished(Account account) {
            return StepState.TODO;
        }

        @Override
        public StepState dmarcPublished(Account account) {
            return StepState.TODO;
        }
    };
}
