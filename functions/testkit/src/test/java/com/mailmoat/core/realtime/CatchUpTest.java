package com.mailmoat.core.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Mode;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.FakeMessageDelta;
import com.mailmoat.testkit.InMemoryDeltaTokens;
import com.mailmoat.testkit.RecordingNotificationQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Mail whose notification never came is still checked, exactly once: by the catch-up's delta rounds
 * (after a sync, on {@code missed}, on the schedule), through the same claim as the notification path.
 */
class CatchUpTest {
    private final RealTimeFixture f = new RealTimeFixture();
    private final FakeMessageDelta delta = new FakeMessageDelta(f.mail);
    private final InMemoryDeltaTokens tokens = new InMemoryDeltaTokens();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final Health health = new Health();

    /** Mailboxes caught up three at a time, as the function does (SUBSCRIPTION_SYNC_THREADS). */
    private static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newFixedThreadPool(3);

    private CatchUp catchUp() {
        return new CatchUp(f.accounts, f.store, delta, tokens, f.queue, f.clock, new CatchUp.Config(Duration.ofHours(72)),
                THREADS);
    }

    private SubscriptionUpkeep upkeep() {
        return new SubscriptionUpkeep(f.subscriptions(tokens), catchUp(), health, f.accounts, notifications, f.clock);
    }

    private long checked() {
        return f.stats.day(RealTimeFixture.ACCOUNT, java.time.LocalDate.of(2026, 12, 1)).checked();
    }

    private void protectEveryone() {
        f.mode(Mode.PROTECT, TargetedTo.EVERYONE);
        upkeep().handle(SyncRequest.of(RealTimeFixture.ACCOUNT, SyncRequest.Reason.MODE_CHANGED));
        f.drain();
    }

    @Test
    void mailWhoseNotificationWasDroppedIsCheckedOnceAndANotifiedMessageIsNotCheckedAgain() {
        protectEveryone();
        f.clock.advance(Duration.ofMinutes(1));
        FakeMailboxes.Message notified = f.mail.deliver(f.adele.id(), f.clock.instant(), "Hello");
        f.intake().changes(List.of(f.created(f.adele, notified.id)));
        f.drain();
        FakeMailboxes.Message dropped = f.mail.deliver(f.ben.id(), f.clock.instant(), "MALWARE inside");
        FakeMailboxes.Message droppedToo = f.mail.deliver(f.adele.id(), f.clock.instant(), "Lunch?");
        assertThat(checked()).isEqualTo(1);

        CatchUp.Report report = upkeep().handle(SyncRequest.of(RealTimeFixture.ACCOUNT, SyncRequest.Reason.CATCH_UP)).catchUp();
        f.drain();
        assertThat(report.mailboxes()).isEqualTo(3);
        assertThat(checked()).as("the two dropped ones, and not the notified one again").isEqualTo(3);
        assertThat(f.detections.find(RealTimeFixture.ACCOUNT, com.mailmoat.core.detection.Detection.idFor(f.ben.id(),
                dropped.id))).isPresent();
        assertThat(f.removed).hasSize(1);

        // A late notification of a caught-up message, and the next catch-up: nothing twice.
        f.intake().changes(List.of(f.created(f.adele, droppedToo.id)));
        upkeep().handle(SyncRequest.of(RealTimeFixture.ACCOUNT, SyncRequest.Reason.MISSED));
        f.drain();
        assertThat(checked()).isEqualTo(3);
        assertThat(f.removed).hasSize(1);
    }

    @Test
    void mailThatArrivedWhileDisabledIsNotCaughtUpWhenProtectionIsSwitchedBackOn() {
        protectEveryone();
        upkeep().handle(SyncRequest.of(RealTimeFixture.ACCOUNT, SyncRequest.Reason.CATCH_UP));
        assertThat(tokens.links).as("each mailbox's Inbox and Junk Email link").hasSize(6);

        f.clock.advance(Duration.ofMinutes(5));
        f.mode(Mode.DISABLED, TargetedTo.EVERYONE);
        upkeep().handle(new SyncRequest(RealTimeFixture.ACCOUNT, SyncRequest.Reason.MODE_CHANGED, null, f.clock.instant()));
        assertThat(f.graph.live()).isEmpty();
        assertThat(tokens.links).as("coverage ends with protection").isEmpty();

        // Delivered while Disabled, the last one a minute before protection comes back (within the creation margin).
        f.clock.advance(Duration.ofMinutes(30));
        f.mail.deliver(f.ben.id(), f.clock.instant(), "MALWARE while disabled");
        f.clock.advance(Duration.ofMinutes(29));
        f.mail.deliver(f.adele.id(), f.clock.instant(), "MALWARE a minute before");
        f.clock.advance(Duration.ofMinutes(1));

        Instant switchedOn = f.clock.instant();
        f.mode(Mode.PROTECT, TargetedTo.EVERYONE);
        f.clock.advance(Duration.ofSeconds(2));
        upkeep().handle(new SyncRequest(RealTimeFixture.ACCOUNT, SyncRequest.Reason.MODE_CHANGED, null, switchedOn));
        f.drain();
        upkeep().handle(SyncRequest.of(RealTimeFixture.ACCOUNT, SyncRequest.Reason.CATCH_UP));
        f.drain();
        assertThat(checked()).as("Disabled promised not to act on that mail").isZero();
        assertThat(f.removed).isEmpty();
        assertThat(tokens.links.values()).allSatisfy(c -> assertThat(c.coveredSince()).isEqualTo(switchedOn));

        // What arrives from then on is covered again, notification or not.
        f.clock.advance(Duration.ofMinutes(1));
        FakeMailboxes.Message after = f.mail.deliver(f.ben.id(), f.clock.instant(), "MALWARE after");
        upkeep().handle(SyncRequest.of(RealTimeFixture.ACCOUNT, SyncRequest.Reason.CATCH_UP));
        f.drain();
        assertThat(f.removed).containsExactly(com.mailmoat.core.detection.Detection.idFor(f.ben.id(), after.id));
    }

    @Test
    void aForgottenDeltaLinkRescansTheRecentWindowButNotMailOlderThanRealTimeProtection() {
        FakeMailboxes.Message old = f.mail.deliver(f.adele.id(), f.clock.instant().minus(Duration.ofHours(2)), "MALWARE old");
        protectEveryone();
        assertThat(checked()).as("mail before the subscription is the Threat Scan's").isZero();
        f.clock.advance(Duration.ofMinutes(10));
        FakeMailboxes.Message first = f.mail.deliver(f.adele.id(), f.clock.instant(), "MALWARE first");
        upkeep().handle(SyncRequest.of(RealTimeFixture.ACCOUNT, SyncRequest.Reason.CATCH_UP));
        f.drain();
        assertThat(checked()).isEqualTo(1);

        delta.expireAll();
        FakeMailboxes.Message second = f.mail.deliver(f.adele.id(), f.clock.instant(), "Minutes of the meeting");
        CatchUp.Report report = catchUp().run(RealTimeFixture.ACCOUNT);
        f.drain();
        assertThat(report.resets()).as("Inbox and Junk Email links re-established").isEqualTo(6);
        assertThat(checked()).as("the new one only: nothing skipped, nothing twice").isEqualTo(2);
        assertThat(f.removed).containsExactly(com.mailmoat.core.detection.Detection.idFor(f.adele.id(), first.id));
        assertThat(old.id).isNotEqualTo(second.id);
    }

    @Test
    void aRemovedSubscriptionIsCreatedAgainAndMailDeliveredMeanwhileIsCaughtUp() {
        protectEveryone();
        upkeep().handle(SyncRequest.of(RealTimeFixture.ACCOUNT, SyncRequest.Reason.CATCH_UP));
        MailSubscription removed = f.subscriptionOf(f.carla);
        f.graph.remove(removed.subscriptionId());
        f.clock.advance(Duration.ofMinutes(3));
        FakeMailboxes.Message meanwhile = f.mail.deliver(f.carla.id(), f.clock.instant(), "MALWARE while unsubscribed");

        upkeep().handle(new SyncRequest(RealTimeFixture.ACCOUNT, SyncRequest.Reason.SUBSCRIPTION_REMOVED,
                removed.subscriptionId()));
        f.drain();
        assertThat(f.subscriptionOf(f.carla).subscriptionId()).isNotEqualTo(removed.subscriptionId());
        assertThat(f.graph.live()).hasSize(3);
        assertThat(f.removed).containsExactly(com.mailmoat.core.detection.Detection.idFor(f.carla.id(), meanwhile.id));
        assertThat(checked()).isEqualTo(1);
    }

    @Test
    void aRefusedRenewalShowsUntilASyncSucceedsAndIsEmailedOnce() {
        protectEveryone();
        f.graph.maxLifetime = Duration.ofMinutes(30);
        MailSubscription subscription = f.subscriptionOf(f.adele);
        SyncRequest reauthorize = new SyncRequest(RealTimeFixture.ACCOUNT, SyncRequest.Reason.REAUTHORIZATION_REQUIRED,
                subscription.subscriptionId());
        upkeep().handle(reauthorize);
        upkeep().handle(reauthorize);
        assertThat(health.problem(RealTimeFixture.ACCOUNT)).get().satisfies(p -> assertThat(p.message()).contains("renew"));
        assertThat(notifications.ofKind(NotificationKind.REAL_TIME_AT_RISK)).singleElement()
                .satisfies(n -> assertThat(n.recipient()).isEqualTo("admin@contoso.example"));
        RealTimeSummaries.Summary summary = new RealTimeSummaries(f.accounts, f.store, f.stats, health, f.clock)
                .of(RealTimeFixture.ACCOUNT, 0);
        assertThat(summary.problem()).isNotNull();

        f.graph.maxLifetime = Duration.ofMinutes(4230);
        upkeep().handle(reauthorize);
        assertThat(health.problem(RealTimeFixture.ACCOUNT)).isEmpty();
        assertThat(notifications.ofKind(NotificationKind.REAL_TIME_AT_RISK)).hasSize(1);
    }

    @Test
    void theScheduleQueuesACatchUpForEveryAccountWithSubscriptions() {
        protectEveryone();
        new CatchUpSchedule(f.store, f.syncs, f.clock, Duration.ofMinutes(4230)).queueAll();
        assertThat(f.syncs.requests).containsExactly(SyncRequest.of(RealTimeFixture.ACCOUNT, SyncRequest.Reason.CATCH_UP));
    }

    private static final class Health implements RealTimeHealth {
        private final Map<String, Problem> problems = new ConcurrentHashMap<>();

        @Override
        public Optional<Problem> problem(String accountId) {
            return Optional.ofNullable(problems.get(accountId));
        }

        @Override
        public boolean raise(String accountId, String message, Instant at) {
            return problems.putIfAbsent(accountId, new Problem(message, at)) == null;
        }

        @Override
        public void clear(String accountId) {
            problems.remove(accountId);
        }
    }
}
