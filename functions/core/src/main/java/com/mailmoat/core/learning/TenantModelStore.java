package com.mailmoat.core.learning;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Each account's learnt model, versioned (one DynamoDB item per account in AWS). Read by the scan
 * and the real-time check (through a bounded cache), written by the learner only.
 */
public interface TenantModelStore {

    /** The account's model, or empty when it has learnt nothing yet. */
    Optional<StoredModel> load(String accountId);

    /** Only the version of the account's model (a cheap read for caches); empty when there is none. */
    OptionalLong version(String accountId);

    /**
     * Saves {@code model} as version {@code model.version()}, if the stored version is still
     * {@code expectedVersion} (0: none stored yet). False when another learner saved first.
     */
    boolean save(StoredModel model, long expectedVersion);
}
