package com.mailmoat.core.realtime;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.policy.ScanPolicies;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.testkit.FakeGraphSubscriptions;
import com.mailmoat.testkit.FakeInspector;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.FakeMessageLookup;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryDirectory;
import com.mailmoat.testkit.InMemoryIdempotencyStore;
import com.mailmoat.testkit.InMemoryPolicies;
import com.mailmoat.testkit.InMemoryRealTimeStats;
import com.mailmoat.testkit.InMemorySubscriptions;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingMailEvents;
import com.mailmoat.testkit.RecordingSyncRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One account with a tenant of three mailboxes, and the real-time path over fakes. */
final class RealTimeFixture {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final String ACCOUNT = "acct-1";
    static final String NOTIFY = "https://console.mailmoat.example/api/graph/notifications";
    static final String LIFECYCLE = "https://console.mailmoat.example/api/graph/lifecycle";

    final MutableClock clock = new MutableClock(NOW);
    final InMemoryAccounts accounts = new InMemoryAccounts();
    final InMemoryDirectory directory = new InMemoryDirectory();
    final InMemoryPolicies policies = new InMemoryPolicies();
    final InMemoryDetections detections = new InMemoryDetections();
    final InMemorySubscriptions store = new InMemorySubscriptions();
    final InMemoryRealTimeStats stats = new InMemoryRealTimeStats();
    final InMemoryIdempotencyStore idempotency = new InMemoryIdempotencyStore(clock);
    final FakeMailboxes mail = new FakeMailboxes();
    final FakeMessageLookup lookup = new FakeMessageLookup(mail);
    final FakeGraphSubscriptions graph = new FakeGraphSubscriptions(clock);
    final FakeInspector inspector = new FakeInspector();
    /** What the administrator was told of malicious mail as it arrived. */
    final com.mailmoat.testkit.RecordingNotificationQueue alerts = new com.mailmoat.testkit.RecordingNotificationQueue();
    final RecordingMailEvents queue = new RecordingMailEvents();
    final RecordingSyncRequests syncs = new RecordingSyncRequests();
    final List<String> removed = new CopyOnWriteArrayList<>();
    final Mailbox adele;
    final Mailbox ben;
    final Mailbox carla;

    RealTimeFixture() {
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, NOW));
        accounts.linkTenant(accounts.findById(ACCOUNT).orElseThrow().withTenant(FakeMicrosoft.TENANT, List.of("contoso.example")));
        adele = mail.addMailbox("adele@contoso.example");
        ben = mail.addMailbox("ben@contoso.example");
        carla = mail.addMailbox("carla@contoso.example");
    }

    void mode(Mode mode, TargetedTo targetedTo) {
        accounts.update(accounts.findById(ACCOUNT).orElseThrow().withMode(mode, targetedTo));
    }

    static TargetedTo users(String... addresses) {
        return new TargetedTo(false, List.of(addresses), List.of());
    }

    SubscriptionService subscriptions(Duration maxLifetime) {
        return new SubscriptionService(accounts, mail, lookup, directory, graph, store, clock,
                new SubscriptionService.Config(NOTIFY, LIFECYCLE, maxLifetime, Duration.ofHours(48)), Runnable::run);
    }

    /** As the function wires it: a mailbox that stops being protected loses its delta links in {@code tokens}. */
    SubscriptionService subscriptions(DeltaTokenStore tokens) {
        return new SubscriptionService(accounts, mail, lookup, directory, graph, store, clock,
                new SubscriptionService.Config(NOTIFY, LIFECYCLE, SubscriptionService.DOCUMENTED_MAX_LIFETIME,
                        Duration.ofHours(48)), Runnable::run, tokens);
    }

    SubscriptionService subscriptions() {
        return subscriptions(SubscriptionService.DOCUMENTED_MAX_LIFETIME);
    }

    NotificationIntake intake() {
        return new NotificationIntake(store, idempotency, queue, syncs, stats, clock);
    }

    RealTimeCheck check() {
        return new RealTimeCheck(accounts, store, lookup, mail, inspector,
                new TenantProfiles(new FakeMicrosoft(), clock, Duration.ofMinutes(15)), new ScanPolicies(policies, directory),
                detections, (account, ids) -> removed.addAll(ids), stats, idempotency, clock)
                .withAlerts(new ThreatAlerts(alerts, clock, "https://console.mailmoat.example/"));
    }

    /**
     * Creates the subscriptions of the account's protected mailboxes and returns the clientStates
     * Graph was given, by mailbox id (the fake keeps them; our store keeps only hashes).
     */
    java.util.Map<String, String> clientStates() {
        java.util.Map<String, String> states = new java.util.HashMap<>();
        graph.live().values().forEach(l -> states.put(l.request().mailboxId(), l.request().clientState()));
        return states;
    }

    MailSubscription subscriptionOf(Mailbox mailbox) {
        return store.list(ACCOUNT).stream().filter(s -> s.mailboxId().equals(mailbox.id())).findFirst().orElseThrow();
    }

    /** The notification Graph would post for a new message of a subscribed mailbox. */
    GraphNotification created(Mailbox mailbox, String messageId) {
        MailSubscription subscription = subscriptionOf(mailbox);
        return new GraphNotification(subscription.subscriptionId(), clientStates().get(mailbox.id()), FakeMicrosoft.TENANT,
                "created", messageId, null);
    }

    /** Delivers, notifies and checks: the whole real-time path over the fakes. */
    List<RealTimeCheck.Outcome> arrive(Mailbox mailbox, String body) {
        FakeMailboxes.Message message = mail.deliver(mailbox.id(), clock.instant(), body);
        intake().changes(List.of(created(mailbox, message.id)));
        return drain();
    }

    List<RealTimeCheck.Outcome> drain() {
        List<RealTimeCheck.Outcome> outcomes = new ArrayList<>();
        RealTimeCheck check = check();
        while (!queue.queued.isEmpty()) {
            outcomes.add(check.check(queue.queued.remove(0)));
        }
        return outcomes;
    }
}
