package com.mailmoat.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;

/**
 * Pressure on demand, the way Microsoft Graph applies it: random throttling (429 with a
 * possibly fractional {@code Retry-After}) and unavailability (503) for a fraction of Graph
 * calls, added latency, per-app-per-mailbox request budgets and a concurrency cap (Outlook's
 * documented 10,000 requests per 10 minutes and 4 concurrent requests, both on by default),
 * and "expire every token now".
 *
 * <p>Set per test through {@link Simulator#faults()}, or from a spec string such as
 * {@code "throttle=0.3,unavailable=0.05,latencyMs=40"} (the local runtime's {@code --sim-faults}).
 * Keys: {@code throttle}, {@code unavailable} (fractions 0–1 of Graph calls, each {@code $batch}
 * item counted on its own), {@code latencyMs}, {@code retryAfter} (seconds, decimals allowed;
 * default 2.128 as in Microsoft's sample), {@code mailboxBudget} (requests per window per app and
 * mailbox, 0 = unlimited), {@code budgetWindowSeconds} (default 600), {@code mailboxConcurrency}
 * (0 = unlimited; default 4) and {@code seed} (makes the random faults repeatable).
 *
 * <p>All settings are safe to change while requests are running.
 */
public final class Faults {

    /** What the random roll decided for one Graph call. */
    public enum Outcome { NONE, THROTTLE, UNAVAILABLE }

    private static final double DEFAULT_RETRY_AFTER = 2.128;
    private static final int DEFAULT_BUDGET = 10_000;
    private static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    private static final int DEFAULT_CONCURRENCY = 4;

    private final Runnable tokenExpirer;
    private volatile double throttleFraction;
    private volatile double unavailableFraction;
    private volatile Duration latency = Duration.ZERO;
    private volatile double retryAfterSeconds = DEFAULT_RETRY_AFTER;
    private volatile int mailboxBudget = DEFAULT_BUDGET;
    private volatile Duration budgetWindow = DEFAULT_WINDOW;
    private volatile int mailboxConcurrency = DEFAULT_CONCURRENCY;
    private volatile Random random = new Random();

    Faults(Runnable tokenExpirer) {
        this.tokenExpirer = tokenExpirer;
    }

    /** Settings parsed from a spec string, not attached to any simulator (see {@link #copyFrom}). */
    public static Faults parse(String spec) {
        return new Faults(null).apply(spec);
    }

    /** Applies the keys of a spec string on top of the current settings. */
    public Faults apply(String spec) {
        if (spec == null || spec.isBlank()) {
            return this;
        }
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Fault spec entry without '=': " + pair.trim());
            }
            String key = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            try {
                switch (key.toLowerCase(Locale.ROOT)) {
                    case "throttle" -> throttleFraction(Double.parseDouble(value));
                    case "unavailable" -> unavailableFraction(Double.parseDouble(value));
                    case "latencyms" -> latency(Duration.ofMillis(Long.parseLong(value)));
                    case "retryafter" -> retryAfterSeconds(Double.parseDouble(value));
                    case "mailboxbudget" -> mailboxBudget(Integer.parseInt(value), budgetWindow);
                    case "budgetwindowseconds" -> mailboxBudget(mailboxBudget,
                            Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000)));
                    case "mailboxconcurrency" -> mailboxConcurrency(Integer.parseInt(value));
                    case "seed" -> seed(Long.parseLong(value));
                    default -> throw new IllegalArgumentException("Unknown fault spec key '" + key + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Fault spec value for '" + key + "' is not a number: " + value, e);
            }
        }
        return this;
    }

    /** Copies every setting (not the token expirer) from another instance, e.g. one from {@link #parse}. */
    public Faults copyFrom(Faults other) {
        throttleFraction = other.throttleFraction;
        unavailableFraction = other.unavailableFraction;
        latency = other.latency;
        retryAfterSeconds = other.retryAfterSeconds;
        mailboxBudget = other.mailboxBudget;
        budgetWindow = other.budgetWindow;
        mailboxConcurrency = other.mailboxConcurrency;
        random = other.random;
        return this;
    }

    /** Back to no random faults, no latency and Outlook's default budget and concurrency cap. */
    public Faults reset() {
        throttleFraction = 0;
        unavailableFraction = 0;
        latency = Duration.ZERO;
        retryAfterSeconds = DEFAULT_RETRY_AFTER;
        mailboxBudget = DEFAULT_BUDGET;
        budgetWindow = DEFAULT_WINDOW;
        mailboxConcurrency = DEFAULT_CONCURRENCY;
        random = new Random();
        return this;
    }

    public Faults throttleFraction(double fraction) {
        throttleFraction = fraction(fraction);
        return this;
    }

    public Faults unavailableFraction(double fraction) {
        unavailableFraction = fraction(fraction);
        return this;
    }

    public Faults latency(Duration added) {
        latency = added.isNegative() ? Duration.ZERO : added;
        return this;
    }

    /** The {@code Retry-After} sent with random 429s, concurrency refusals and 503s. */
    public Faults retryAfterSeconds(double seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
        retryAfterSeconds = seconds;
        return this;
    }

    /** At most {@code requests} per {@code window} per app and mailbox (0 = unlimited). */
    public Faults mailboxBudget(int requests, Duration window) {
        if (requests < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("mailbox budget needs requests >= 0 and a positive window");
        }
        mailboxBudget = requests;
        budgetWindow = window;
        return this;
    }

    /** At most this many requests in flight per app and mailbox (0 = unlimited). */
    public Faults mailboxConcurrency(int concurrent) {
        if (concurrent < 0) {
            throw new IllegalArgumentException("mailbox concurrency must not be negative");
        }
        mailboxConcurrency = concurrent;
        return this;
    }

    /** Makes the random faults repeatable. */
    public Faults seed(long seed) {
        random = new Random(seed);
        return this;
    }

    /** Every token issued so far stops working now: Graph answers 401 {@code InvalidAuthenticationToken}. */
    public void expireAllTokens() {
        if (tokenExpirer == null) {
            throw new IllegalStateException("These fault settings are not attached to a simulator");
        }
        tokenExpirer.run();
    }

    public double throttleFraction() {
        return throttleFraction;
    }

    public double unavailableFraction() {
        return unavailableFraction;
    }

    public Duration latency() {
        return latency;
    }

    public double retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int mailboxBudget() {
        return mailboxBudget;
    }

    public Duration budgetWindow() {
        return budgetWindow;
    }

    public int mailboxConcurrency() {
        return mailboxConcurrency;
    }

    /** Rolls the random faults for one Graph call (used by the Graph endpoints). */
    public Outcome roll() {
        double throttle = throttleFraction;
        double unavailable = unavailableFraction;
        if (throttle == 0 && unavailable == 0) {
            return Outcome.NONE;
        }
        double draw;
        Random current = random;
        synchronized (current) {
            draw = current.nextDouble();
        }
        if (draw < throttle) {
            return Outcome.THROTTLE;
        }
        return draw < throttle + unavailable ? Outcome.UNAVAILABLE : Outcome.NONE;
    }

    @Override
    public String toString() {
        return "throttle=" + throttleFraction + ",unavailable=" + unavailableFraction + ",latencyMs="
                + latency.toMillis() + ",retryAfter=" + retryAfterSeconds + ",mailboxBudget=" + mailboxBudget
                + ",budgetWindowSeconds=" + budgetWindow.toSeconds() + ",mailboxConcurrency=" + mailboxConcurrency;
    }

    private static double fraction(double value) {
        if (value < 0 || value > 1 || Double.isNaN(value)) {
            throw new IllegalArgumentException("A fault fraction must be between 0 and 1: " + value);
        }
        return value;
    }
}
