package com.mailmoat.core.signup;

import java.time.Duration;

/**
 * Bounds on the requests that make Mailmoat send an email to an address someone typed (sign-up,
 * "forgot password"): per source address, loose enough for an office behind one NAT (and for
 * tests) yet far from a mass mailer; and per recipient, at most one link email per kind per
 * window, which is what really bounds the emails anyone can make us send to one address.
 *
 * @param maxPerSource   requests per source address per {@code sourceWindow}
 * @param sourceWindow   the per-source window
 * @param emailWindow    at most one set-password (and one reset) email per address per window
 */
public record SignupLimits(int maxPerSource, Duration sourceWindow, Duration emailWindow) {
    public static final SignupLimits DEFAULT = new SignupLimits(60, Duration.ofMinutes(1), Duration.ofMinutes(10));
}
