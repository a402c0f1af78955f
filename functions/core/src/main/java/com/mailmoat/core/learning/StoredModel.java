package com.mailmoat.core.learning;

import java.time.Instant;
import java.util.Objects;

/**
 * An account's learnt model as stored: opaque bytes (the detection adapter's format), a version
 * every save increments (conditional writes), and what the console shows about it.
 *
 * @param learnedFrom how many verdicts it holds (messages, each with its latest verdict)
 * @param legitimate  of which wanted mail (releases, "not a threat")
 * @param malicious   of which threats (missed threats reported)
 */
public record StoredModel(String accountId, byte[] bytes, long version, long learnedFrom, long legitimate,
                          long malicious, Instant updatedAt) {
    public StoredModel {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(bytes, "bytes");
    }
}
