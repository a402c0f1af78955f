package com.mailmoat.core.domains;

import java.util.List;
import java.util.Optional;

/**
 * Stores the domains accounts add for verification (in AWS a DynamoDB table keyed by account id
 * and domain). Every operation is scoped to one account: tenant isolation is in the signature.
 */
public interface DomainRepository {

    /** Inserts or replaces the record for (accountId, domain). */
    void save(DomainRecord record);

    Optional<DomainRecord> find(String accountId, String domain);

    /** The account's domains, in any order. */
    List<DomainRecord> list(String accountId);

    /** Removes the record for (accountId, domain); false when there was none. */
    boolean delete(String accountId, String domain);
}
