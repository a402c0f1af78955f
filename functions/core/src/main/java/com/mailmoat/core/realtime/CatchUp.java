package com.mailmoat.core.realtime;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Catches up on mail whose change notification never came (Microsoft drops, delays and duplicates
 * them, and a subscription that lapsed or was removed sent none): for each protected mailbox's
 * Inbox and Junk Email, a delta round from the link it was last caught up to; every message it
 * names is queued as a {@link MailEvent} for the same {@link RealTimeCheck} as a notification, whose
 * claim (account + mailbox + immutable id) makes a message checked exactly once whichever path
 * brings it first. The new link is stored only once the round's messages are queued, so a failure
 * repeats the round (harmless) and never skips one.
 *
 * <p>Where a folder's coverage starts is not decided here: the subscription sync begins it when it first
 * finds the mailbox protected, from when protection took effect at the earliest, and forgets it when
 * protection ends ({@link SubscriptionService}, {@link DeltaTokenStore}). A folder whose coverage was begun
 * but never caught up starts its first round there; a folder without coverage is left for the next sync; a
 * link is stored only while the coverage it belongs to is still there (a catch-up that outlived the
 * mailbox's protection writes nothing back). So mail that arrived while Mailmoat was not protecting the
 * mailbox (Threat Scan Only, Disabled, offboarded, out of Targeted To) is never acted on later. A link
 * Graph forgot (410 {@code SyncStateNotFound}) starts a new round over the recent window, bounded by that
 * coverage start: a bounded re-scan, whose already checked messages stop at their claims. Messages received
 * before the window are not checked (an old message a user moves back into the Inbox is not new mail).
 */
public final class CatchUp {
    /** The folders new mail arrives in. */
    public static final List<String> FOLDERS = List.of("inbox", "junkemail");
    /**
     * How far before its subscription's creation a newly protected mailbox's coverage begins, when protection
     * took effect that early: mail Exchange stamped as received just before the subscription existed but put
     * in the folder after (its notification, if it was dropped, is not sent again), and the difference between
     * Mailmoat's clock and Exchange's. Never before protection took effect ({@link SubscriptionService}).
     */
    static final Duration IN_FLIGHT_MARGIN = Duration.ofMinutes(5);
    static final int PAGE_SIZE = 100;

    /**
     * @param window how far back a re-scan after a lost link goes, and the oldest mail a catch-up checks
     */
    public record Config(Duration window) {
        public Config {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive");
            }
        }
    }

    /** What a catch-up did: rounds run, messages queued, links Graph had forgotten, Graph requests, mailboxes that failed. */
    public record Report(int mailboxes, int queued, int resets, int requests, List<String> problems) {
        public Report {
            problems = List.copyOf(problems);
        }
    }

    private final AccountRepository accounts;
    private final SubscriptionStore subscriptions;
    private final MessageDelta delta;
    private final DeltaTokenStore tokens;
    private final MailEventQueue queue;
    private final Clock clock;
    private final Config config;
    private final Executor executor;

    public CatchUp(AccountRepository accounts, SubscriptionStore subscriptions, MessageDelta delta, DeltaTokenStore tokens,
                   MailEventQueue queue, Clock clock, Config config) {
        this(accounts, subscriptions, delta, tokens, queue, clock, config, Runnable::run);
    }

    /**
     * @param executor runs the mailboxes' rounds a few at a time (a large tenant's catch-up must fit in the
     *                 function's timeout); {@code Runnable::run} runs them one after the other
     */
    public CatchUp(AccountRepository accounts, SubscriptionStore subscriptions, MessageDelta delta, DeltaTokenStore tokens,
                   MailEventQueue queue, Clock clock, Config config, Executor executor) {
        this.accounts = accounts;
        this.subscriptions = subscriptions;
        this.delta = delta;
        this.tokens = tokens;
        this.queue = queue;
        this.clock = clock;
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Catches up every mailbox the account has a subscription for. Throttling or an outage of
     * Microsoft is thrown after the other mailboxes were caught up (the longest wait asked for).
     */
    public Report run(String accountId) {
        Optional<Account> account = accounts.findById(accountId);
        if (account.isEmpty() || !account.get().isTenantLinked()
                || (account.get().mode() != Mode.MONITOR && account.get().mode() != Mode.PROTECT)) {
            return new Report(0, 0, 0, 0, List.of());
        }
        // One subscription per mailbox: the newest names the events.
        Map<String, MailSubscription> newest = new LinkedHashMap<>();
        subscriptions.list(accountId).stream().sorted(Comparator.comparing(MailSubscription::expiresAt).reversed())
                .forEach(s -> newest.putIfAbsent(s.mailboxId(), s));
        List<CompletableFuture<List<FolderOutcome>>> work = new ArrayList<>();
        for (MailSubscription subscription : newest.values()) {
            work.add(CompletableFuture.supplyAsync(() -> {
                // One mailbox: each folder's round, or what stopped it (a Microsoft failure).
                List<FolderOutcome> outcomes = new ArrayList<>();
                for (String folder : FOLDERS) {
                    try {
                        outcomes.add(catchUp(account.get(), subscription, folder));
                    } catch (MicrosoftException e) {
                        outcomes.add(new Failure(subscription.mailboxId() + "/" + folder, e));
                    }
                }
                return outcomes;
            }, executor));
        }
        int queued = 0;
        int resets = 0;
        int requests = 0;
        List<String> problems = new ArrayList<>();
        MicrosoftException retry = null;
        for (CompletableFuture<List<FolderOutcome>> mailbox : work) {
            for (Object outcome : join(mailbox)) {
                if (outcome instanceof Round round) {
                    queued += round.queued;
                    resets += round.reset ? 1 : 0;
                    requests += round.requests;
                    if (round.note != null) {
                        problems.add(round.note);
                    }
                } else if (outcome instanceof Failure failure) {
                    MicrosoftException e = failure.cause();
                    if (e instanceof MicrosoftThrottledException || e instanceof MicrosoftUnavailableException) {
                        problems.add(failure.where() + ": " + e.getMessage());
                        retry = longerWait(retry, e);
                    } else {
                        // No such mailbox or folder any more, or consent withdrawn: the subscription sync sorts it out.
                        problems.add(failure.where() + " refused: " + e.errorCode());
                    }
                }
            }
        }
        if (retry != null) {
            throw retry;
        }
        return new Report(newest.size(), queued, resets, requests, problems);
    }

    /** One folder's catch-up: the round it ran, or the Microsoft failure that stopped it. */
    private sealed interface FolderOutcome permits Round, Failure {
    }

    private record Failure(String where, MicrosoftException cause) implements FolderOutcome {
    }

    private static List<FolderOutcome> join(CompletableFuture<List<FolderOutcome>> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static final class Round implements FolderOutcome {
        int queued;
        int requests;
        boolean reset;
        /** Why the folder was not (wholly) caught up, for the logs; null when it was. */
        String note;
    }

    private Round catchUp(Account account, MailSubscription subscription, String folder) {
        Instant now = clock.instant();
        Instant windowStart = now.minus(config.window());
        Round round = new Round();
        String where = subscription.mailboxId() + "/" + folder;
        Optional<DeltaTokenStore.Cursor> cursor = tokens.find(account.accountId(), subscription.mailboxId(), folder);
        if (cursor.isEmpty()) {
            // Protection of this mailbox has not begun (the next sync begins it) or has just ended.
            round.note = where + ": not covered (yet)";
            return round;
        }
        Instant covered = cursor.get().coveredSince();
        // Never older than the window, never older than real time's coverage of this folder.
        Instant oldestChecked = covered.isAfter(windowStart) ? covered : windowStart;
        MessageDelta.Page page;
        if (cursor.get().deltaLink() == null) {
            page = start(account, subscription, folder, oldestChecked, round);
        } else {
            try {
                round.requests++;
                page = delta.follow(account.tenantId(), subscription.mailboxId(), cursor.get().deltaLink(), PAGE_SIZE);
            } catch (DeltaTokenExpiredException e) {
                round.reset = true;
                page = start(account, subscription, folder, oldestChecked, round);
            }
        }
        while (true) {
            List<MailEvent> events = new ArrayList<>();
            for (MessageDelta.Change change : page.changes()) {
                if (change.receivedDateTime() != null && change.receivedDateTime().isBefore(oldestChecked)) {
                    continue;
                }
                events.add(new MailEvent(account.accountId(), subscription.subscriptionId(), subscription.mailboxId(),
                        subscription.mailbox(), change.messageId(), now));
            }
            if (!events.isEmpty()) {
                queue.enqueue(events);
                round.queued += events.size();
            }
            if (page.deltaLink() != null) {
                if (!tokens.advance(account.accountId(), subscription.mailboxId(), folder, covered, page.deltaLink())) {
                    round.note = where + ": coverage ended or began again during the round; its link was not kept";
                }
                return round;
            }
            if (page.nextLink() == null) {
                return round; // no link at all: nothing to keep, the next catch-up starts again
            }
            try {
                round.requests++;
                page = delta.follow(account.tenantId(), subscription.mailboxId(), page.nextLink(), PAGE_SIZE);
            } catch (DeltaTokenExpiredException e) {
                // The round itself was forgotten mid-way: start it again.
                round.reset = true;
                page = start(account, subscription, folder, oldestChecked, round);
            }
        }
    }

    private MessageDelta.Page start(Account account, MailSubscription subscription, String folder, Instant since, Round round) {
        round.requests++;
        return delta.start(account.tenantId(), subscription.mailboxId(), folder, since, PAGE_SIZE);
    }

    private static MicrosoftException longerWait(MicrosoftException a, MicrosoftException b) {
        if (a == null) {
            return b;
        }
        if (a instanceof MicrosoftThrottledException ta && b instanceof MicrosoftThrottledException tb) {
            return ta.retryAfter().compareTo(tb.retryAfter()) >= 0 ? a : b;
        }
        return a instanceof MicrosoftThrottledException ? a : b;
    }
}
