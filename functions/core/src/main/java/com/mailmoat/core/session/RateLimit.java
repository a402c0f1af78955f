package com.mailmoat.core.session;

import com.mailmoat.core.security.SecretTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * At most {@code max} attempts per subject (an account, a source address, an email address) in
 * each fixed window, enforced by an atomic increment followed by the check, so concurrent
 * attempts cannot all slip under the limit. Subjects are hashed into the key: any input, however
 * long or odd, makes a short, fixed-shape key.
 */
public final class RateLimit {
    private final AttemptCounter counter;
    private final String name;
    private final int max;
    private final Duration window;
    private final Clock clock;

    /**
     * @param name   what is limited, e.g. {@code login-account}; part of every key
     * @param max    attempts allowed per subject per window
     * @param window the window length
     */
    public RateLimit(AttemptCounter counter, String name, int max, Duration window, Clock clock) {
        if (max < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("A rate limit needs max >= 1 and a positive window");
        }
        this.counter = counter;
        this.name = name;
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** Counts one attempt by {@code subject}; it is allowed when the count, including it, is within the limit. */
    public Attempt attempt(String subject) {
        Instant now = clock.instant();
        long seconds = window.toSeconds();
        long index = now.getEpochSecond() / seconds;
        String key = name + ":" + SecretTokens.hash(subject == null ? "" : subject) + "#" + index;
        // Kept for a second window, so a counter never vanishes while its window is still running.
        int count = counter.increment(key, Instant.ofEpochSecond((index + 2) * seconds));
        long end = (index + 1) * seconds;
        return new Attempt(key, count <= max, Duration.ofSeconds(Math.max(1, end - now.getEpochSecond())));
    }

    /** Takes the attempt back: it does not count against the limit after all. */
    public void undo(Attempt attempt) {
        counter.decrement(attempt.key());
    }

    /** Forgets every attempt of the subject in the attempt's window. */
    public void reset(Attempt attempt) {
        counter.clear(attempt.key());
    }

    /**
     * One counted attempt.
     *
     * @param key        the counter it went to
     * @param allowed    whether it is within the limit
     * @param retryAfter how long until the window ends (when not allowed, the wait before trying again)
     */
    public record Attempt(String key, boolean allowed, Duration retryAfter) {
    }
}
