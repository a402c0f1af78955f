package com.mailmoat.core.realtime;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Mode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

/** What the console's Home page shows of the real-time path: today's figures, the last events, the subscriptions. */
public final class RealTimeSummaries {
    /** Events listed at most. */
    public static final int MAX_EVENTS = 50;
    /**
     * A subscription with less than this left (or already lapsed) needs attention: renewal runs well
     * before expiry, so one this close has missed its renewals.
     */
    public static final Duration ATTENTION_WINDOW = Duration.ofHours(1);

    /**
     * @param active             whether new mail is checked as it arrives (Monitor or Protect)
     * @param protectedMailboxes mailboxes with a live subscription
     * @param nextExpiry         the soonest subscription expiry (null without subscriptions)
     * @param healthySubscriptions         subscriptions with more than {@link #ATTENTION_WINDOW} left
     * @param subscriptionsNeedingAttention subscriptions lapsed or about to (less than {@link #ATTENTION_WINDOW} left)
     * @param problem            a subscription Microsoft refused to create or renew, until a sync succeeds (null when none)
     */
    public record Summary(Mode mode, boolean active, int protectedMailboxes, Instant nextExpiry, RealTimeStats.Day today,
                          List<RealTimeEvent> lastEvents, int healthySubscriptions, int subscriptionsNeedingAttention,
                          RealTimeHealth.Problem problem) {
    }

    private final AccountRepository accounts;
    private final SubscriptionStore subscriptions;
    private final RealTimeStats stats;
    private final RealTimeHealth health;
    private final Clock clock;

    public RealTimeSummaries(AccountRepository accounts, SubscriptionStore subscriptions, RealTimeStats stats, Clock clock) {
        this(accounts, subscriptions, stats, RealTimeHealth.NONE, clock);
    }

    public RealTimeSummaries(AccountRepository accounts, SubscriptionStore subscriptions, RealTimeStats stats,
                             RealTimeHealth health, Clock clock) {
        this.accounts = accounts;
        this.subscriptions = subscriptions;
        this.stats = stats;
        this.health = health;
        this.clock = clock;
    }

    /** The account's summary (the account id comes from the caller's session). */
    public Summary of(String accountId, int events) {
        Mode mode = accounts.findById(accountId).map(Account::mode).orElse(Mode.THREAT_SCAN_ONLY);
        Instant now = clock.instant();
        List<MailSubscription> live = subscriptions.list(accountId).stream()
                .filter(s -> s.expiresAt().isAfter(now)).toList();
        int mailboxes = (int) live.stream().map(MailSubscription::mailboxId).distinct().count();
        Instant nextExpiry = live.stream().map(MailSubscription::expiresAt).min(Comparator.naturalOrder()).orElse(null);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant soon = now.plus(ATTENTION_WINDOW);
        int healthy = (int) subscriptions.list(accountId).stream().filter(s -> s.expiresAt().isAfter(soon)).count();
        int attention = subscriptions.list(accountId).size() - healthy;
        return new Summary(mode, mode == Mode.MONITOR || mode == Mode.PROTECT, mailboxes, nextExpiry,
                stats.day(accountId, today), stats.latest(accountId, Math.max(0, Math.min(MAX_EVENTS, events))),
                healthy, attention, health.problem(accountId).orElse(null));
    }
}
