package com.mailmoat.core.session;

import java.time.Instant;

/**
 * Counts attempts per key (an account, a source address, an email address...) within fixed time
 * windows, with atomic increments: the count returned by {@link #increment} already includes
 * every concurrent caller, so "increment, then compare with the limit" cannot be raced past.
 * Keys are short (see {@link RateLimit}); callers never put raw input in them.
 */
public interface AttemptCounter {

    /** The attempts recorded under {@code key}. */
    int count(String key);

    /** Records one attempt; the counter may be forgotten after {@code expiresAt}. Returns the new count. */
    int increment(String key, Instant expiresAt);

    /** Takes one attempt back (e.g. a login that turned out to be right), never below zero. */
    void decrement(String key);

    void clear(String key);
}
