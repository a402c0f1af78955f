package com.mailmoat.core.realtime;

import static com.mailmoat.core.realtime.RealTimeFixture.ACCOUNT;
import static com.mailmoat.core.realtime.RealTimeFixture.LIFECYCLE;
import static com.mailmoat.core.realtime.RealTimeFixture.NOTIFY;
import static com.mailmoat.core.realtime.RealTimeFixture.NOW;
import static com.mailmoat.core.realtime.RealTimeFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.Mode;
import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.testkit.FakeGraphSubscriptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Subscriptions follow mode and Targeted To, are renewed long before they expire, and survive Microsoft's moods. */
class SubscriptionServiceTest {
    private final RealTimeFixture f = new RealTimeFixture();

    @Test
    void protectSubscribesEachTargetedMailboxOnceWithItsOwnSecretKeptOnlyAsAHash() {
        f.mode(Mode.PROTECT, users("adele@contoso.example", "ben@contoso.example"));
        f.lookup.wellKnown(f.adele.id(), "sentitems", "sent-adele");

        assertThat(f.subscriptions().sync(ACCOUNT)).isEqualTo(new MailSubscriptions.SyncResult(2, 0, 0));

        assertThat(f.graph.live().values()).extracting(l -> l.request().mailboxId())
                .containsExactlyInAnyOrder(f.adele.id(), f.ben.id());
        for (FakeGraphSubscriptions.Live live : f.graph.live().values()) {
            assertThat(live.request().notificationUrl()).isEqualTo(NOTIFY);
            assertThat(live.request().lifecycleNotificationUrl()).isEqualTo(LIFECYCLE);
            assertThat(live.request().clientState()).hasSizeBetween(32, 128);
            assertThat(live.expiresAt()).isBefore(NOW.plus(Duration.ofMinutes(4230))).isAfter(NOW.plus(Duration.ofHours(70)));
        }
        MailSubscription adele = f.subscriptionOf(f.adele);
        String secret = f.clientStates().get(f.adele.id());
        assertThat(adele.clientStateHash()).isEqualTo(SecretTokens.hash(secret)).doesNotContain(secret);
        assertThat(adele.mailbox()).isEqualTo("adele@contoso.example");
        assertThat(adele.excludedFolderIds()).containsExactly("sent-adele");
        assertThat(f.clientStates().get(f.ben.id())).isNotEqualTo(secret);

        int calls = f.graph.calls.size();
        assertThat(f.subscriptions().sync(ACCOUNT)).as("idempotent").isEqualTo(new MailSubscriptions.SyncResult(0, 0, 0));
        assertThat(f.graph.calls).hasSize(calls);
    }

    @Test
    void changingTargetedToOrModeAddsAndRemovesSubscriptions() {
        f.mode(Mode.MONITOR, users("adele@contoso.example", "ben@contoso.example"));
        f.subscriptions().sync(ACCOUNT);
        f.mode(Mode.MONITOR, users("carla@contoso.example", "ben@contoso.example"));
        assertThat(f.subscriptions().sync(ACCOUNT)).isEqualTo(new MailSubscriptions.SyncResult(1, 0, 1));
        assertThat(f.store.list(ACCOUNT)).extracting(MailSubscription::mailboxId)
                .containsExactlyInAnyOrder(f.ben.id(), f.carla.id());

        f.mode(Mode.PROTECT, TargetedTo.EVERYONE);
        assertThat(f.subscriptions().sync(ACCOUNT)).isEqualTo(new MailSubscriptions.SyncResult(1, 0, 0));

        f.mode(Mode.DISABLED, TargetedTo.EVERYONE);
        assertThat(f.subscriptions().sync(ACCOUNT)).isEqualTo(new MailSubscriptions.SyncResult(0, 0, 3));
        assertThat(f.graph.live()).isEmpty();
        assertThat(f.store.list(ACCOUNT)).isEmpty();
    }

    @Test
    void threatScanOnlyAndUnknownAccountsHaveNoSubscriptions() {
        assertThat(f.subscriptions().sync(ACCOUNT)).isEqualTo(new MailSubscriptions.SyncResult(0, 0, 0));
        assertThat(f.subscriptions().sync("nobody")).isEqualTo(new MailSubscriptions.SyncResult(0, 0, 0));
        assertThat(f.graph.calls).isEmpty();
    }

    @Test
    void targetedGroupsAreResolvedThroughTheImportedDirectory() {
        f.directory.replace(ACCOUNT, List.of(
                new DirectoryRepository.UserEntry("u1", "adele@contoso.example", "Adele", Set.of("g-finance")),
                new DirectoryRepository.UserEntry("u2", "ben@contoso.example", "Ben", Set.of("g-sales"))),
                List.of(new DirectoryRepository.GroupEntry("g-finance", "Finance", "", 1)), NOW);
        f.mode(Mode.PROTECT, new TargetedTo(false, List.of(), List.of("g-finance")));
        f.subscriptions().sync(ACCOUNT);
        assertThat(f.store.list(ACCOUNT)).extracting(MailSubscription::mailboxId).containsExactly(f.adele.id());
    }

    @Test
    void aRenewalScheduleEverySixHoursKeepsEverySubscriptionAliveForWeeks() {
        f.mode(Mode.PROTECT, TargetedTo.EVERYONE);
        SubscriptionService service = f.subscriptions();
        service.sync(ACCOUNT);
        RenewalSchedule schedule = new RenewalSchedule(f.store, f.syncs, f.clock, Duration.ofHours(48));
        Instant end = NOW.plus(Duration.ofDays(21));
        int renewals = 0;
        while (f.clock.instant().isBefore(end)) {
            f.clock.advance(Duration.ofHours(6));
            // Microsoft drops what expired; every subscription must still be alive.
            assertThat(f.graph.live()).as("live at " + f.clock.instant()).hasSize(3);
            schedule.queueDue();
            for (SyncRequest request : List.copyOf(f.syncs.requests)) {
                renewals += service.sync(request.accountId()).renewed();
            }
            f.syncs.requests.clear();
            for (MailSubscription s : f.store.list(ACCOUNT)) {
                assertThat(Duration.between(f.clock.instant(), s.expiresAt())).as("time left after a run")
                        .isGreaterThan(Duration.ofHours(42));
            }
        }
        assertThat(renewals).as("each renewed about once a day").isBetween(3 * 18, 3 * 24);
        assertThat(f.graph.calls).filteredOn(c -> c.startsWith("create")).as("never re-created").hasSize(3);
    }

    @Test
    void nothingIsRenewedLongBeforeItIsDue() {
        f.mode(Mode.PROTECT, TargetedTo.EVERYONE);
        f.subscriptions().sync(ACCOUNT);
        f.clock.advance(Duration.ofHours(20));
        assertThat(f.subscriptions().sync(ACCOUNT)).isEqualTo(new MailSubscriptions.SyncResult(0, 0, 0));
        f.clock.advance(Duration.ofHours(3));
        assertThat(f.subscriptions().sync(ACCOUNT)).isEqualTo(new MailSubscriptions.SyncResult(0, 3, 0));
    }

    @Test
    void aSevenDayLifetimeIsUsedWhereMicrosoftGrantsItAndTheShorterOneWhereItDoesNot() {
        f.mode(Mode.PROTECT, users("adele@contoso.example"));
        f.subscriptions(Duration.ofMinutes(10080)).sync(ACCOUNT);
        assertThat(f.subscriptionOf(f.adele).expiresAt()).as("refused, then the documented 4230 minutes")
                .isBefore(NOW.plus(Duration.ofMinutes(4230))).isAfter(NOW.plus(Duration.ofMinutes(4200)));

        f.graph.maxLifetime = Duration.ofMinutes(10080);
        f.mode(Mode.PROTECT, users("ben@contoso.example"));
        f.subscriptions(Duration.ofMinutes(10080)).sync(ACCOUNT);
        assertThat(f.subscriptionOf(f.ben).expiresAt()).isAfter(NOW.plus(Duration.ofDays(6)));
    }

    @Test
    void aSubscriptionMicrosoftNoLongerHasIsCreatedAgain() {
        f.mode(Mode.PROTECT, users("adele@contoso.example"));
        f.subscriptions().sync(ACCOUNT);
        String old = f.subscriptionOf(f.adele).subscriptionId();
        f.graph.remove(old);
        f.clock.advance(Duration.ofHours(30));
        assertThat(f.subscriptions().sync(ACCOUNT)).isEqualTo(new MailSubscriptions.SyncResult(1, 0, 0));
        assertThat(f.subscriptionOf(f.adele).subscriptionId()).isNotEqualTo(old);
        assertThat(f.graph.live()).hasSize(1);

        // Lapsed without our renewing it (the schedule did not run): replaced.
        f.clock.advance(Duration.ofDays(4));
        assertThat(f.graph.live()).isEmpty();
        assertThat(f.subscriptions().sync(ACCOUNT).created()).isEqualTo(1);
        assertThat(f.graph.live()).hasSize(1);
        assertThat(f.store.list(ACCOUNT)).hasSize(1);
    }

    @Test
    void throttlingFinishesTheOtherMailboxesAndAsksToRetryLater() {
        f.mode(Mode.PROTECT, TargetedTo.EVERYONE);
        f.graph.throttleNext.set(1);
        assertThatThrownBy(() -> f.subscriptions().sync(ACCOUNT)).isInstanceOf(MicrosoftThrottledException.class);
        assertThat(f.store.list(ACCOUNT)).hasSize(2);
        assertThat(f.subscriptions().sync(ACCOUNT)).isEqualTo(new MailSubscriptions.SyncResult(1, 0, 0));
    }

    @Test
    void anExtraSubscriptionOfAMailboxFromConcurrentSyncsIsDeleted() {
        f.mode(Mode.PROTECT, users("adele@contoso.example"));
        f.subscriptions().sync(ACCOUNT);
        MailSubscription first = f.subscriptionOf(f.adele);
        f.store.put(new MailSubscription(ACCOUNT, "sub-extra", first.tenantId(), first.mailboxId(), first.mailbox(),
                first.clientStateHash(), first.expiresAt().minusSeconds(60), NOW, Set.of()));
        assertThat(f.subscriptions().sync(ACCOUNT)).isEqualTo(new MailSubscriptions.SyncResult(0, 0, 1));
        assertThat(f.store.list(ACCOUNT)).extracting(MailSubscription::subscriptionId).containsExactly(first.subscriptionId());
    }

    @Test
    void offboardingRemovesEverySubscription() {
        f.mode(Mode.PROTECT, TargetedTo.EVERYONE);
        f.subscriptions().sync(ACCOUNT);
        assertThat(f.subscriptions().removeAll(ACCOUNT)).isEqualTo(3);
        assertThat(f.graph.live()).isEmpty();
        assertThat(f.store.list(ACCOUNT)).isEmpty();
        assertThat(MailSubscriptions.NONE.sync(ACCOUNT)).isEqualTo(new MailSubscriptions.SyncResult(0, 0, 0));
    }

    @Test
    void lifecycleEventsRenewOrRecreateTheSubscription() {
        f.mode(Mode.PROTECT, users("adele@contoso.example"));
        SubscriptionService service = f.subscriptions();
        service.sync(ACCOUNT);
        MailSubscription sub = f.subscriptionOf(f.adele);
        f.clock.advance(Duration.ofHours(1));
        assertThat(service.reauthorize(ACCOUNT, sub.subscriptionId()).result().renewed()).isEqualTo(1);
        assertThat(f.subscriptionOf(f.adele).expiresAt()).isAfter(sub.expiresAt());

        f.graph.remove(sub.subscriptionId());
        assertThat(service.removedByMicrosoft(ACCOUNT, sub.subscriptionId()).result().created()).isEqualTo(1);
        assertThat(f.graph.live()).hasSize(1);
        assertThat(f.subscriptionOf(f.adele).subscriptionId()).isNotEqualTo(sub.subscriptionId());
    }
}
