package com.mailmoat.core.learning;

import java.util.Objects;

/** One queued learning item: a message's latest verdict for the account's model to learn. */
public record LearningWork(String accountId, String key) {
    public LearningWork {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(key, "key");
    }
}
