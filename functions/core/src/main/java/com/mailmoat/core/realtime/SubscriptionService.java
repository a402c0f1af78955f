package com.mailmoat.core.realtime;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MessageLookup;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.core.security.SecretTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Keeps each account's Graph mail subscriptions in step with its mode and Targeted To: one
 * subscription to new mail ({@code /users/{id}/messages}) per protected mailbox while the account
 * is in Monitor or Protect, none otherwise; renewed well before Microsoft's expiry.
 *
 * <p>Lifetimes: Microsoft's older documents cap Outlook message subscriptions at 4,230 minutes,
 * newer ones allow up to 7 days. The lifetime asked for is a setting; when Microsoft refuses a
 * longer one, the shorter documented cap is asked for instead. A subscription is renewed once less
 * than {@code renewBefore} of it is left, by a sync that the renewal schedule runs several times
 * within that margin.
 *
 * <p>Idempotent: a sync repeated (or run twice at once) ends with one subscription per protected
 * mailbox; extra ones for a mailbox are deleted by the next sync.
 *
 * <p>It also keeps real time's coverage of each mailbox ({@link DeltaTokenStore}, where the catch-up keeps
 * its delta links) in step with protection: a mailbox it finds protected without coverage has coverage begun
 * before its subscription is created, from when protection took effect at the earliest; a mailbox it finds
 * not protected (any more) loses its coverage, whatever Microsoft answers about its subscription; and
 * {@link #removeAll} forgets the account's. So a catch-up never reads mail of a time the mailbox was not
 * protected, nor continues from a link of an earlier protected period.
 */
public final class SubscriptionService implements MailSubscriptions {
    /** The shorter of Microsoft's documented caps for Outlook message subscriptions. */
    public static final Duration DOCUMENTED_MAX_LIFETIME = Duration.ofMinutes(4230);
    /** Asked for below a cap, so clock skew never makes Microsoft refuse the expiry. */
    static final Duration EXPIRY_MARGIN = Duration.ofMinutes(15);
    /** Outgoing mail lands in these folders; it is not checked. */
    static final List<String> OUTGOING_FOLDERS = List.of("sentitems", "drafts", "outbox");

    /**
     * @param notificationUrl          where Graph posts change notifications (our webhook)
     * @param lifecycleNotificationUrl where Graph posts lifecycle notifications
     * @param maxLifetime              the longest lifetime Microsoft grants (4,230 minutes, or 10,080 per newer documents)
     * @param renewBefore              renew once less than this is left (well above the renewal schedule's period)
     */
    public record Config(String notificationUrl, String lifecycleNotificationUrl, Duration maxLifetime,
                         Duration renewBefore) {
        public Config {
            Objects.requireNonNull(notificationUrl, "notificationUrl");
            Objects.requireNonNull(lifecycleNotificationUrl, "lifecycleNotificationUrl");
            if (maxLifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) <= 0) {
                throw new IllegalArgumentException("maxLifetime too short: " + maxLifetime);
            }
            if (renewBefore.isNegative() || renewBefore.compareTo(maxLifetime) >= 0) {
                throw new IllegalArgumentException("renewBefore must be shorter than the lifetime");
            }
        }

        /** The lifetime asked for: just under the cap. */
        Duration lifetime() {
            return maxLifetime.minus(EXPIRY_MARGIN);
        }
    }

    /** A sync's counts, and what could not be done (mailboxes Microsoft refused), for logs. */
    public record SyncReport(SyncResult result, int kept, List<String> problems) {
        public SyncReport {
            problems = List.copyOf(problems);
        }
    }

    private final AccountRepository accounts;
    private final MailboxGateway mailboxes;
    private final MessageLookup lookup;
    private final DirectoryRepository directory;
    private final SubscriptionGateway graph;
    private final SubscriptionStore store;
    private final Clock clock;
    private final Config config;
    private final Executor executor;
    private final DeltaTokenStore coverage;

    /**
     * @param executor runs a sync's Graph calls a few at a time (each creation waits for Microsoft's
     *                 validation handshake); {@code Runnable::run} runs them one after the other
     */
    public SubscriptionService(AccountRepository accounts, MailboxGateway mailboxes, MessageLookup lookup,
                               DirectoryRepository directory, SubscriptionGateway graph, SubscriptionStore store,
                               Clock clock, Config config, Executor executor) {
        this(accounts, mailboxes, lookup, directory, graph, store, clock, config, executor, null);
    }

    /**
     * @param coverage where catch-up keeps each mailbox's coverage and delta links: begun when the mailbox is
     *                 found protected, forgotten when it stops being protected (Disabled, Threat Scan Only, out
     *                 of Targeted To, offboarded), so when protection comes back its coverage starts again
     *                 then, and mail that arrived meanwhile is not caught up (null: not kept here; tests)
     */
    public SubscriptionService(AccountRepository accounts, MailboxGateway mailboxes, MessageLookup lookup,
                               DirectoryRepository directory, SubscriptionGateway graph, SubscriptionStore store,
                               Clock clock, Config config, Executor executor, DeltaTokenStore coverage) {
        this.coverage = coverage;
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.lookup = lookup;
        this.directory = directory;
        this.graph = graph;
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.executor = executor;
    }

    @Override
    public SyncResult sync(String accountId) {
        return syncReport(accountId).result();
    }

    /**
     * {@link #sync} with what was kept and what failed. Throttling or an outage of Microsoft is
     * thrown after every other mailbox was handled ({@link MicrosoftThrottledException} with the
     * longest wait asked for), so a retry has less to do.
     */
    public SyncReport syncReport(String accountId) {
        return syncReport(accountId, null);
    }

    /**
     * @param protectedSince when protection was switched on, if the caller knows (a mode change applied then):
     *                       coverage begun now reaches back to it at most; null: no further back than this
     *                       sync's own look at the account (protection was on by then)
     */
    public SyncReport syncReport(String accountId, Instant protectedSince) {
        Optional<Account> account = accounts.findById(accountId);
        Instant observed = clock.instant();
        Instant protectedFrom = protectedSince != null ? protectedSince : observed;
        List<MailSubscription> existing = store.list(accountId);
        Map<String, Mailbox> wanted = account.map(this::protectedMailboxes).orElse(Map.of());
        String tenantId = account.map(Account::tenantId).orElse(null);
        // Coverage ends first: a catch-up running meanwhile cannot write a link back for a mailbox no longer protected.
        Set<String> covered = endCoverage(accountId, wanted.keySet());

        // The newest subscription of each wanted mailbox is kept; every other one goes.
        Map<String, MailSubscription> keep = new LinkedHashMap<>();
        List<MailSubscription> remove = new ArrayList<>();
        existing.stream().sorted(Comparator.comparing(MailSubscription::expiresAt).reversed()).forEach(s -> {
            if (wanted.containsKey(s.mailboxId()) && s.tenantId().equals(tenantId) && !keep.containsKey(s.mailboxId())) {
                keep.put(s.mailboxId(), s);
            } else {
                remove.add(s);
            }
        });
        Instant now = clock.instant();
        List<Supplier<Op>> work = new ArrayList<>();
        for (MailSubscription subscription : remove) {
            work.add(() -> delete(subscription));
        }
        int kept = 0;
        for (Mailbox mailbox : wanted.values()) {
            MailSubscription current = keep.get(mailbox.id());
            boolean uncovered = coverage != null && !covered.contains(mailbox.id());
            if (current == null) {
                // Newly protected (or never subscribed): its coverage begins, then its subscription.
                work.add(() -> {
                    if (uncovered) {
                        beginCoverage(accountId, mailbox.id(), protectedFrom);
                    }
                    return create(account.get(), mailbox);
                });
                continue;
            }
            if (uncovered) {
                // Subscribed but not covered (a subscription older than coverage records, or left behind by a
                // period that ended): covered from now on, never from the subscription's creation.
                beginCoverage(accountId, mailbox.id(), protectedFrom);
            }
            if (!current.expiresAt().isAfter(now.plusSeconds(60))) {
                // Lapsed (or about to): Microsoft has deleted it or soon will; a new one replaces it.
                work.add(() -> replace(account.get(), mailbox, current));
            } else if (Duration.between(now, current.expiresAt()).compareTo(config.renewBefore()) <= 0) {
                work.add(() -> renew(account.get(), mailbox, current));
            } else {
                kept++;
            }
        }
        return finish(run(work), kept);
    }

    /**
     * Deletes every subscription of the account and forgets its coverage (offboarding: real-time protection
     * ends). Coverage is kept when Microsoft throttled a deletion (thrown: the account is still protected until
     * offboarding is tried again); a deletion Microsoft refused does not keep it (that subscription lapses).
     */
    @Override
    public int removeAll(String accountId) {
        List<Supplier<Op>> work = new ArrayList<>();
        for (MailSubscription subscription : store.list(accountId)) {
            work.add(() -> delete(subscription));
        }
        List<Op> ops = run(work);
        if (coverage != null && ops.stream().noneMatch(op -> op.retryable() != null)) {
            coverage.deleteAll(accountId);
        }
        return finish(ops, 0).result().deleted();
    }

    /**
     * Forgets the coverage of every mailbox not in {@code protectedIds} (all of it when none is protected);
     * returns the mailboxes still covered.
     */
    private Set<String> endCoverage(String accountId, Set<String> protectedIds) {
        if (coverage == null) {
            return Set.of();
        }
        if (protectedIds.isEmpty()) {
            coverage.deleteAll(accountId);
            return Set.of();
        }
        Set<String> covered = new LinkedHashSet<>(coverage.mailboxes(accountId));
        for (java.util.Iterator<String> it = covered.iterator(); it.hasNext(); ) {
            String mailboxId = it.next();
            if (!protectedIds.contains(mailboxId)) {
                for (String folder : CatchUp.FOLDERS) {
                    coverage.delete(accountId, mailboxId, folder);
                }
                it.remove();
            }
        }
        return covered;
    }

    /**
     * Begins a newly protected mailbox's coverage: from a little before now ({@link CatchUp#IN_FLIGHT_MARGIN}),
     * but never before protection took effect ({@code protectedFrom}).
     */
    private void beginCoverage(String accountId, String mailboxId, Instant protectedFrom) {
        Instant since = clock.instant().minus(CatchUp.IN_FLIGHT_MARGIN);
        if (since.isBefore(protectedFrom)) {
            since = protectedFrom;
        }
        for (String folder : CatchUp.FOLDERS) {
            coverage.begin(accountId, mailboxId, folder, since);
        }
    }

    /**
     * Renews one subscription now, whatever its expiry (Graph's {@code reauthorizationRequired}:
     * renewing also reauthorizes). A subscription we do not know, or Microsoft no longer has, leads
     * to a sync, which re-creates what is missing.
     */
    public SyncReport reauthorize(String accountId, String subscriptionId) {
        Optional<Account> account = accounts.findById(accountId);
        Optional<MailSubscription> subscription = store.find(accountId, subscriptionId);
        if (account.isEmpty() || subscription.isEmpty() || !account.get().isTenantLinked()) {
            return syncReport(accountId);
        }
        Op op = renew(account.get(), new Mailbox(subscription.get().mailboxId(), subscription.get().mailbox(),
                subscription.get().mailbox(), ""), subscription.get());
        return finish(List.of(op), 0);
    }

    /** Graph removed a subscription ({@code subscriptionRemoved}): forget it and sync, which creates it again. */
    public SyncReport removedByMicrosoft(String accountId, String subscriptionId) {
        store.delete(accountId, subscriptionId);
        return syncReport(accountId);
    }

    /** The mailboxes the account protects: every mailbox in Targeted To while in Monitor or Protect. */
    private Map<String, Mailbox> protectedMailboxes(Account account) {
        if (!account.isTenantLinked() || (account.mode() != Mode.MONITOR && account.mode() != Mode.PROTECT)) {
            return Map.of();
        }
        Map<String, Mailbox> wanted = new LinkedHashMap<>();
        for (Mailbox mailbox : mailboxes.listMailboxes(account.tenantId())) {
            String address = address(mailbox);
            if (address.isEmpty()) {
                continue;
            }
            Set<String> groups = account.targetedTo().everyone() || account.targetedTo().groups().isEmpty() ? Set.of()
                    : directory.user(account.accountId(), address).map(DirectoryRepository.UserEntry::groupIds).orElse(Set.of());
            if (account.targetedTo().includes(address, groups)) {
                wanted.put(mailbox.id(), mailbox);
            }
        }
        return wanted;
    }

    static String address(Mailbox mailbox) {
        String address = mailbox.mail() != null && !mailbox.mail().isBlank() ? mailbox.mail() : mailbox.userPrincipalName();
        return address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }

    // ---- the operations ----------------------------------------------------------------------------

    private enum Kind { CREATED, RENEWED, DELETED, FAILED }

    private record Op(Kind kind, String note, MicrosoftException retryable) {
        static Op done(Kind kind) {
            return new Op(kind, null, null);
        }
    }

    private Op create(Account account, Mailbox mailbox) {
        try {
            String clientState = SecretTokens.generate();
            Set<String> outgoing = outgoingFolders(account.tenantId(), mailbox.id());
            Instant now = clock.instant();
            SubscriptionGateway.Created created = createAtMicrosoft(account.tenantId(), mailbox.id(), clientState, now);
            store.put(new MailSubscription(account.accountId(), created.subscriptionId(), account.tenantId(), mailbox.id(),
                    address(mailbox), SecretTokens.hash(clientState), created.expiresAt(), now, outgoing));
            return Op.done(Kind.CREATED);
        } catch (MicrosoftThrottledException | MicrosoftUnavailableException e) {
            return new Op(Kind.FAILED, "create for " + mailbox.id() + ": " + e.getMessage(), e);
        } catch (MicrosoftException e) {
            return new Op(Kind.FAILED, "create for " + mailbox.id() + " refused: " + e.errorCode(), null);
        }
    }

    private SubscriptionGateway.Created createAtMicrosoft(String tenantId, String mailboxId, String clientState, Instant now) {
        try {
            return graph.create(tenantId, new SubscriptionGateway.Request(mailboxId, config.notificationUrl(),
                    config.lifecycleNotificationUrl(), clientState, now.plus(config.lifetime())));
        } catch (MicrosoftException e) {
            if (!refusedLifetime(e)) {
                throw e;
            }
            return graph.create(tenantId, new SubscriptionGateway.Request(mailboxId, config.notificationUrl(),
                    config.lifecycleNotificationUrl(), clientState, now.plus(shorterLifetime())));
        }
    }

    private Op renew(Account account, Mailbox mailbox, MailSubscription subscription) {
        try {
            Instant now = clock.instant();
            Instant granted;
            try {
                granted = graph.renew(account.tenantId(), subscription.subscriptionId(), now.plus(config.lifetime()));
            } catch (MicrosoftNotFoundException gone) {
                throw gone;
            } catch (MicrosoftException e) {
                if (!refusedLifetime(e)) {
                    throw e;
                }
                granted = graph.renew(account.tenantId(), subscription.subscriptionId(), now.plus(shorterLifetime()));
            }
            store.renewed(subscription.accountId(), subscription.subscriptionId(), granted);
            return Op.done(Kind.RENEWED);
        } catch (MicrosoftNotFoundException gone) {
            // Microsoft no longer has it (expired, or removed without our hearing): start again.
            store.delete(subscription.accountId(), subscription.subscriptionId());
            return create(account, mailbox);
        } catch (MicrosoftThrottledException | MicrosoftUnavailableException e) {
            return new Op(Kind.FAILED, "renew " + subscription.subscriptionId() + ": " + e.getMessage(), e);
        } catch (MicrosoftException e) {
            return new Op(Kind.FAILED, "renew " + subscription.subscriptionId() + " refused: " + e.errorCode(), null);
        }
    }

    private Op replace(Account account, Mailbox mailbox, MailSubscription lapsed) {
        Op deleted = delete(lapsed);
        if (deleted.kind() == Kind.FAILED) {
            return deleted;
        }
        return create(account, mailbox);
    }

    private Op delete(MailSubscription subscription) {
        try {
            graph.delete(subscription.tenantId(), subscription.subscriptionId());
        } catch (MicrosoftThrottledException | MicrosoftUnavailableException e) {
            return new Op(Kind.FAILED, "delete " + subscription.subscriptionId() + ": " + e.getMessage(), e);
        } catch (MicrosoftAccessDeniedException e) {
            // Consent was withdrawn: Microsoft stops notifying us anyway, and notifications for a
            // subscription we no longer know are refused.
        } catch (MicrosoftException e) {
            if (!(e instanceof MicrosoftNotFoundException)) {
                return new Op(Kind.FAILED, "delete " + subscription.subscriptionId() + " refused: " + e.errorCode(), null);
            }
        }
        store.delete(subscription.accountId(), subscription.subscriptionId());
        return Op.done(Kind.DELETED);
    }

    /** Sent Items, Drafts and Outbox of the mailbox; a folder that cannot be looked up now is simply not excluded. */
    private Set<String> outgoingFolders(String tenantId, String mailboxId) {
        Set<String> ids = new LinkedHashSet<>();
        for (String name : OUTGOING_FOLDERS) {
            try {
                lookup.wellKnownFolderId(tenantId, mailboxId, name).ifPresent(ids::add);
            } catch (MicrosoftThrottledException | MicrosoftUnavailableException e) {
                throw e;
            } catch (MicrosoftException e) {
                // Drafts are skipped by their draft flag anyway.
            }
        }
        return ids;
    }

    private Duration shorterLifetime() {
        return DOCUMENTED_MAX_LIFETIME.minus(EXPIRY_MARGIN);
    }

    /** Microsoft refused the expiry we asked for (a longer lifetime than the documents it follows). */
    private boolean refusedLifetime(MicrosoftException e) {
        return config.lifetime().compareTo(shorterLifetime()) > 0 && !(e instanceof MicrosoftNotFoundException)
                && !(e instanceof MicrosoftAccessDeniedException) && !(e instanceof MicrosoftThrottledException)
                && !(e instanceof MicrosoftUnavailableException)
                && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("expiration");
    }

    private List<Op> run(List<Supplier<Op>> work) {
        List<CompletableFuture<Op>> futures = new ArrayList<>();
        for (Supplier<Op> op : work) {
            futures.add(CompletableFuture.supplyAsync(op, executor));
        }
        List<Op> ops = new ArrayList<>();
        for (CompletableFuture<Op> future : futures) {
            ops.add(future.join());
        }
        return ops;
    }

    private static SyncReport finish(List<Op> ops, int kept) {
        int created = 0;
        int renewed = 0;
        int deleted = 0;
        List<String> problems = new ArrayList<>();
        MicrosoftException retry = null;
        for (Op op : ops) {
            switch (op.kind()) {
                case CREATED -> created++;
                case RENEWED -> renewed++;
                case DELETED -> deleted++;
                case FAILED -> {
                    problems.add(op.note());
                    if (op.retryable() != null) {
                        retry = longerWait(retry, op.retryable());
                    }
                }
            }
        }
        if (retry != null) {
            throw retry;
        }
        return new SyncReport(new SyncResult(created, renewed, deleted), kept, problems);
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
