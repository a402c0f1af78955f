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
 * (0 = unlimited; default 4) and {@code seed} (makes the random faults repeatable), and:
 * <ul>
 *   <li>{@code gatewayTimeout}: fraction of Graph calls answered 504 {@code GatewayTimeout} before anything happens;</li>
 *   <li>{@code commitThenFail}: fraction of mail writes (POST move, folder creation; DELETE) that are applied and
 *       then answered 504 {@code GatewayTimeout} or 503 {@code serviceNotAvailable} (randomly);</li>
 *   <li>{@code churn}: per message-list request, the chance that a user moves or deletes one of that mailbox's
 *       messages or that new mail arrives, while the list is being read;</li>
 *   <li>{@code notifyDrop}, {@code notifyDup}: fraction of change notifications never sent / sent twice;
 *       {@code notifyDelayMs} (or {@code notifyDelay}): wait before a notification is first sent;</li>
 *   <li>{@code subscriptionMaxMinutes}: the longest lifetime of a message subscription (default 4230, the older
 *       documents' figure; newer ones allow up to 10080, 7 days); {@code validationTimeoutMs}: how long the
 *       subscription validation handshake waits (default 10000, Microsoft's 10 s);</li>
 *   <li>{@code batchShuffle} ({@code true}/{@code false}, default true): {@code $batch} answers in shuffled order.</li>
 * </ul>
 *
 * <p>All settings are safe to change while requests are running.
 */
public final class Faults {

    /** What the random roll decided for one Graph call. */
    public enum Outcome { NONE, THROTTLE, UNAVAILABLE, GATEWAY_TIMEOUT }

    private static final double DEFAULT_RETRY_AFTER = 2.128;
    private static final int DEFAULT_BUDGET = 10_000;
    private static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    private static final int DEFAULT_CONCURRENCY = 4;
    /** Outlook message subscriptions' maximum lifetime in the older documents (newer ones: 10080). */
    public static final int DEFAULT_SUBSCRIPTION_MAX_MINUTES = 4230;
    private static final Duration DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(10);

    private final Runnable tokenExpirer;
    private final int defaultSubscriptionMaxMinutes;
    private volatile double throttleFraction;
    private volatile double unavailableFraction;
    private volatile double gatewayTimeoutFraction;
    private volatile double commitThenFailFraction;
    private volatile double churnFraction;
    private volatile double notifyDropFraction;
    private volatile double notifyDupFraction;
    private volatile Duration notifyDelay = Duration.ZERO;
    private volatile int subscriptionMaxMinutes;
    private volatile Duration validationTimeout = DEFAULT_VALIDATION_TIMEOUT;
    private volatile boolean batchShuffle = true;
    private volatile Duration latency = Duration.ZERO;
    private volatile double retryAfterSeconds = DEFAULT_RETRY_AFTER;
    private volatile int mailboxBudget = DEFAULT_BUDGET;
    private volatile Duration budgetWindow = DEFAULT_WINDOW;
    private volatile int mailboxConcurrency = DEFAULT_CONCURRENCY;
    private volatile Random random = new Random();
    private volatile Random commitRandom = new Random();
    private volatile Random churnRandom = new Random();
    private volatile Random notifyRandom = new Random();
    private volatile Random shuffleRandom = new Random();

    Faults(Runnable tokenExpirer) {
        this(tokenExpirer, DEFAULT_SUBSCRIPTION_MAX_MINUTES);
    }

    Faults(Runnable tokenExpirer, int defaultSubscriptionMaxMinutes) {
        this.tokenExpirer = tokenExpirer;
        this.defaultSubscriptionMaxMinutes = defaultSubscriptionMaxMinutes;
        this.subscriptionMaxMinutes = defaultSubscriptionMaxMinutes;
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
                    case "gatewaytimeout" -> gatewayTimeoutFraction(Double.parseDouble(value));
                    case "committhenfail" -> commitThenFailFraction(Double.parseDouble(value));
                    case "churn" -> churnFraction(Double.parseDouble(value));
                    case "notifydrop" -> notifyDropFraction(Double.parseDouble(value));
                    case "notifydup" -> notifyDupFraction(Double.parseDouble(value));
                    case "notifydelayms", "notifydelay" -> notifyDelay(Duration.ofMillis(Long.parseLong(value)));
                    case "subscriptionmaxminutes" -> subscriptionMaxMinutes(Integer.parseInt(value));
                    case "validationtimeoutms" -> validationTimeout(Duration.ofMillis(Long.parseLong(value)));
                    case "batchshuffle" -> batchShuffle(parseBoolean(key, value));
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
        gatewayTimeoutFraction = other.gatewayTimeoutFraction;
        commitThenFailFraction = other.commitThenFailFraction;
        churnFraction = other.churnFraction;
        notifyDropFraction = other.notifyDropFraction;
        notifyDupFraction = other.notifyDupFraction;
        notifyDelay = other.notifyDelay;
        subscriptionMaxMinutes = other.subscriptionMaxMinutes;
        validationTimeout = other.validationTimeout;
        batchShuffle = other.batchShuffle;
        random = other.random;
        commitRandom = other.commitRandom;
        churnRandom = other.churnRandom;
        notifyRandom = other.notifyRandom;
        shuffleRandom = other.shuffleRandom;
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
        gatewayTimeoutFraction = 0;
        commitThenFailFraction = 0;
        churnFraction = 0;
        notifyDropFraction = 0;
        notifyDupFraction = 0;
        notifyDelay = Duration.ZERO;
        subscriptionMaxMinutes = defaultSubscriptionMaxMinutes;
        validationTimeout = DEFAULT_VALIDATION_TIMEOUT;
        batchShuffle = true;
        random = new Random();
        commitRandom = new Random();
        churnRandom = new Random();
        notifyRandom = new Random();
        shuffleRandom = new Random();
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

    /** 504 {@code GatewayTimeout} before anything happens, for this fraction of Graph calls. */
    public Faults gatewayTimeoutFraction(double fraction) {
        gatewayTimeoutFraction = fraction(fraction);
        return this;
    }

    /** Mail writes (move, folder creation, DELETE) applied, then answered 504 or 503, for this fraction. */
    public Faults commitThenFailFraction(double fraction) {
        commitThenFailFraction = fraction(fraction);
        return this;
    }

    /** Per message-list request, the chance that one message of the mailbox moves, goes or arrives. */
    public Faults churnFraction(double fraction) {
        churnFraction = fraction(fraction);
        return this;
    }

    /** Change notifications never sent, for this fraction. */
    public Faults notifyDropFraction(double fraction) {
        notifyDropFraction = fraction(fraction);
        return this;
    }

    /** Change notifications sent twice, for this fraction. */
    public Faults notifyDupFraction(double fraction) {
        notifyDupFraction = fraction(fraction);
        return this;
    }

    /** How long a change notification waits before it is first sent. */
    public Faults notifyDelay(Duration delay) {
        notifyDelay = delay.isNegative() ? Duration.ZERO : delay;
        return this;
    }

    /** The longest lifetime a message subscription may ask for (4230 in older documents, 10080 in newer ones). */
    public Faults subscriptionMaxMinutes(int minutes) {
        if (minutes < 1) {
            throw new IllegalArgumentException("subscriptionMaxMinutes must be positive");
        }
        subscriptionMaxMinutes = minutes;
        return this;
    }

    /** How long the subscription validation handshake waits for the echo (Microsoft: 10 seconds). */
    public Faults validationTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("validationTimeout must be positive");
        }
        validationTimeout = timeout;
        return this;
    }

    /** Whether {@code $batch} answers come back in shuffled order (Microsoft allows any order). */
    public Faults batchShuffle(boolean shuffle) {
        batchShuffle = shuffle;
        return this;
    }

    /** Makes the random faults (and churn, notification faults and batch order) repeatable. */
    public Faults seed(long seed) {
        random = new Random(seed);
        commitRandom = new Random(seed * 31 + 1);
        churnRandom = new Random(seed * 31 + 2);
        notifyRandom = new Random(seed * 31 + 3);
        shuffleRandom = new Random(seed * 31 + 4);
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

    public double gatewayTimeoutFraction() {
        return gatewayTimeoutFraction;
    }

    public double commitThenFailFraction() {
        return commitThenFailFraction;
    }

    public double churnFraction() {
        return churnFraction;
    }

    public double notifyDropFraction() {
        return notifyDropFraction;
    }

    public double notifyDupFraction() {
        return notifyDupFraction;
    }

    public Duration notifyDelay() {
        return notifyDelay;
    }

    public int subscriptionMaxMinutes() {
        return subscriptionMaxMinutes;
    }

    public Duration validationTimeout() {
        return validationTimeout;
    }

    public boolean batchShuffle() {
        return batchShuffle;
    }

    /**
     * For a mail write that was just applied: 0 to answer normally, or 504 / 503 to answer with
     * (used by the Graph endpoints for {@code commitThenFail}).
     */
    public int rollCommitThenFail() {
        double fraction = commitThenFailFraction;
        if (fraction == 0) {
            return 0;
        }
        Random current = commitRandom;
        synchronized (current) {
            if (current.nextDouble() >= fraction) {
                return 0;
            }
            return current.nextBoolean() ? 504 : 503;
        }
    }

    /** Whether this message-list request brings churn (used by the Graph endpoints). */
    public boolean rollChurn() {
        return chance(churnFraction, churnRandom);
    }

    /** The random source churn picks its message and action with (seeded by {@link #seed}). */
    public Random churnRandom() {
        return churnRandom;
    }

    /** Whether a change notification is dropped (used by the notifier). */
    public boolean rollNotifyDrop() {
        return chance(notifyDropFraction, notifyRandom);
    }

    /** Whether a change notification is sent twice (used by the notifier). */
    public boolean rollNotifyDup() {
        return chance(notifyDupFraction, notifyRandom);
    }

    /** A shuffled copy of a batch's answers, or the same order when shuffling is off. */
    public <T> java.util.List<T> batchOrder(java.util.List<T> answers) {
        java.util.List<T> copy = new java.util.ArrayList<>(answers);
        if (batchShuffle) {
            Random current = shuffleRandom;
            synchronized (current) {
                java.util.Collections.shuffle(copy, current);
            }
        }
        return copy;
    }

    private static boolean chance(double fraction, Random source) {
        if (fraction == 0) {
            return false;
        }
        synchronized (source) {
            return source.nextDouble() < fraction;
        }
    }

    /** Rolls the random faults for one Graph call (used by the Graph endpoints). */
    public Outcome roll() {
        double throttle = throttleFraction;
        double unavailable = unavailableFraction;
        double gateway = gatewayTimeoutFraction;
        if (throttle == 0 && unavailable == 0 && gateway == 0) {
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
        if (draw < throttle + unavailable) {
            return Outcome.UNAVAILABLE;
        }
        return draw < throttle + unavailable + gateway ? Outcome.GATEWAY_TIMEOUT : Outcome.NONE;
    }

    @Override
    public String toString() {
        return "throttle=" + throttleFraction + ",unavailable=" + unavailableFraction + ",latencyMs="
                + latency.toMillis() + ",retryAfter=" + retryAfterSeconds + ",mailboxBudget=" + mailboxBudget
                + ",budgetWindowSeconds=" + budgetWindow.toSeconds() + ",mailboxConcurrency=" + mailboxConcurrency
                + ",gatewayTimeout=" + gatewayTimeoutFraction + ",commitThenFail=" + commitThenFailFraction
                + ",churn=" + churnFraction + ",notifyDrop=" + notifyDropFraction + ",notifyDup=" + notifyDupFraction
                + ",notifyDelayMs=" + notifyDelay.toMillis() + ",subscriptionMaxMinutes=" + subscriptionMaxMinutes
                + ",validationTimeoutMs=" + validationTimeout.toMillis() + ",batchShuffle=" + batchShuffle;
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("Fault spec value for '" + key + "' is not a boolean: "
                    + value);
        };
    }

    private static double fraction(double value) {
        if (value < 0 || value > 1 || Double.isNaN(value)) {
            throw new IllegalArgumentException("A fault fraction must be between 0 and 1: " + value);
        }
        return value;
    }
}
