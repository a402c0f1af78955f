package com.mailmoat.core.domains;

import java.time.Instant;
import java.util.Objects;

/**
 * A domain an account added for ownership verification.
 *
 * @param accountId  the owning account
 * @param domain     the domain, lower case, without trailing dot
 * @param token      the random verification token the TXT record must carry
 * @param state      PENDING or VERIFIED (OFFERED domains are never stored)
 * @param createdAt  when the token was issued
 * @param verifiedAt when ownership was proven, or null
 */
public record DomainRecord(String accountId, String domain, String token, DomainState state, Instant createdAt,
                           Instant verifiedAt) {
    public DomainRecord {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(state, "state");
        if (state == DomainState.OFFERED) {
            throw new IllegalArgumentException("Offered domains are not stored");
        }
    }

    /** The TXT record value to publish at the domain: {@code mailmoat-verification=<token>}. */
    public String txtRecord() {
        return DomainVerification.TXT_PREFIX + token;
    }

    DomainRecord verified(Instant at) {
        return new DomainRecord(accountId, domain, token, DomainState.VERIFIED, createdAt, at);
    }
}
