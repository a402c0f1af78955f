package com.mailmoat.core.session;

import java.time.Duration;

/**
 * How many login attempts are tolerated per account and per source address within a window;
 * attempts that turn out right are taken back, so in effect these bound wrong guesses.
 * Configurable so tests from one address do not lock each other out.
 */
public record LoginLimits(int maxFailuresPerAccount, int maxFailuresPerSource, Duration window) {
    public static final LoginLimits DEFAULT = new LoginLimits(5, 50, Duration.ofMinutes(15));
}
