package com.mailmoat.mailevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.policy.ScanPolicies;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.realtime.CatchUp;
import com.mailmoat.core.realtime.MailEvent;
import com.mailmoat.core.realtime.RealTimeHealth;
import com.mailmoat.core.realtime.SubscriptionUpkeep;
import com.mailmoat.core.realtime.MailSubscription;
import com.mailmoat.core.realtime.RealTimeCheck;
import com.mailmoat.core.realtime.RenewalSchedule;
import com.mailmoat.core.realtime.SubscriptionService;
import com.mailmoat.core.realtime.SyncRequest;
import com.mailmoat.adapters.aws.realtime.RealTimeMessages;
import com.mailmoat.testkit.FakeGraphSubscriptions;
import com.mailmoat.testkit.FakeInspector;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.FakeMessageDelta;
import com.mailmoat.testkit.InMemoryDeltaTokens;
import com.mailmoat.testkit.RecordingMailEvents;
import com.mailmoat.testkit.RecordingNotificationQueue;
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
import com.mailmoat.testkit.RecordingQueueControl;
import com.mailmoat.testkit.RecordingSyncRequests;
import com.mailmoat.testkit.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The queue and schedule samples through their handlers, over the testkit's fakes. */
class MailEventsHandlersTest {
    private static final String ACCOUNT = "0d5c1f3e-2a4b-4c6d-8e9f-001122334455";
    private static final String SUBSCRIPTION = "7f105c7d-2dc5-4530-97cd-4e7ae6534c07";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryDetections detections = new InMemoryDetections();
    private final InMemorySubscriptions subscriptions = new InMemorySubscriptions();
    private final InMemoryIdempotencyStore idempotency = new InMemoryIdempotencyStore(clock);
    private final FakeMailboxes mail = new FakeMailboxes();
    private final FakeMessageLookup lookup = new FakeMessageLookup(mail);
    private final FakeGraphSubscriptions graph = new FakeGraphSubscriptions(clock);
    private final RecordingQueueControl queues = new RecordingQueueControl();
    private final RecordingSyncRequests syncs = new RecordingSyncRequests();
    private final List<String> removed = new ArrayList<>();
    private final Mailbox adele;

    MailEventsHandlersTest() {
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById(ACCOUNT).orElseThrow().withTenant(FakeMicrosoft.TENANT, List.of("contoso.example")));
        accounts.update(accounts.findById(ACCOUNT).orElseThrow().withMode(Mode.PROTECT, TargetedTo.EVERYONE));
        adele = mail.addMailboxWithId(new Mailbox("8ee44408-0679-472c-bc2a-692812af3437", "adele.vance@contoso.example",
                "adele.vance@contoso.example", "Adele Vance"));
    }

    private MailEventsHandler checks() {
        return new MailEventsHandler(new RealTimeCheck(accounts, subscriptions, lookup, mail, new FakeInspector(),
                new TenantProfiles(new FakeMicrosoft(), clock, Duration.ofMinutes(15)),
                new ScanPolicies(new InMemoryPolicies(), new InMemoryDirectory()), detections,
                (account, ids) -> removed.addAll(ids), new InMemoryRealTimeStats(), idempotency, clock), queues);
    }

    private SubscriptionUpkeep upkeep() {
        return new SubscriptionUpkeep(subscriptionService(), new CatchUp(accounts, subscriptions, new FakeMessageDelta(mail),
                new InMemoryDeltaTokens(), new RecordingMailEvents(), clock, new CatchUp.Config(Duration.ofHours(72))),
                RealTimeHealth.NONE, accounts, new RecordingNotificationQueue(), clock);
    }

    private SubscriptionService subscriptionService() {
        return new SubscriptionService(accounts, mail, lookup, new InMemoryDirectory(), graph, subscriptions, clock,
                new SubscriptionService.Config("https://console.mailmoat.example/api/graph/notifications",
                        "https://console.mailmoat.example/api/graph/lifecycle", Duration.ofMinutes(4230), Duration.ofHours(48)),
                Runnable::run);
    }

    @Test
    void theMailEventSampleIsDoneWhenTheMessageIsGoneAndAMaliciousMessageIsRemovedOnce() {
        SQSEvent sample = SampleEvents.sqs("MailEventsFunction").get(0).event();
        assertThat(checks().handleRequest(sample, null).getBatchItemFailures()).isEmpty();
        assertThat(detections.size()).isZero();

        FakeMailboxes.Message message = mail.deliver(adele.id(), clock.instant(), "MALWARE");
        SQSEvent.SQSMessage record = sample.getRecords().get(0);
        record.setBody(RealTimeMessages.MAIL_EVENTS.encode(new MailEvent(ACCOUNT, SUBSCRIPTION, adele.id(),
                adele.mail(), message.id, clock.instant())));
        SQSEvent twice = new SQSEvent();
        twice.setRecords(List.of(record, record));
        assertThat(checks().handleRequest(twice, null).getBatchItemFailures()).isEmpty();
        assertThat(detections.find(ACCOUNT, Detection.idFor(adele.id(), message.id))).get()
                .satisfies(d -> assertThat(d.source()).isEqualTo(DetectionSource.REAL_TIME));
        assertThat(removed).hasSize(1);
    }

    @Test
    void throttlingDefersTheMessageOnTheQueue() {
        FakeMailboxes.Message message = mail.deliver(adele.id(), clock.instant(), "MALWARE");
        lookup.throttleNext.set(1);
        SQSEvent event = SampleEvents.sqs("MailEventsFunction").get(0).event();
        event.getRecords().get(0).setBody(RealTimeMessages.MAIL_EVENTS.encode(new MailEvent(ACCOUNT, SUBSCRIPTION,
                adele.id(), adele.mail(), message.id, clock.instant())));
        SQSBatchResponse response = checks().handleRequest(event, null);
        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(queues.visibilityChanges).singleElement().satisfies(d -> assertThat(d.seconds()).isEqualTo(2));
    }

    @Test
    void everySyncSampleBringsTheSubscriptionsInStep() {
        subscriptionService().sync(ACCOUNT); // the catch-up samples (missed, schedule) only catch up
        for (SampleEvents.Sample<SQSEvent> sample : SampleEvents.sqs("SubscriptionSyncFunction")) {
            SQSBatchResponse response = new SubscriptionSyncHandler(upkeep(), queues).handleRequest(sample.event(), null);
            assertThat(response.getBatchItemFailures()).as(sample.name()).isEmpty();
            assertThat(subscriptions.list(ACCOUNT)).as(sample.name()).singleElement()
                    .satisfies(s -> assertThat(s.mailboxId()).isEqualTo(adele.id()));
        }
        assertThat(graph.live()).hasSize(1);
    }

    @Test
    void aThrottledSyncWaitsOnTheQueue() {
        graph.throttleNext.set(1);
        SQSBatchResponse response = new SubscriptionSyncHandler(upkeep(), queues)
                .handleRequest(SampleEvents.sqs("SubscriptionSyncFunction").stream()
                        .filter(s -> s.name().equals("SubscriptionSyncFunction.json")).findFirst().orElseThrow().event(), null);
        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(queues.visibilityChanges).singleElement().satisfies(d -> assertThat(d.seconds()).isEqualTo(3));
    }

    @Test
    void theRenewalSampleQueuesASyncForAccountsWithSubscriptionsDue() {
        subscriptions.put(new MailSubscription(ACCOUNT, SUBSCRIPTION, FakeMicrosoft.TENANT, adele.id(), adele.mail(), "h",
                clock.instant().plus(Duration.ofHours(30)), clock.instant(), Set.of()));
        subscriptions.put(new MailSubscription("later", "sub-2", "t", "m", "", "h",
                clock.instant().plus(Duration.ofHours(60)), clock.instant(), Set.of()));
        new SubscriptionRenewalHandler(new RenewalSchedule(subscriptions, syncs, clock, Duration.ofHours(48)))
                .handleRequest(SampleEvents.scheduled("SubscriptionRenewalFunction").get(0).event(), null);
        assertThat(syncs.requests).containsExactly(SyncRequest.of(ACCOUNT, SyncRequest.Reason.RENEWAL));
    }
}
