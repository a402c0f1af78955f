package com.mailmoat.core.session;

import java.time.Instant;

/** Counts failed attempts per key (an account or a source address) within fixed time windows. */
public interface AttemptCounter {

    /** The failures recorded under {@code key}. */
    int count(String key);

    /** Records one failure; the counter may be forgotten after {@code expiresAt}. Returns the new count. */
    int increment(String key, Instant expiresAt);

    void clear(String key);
}
