package com.mailmoat.core.domains;

/** Where a domain stands in proving ownership. */
public enum DomainState {
    /** One of the Microsoft 365 tenant's domains, not yet added for validation. */
    OFFERED,
    /** Added: a verification token was issued and is awaited in DNS. */
    PENDING,
    /** The token was found in the domain's DNS. */
    VERIFIED
}
