package com.mailmoat.core.domains;

/**
 * A domain as the console lists it.
 *
 * @param domain     the domain
 * @param state      OFFERED, PENDING or VERIFIED
 * @param recordName where the verification TXT record goes (the domain itself), null when OFFERED
 * @param txtRecord  the TXT value to publish, null when OFFERED
 */
public record DomainStatus(String domain, DomainState state, String recordName, String txtRecord) {
}
