package com.mailmoat.core.realtime;

import static com.mailmoat.core.realtime.RealTimeFixture.ACCOUNT;
import static com.mailmoat.core.realtime.RealTimeFixture.NOW;
import static com.mailmoat.core.realtime.RealTimeFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.Mode;
import com.mailmoat.testkit.FakeMicrosoft;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook's work: only notifications carrying their subscription's secret get through, each message once. */
class NotificationIntakeTest {
    private final RealTimeFixture f = new RealTimeFixture();

    @BeforeEach
    void subscribed() {
        f.mode(Mode.PROTECT, users("adele@contoso.example", "ben@contoso.example"));
        f.subscriptions().sync(ACCOUNT);
    }

    @Test
    void aNotificationWithItsSubscriptionsClientStateIsQueuedWithTheSubscriptionsMailbox() {
        NotificationIntake.Result result = f.intake().changes(List.of(f.created(f.adele, "AAMk-1")));
        assertThat(result).isEqualTo(new NotificationIntake.Result(1, 0, 0, 0));
        MailEvent event = f.queue.queued.get(0);
        assertThat(event.accountId()).isEqualTo(ACCOUNT);
        assertThat(event.mailboxId()).isEqualTo(f.adele.id());
        assertThat(event.mailbox()).isEqualTo("adele@contoso.example");
        assertThat(event.messageId()).isEqualTo("AAMk-1");
        assertThat(event.notifiedAt()).isEqualTo(NOW);
    }

    @Test
    void aWrongClientStateIsDroppedAndCountedForTheAccount() {
        GraphNotification genuine = f.created(f.adele, "AAMk-1");
        GraphNotification forged = new GraphNotification(genuine.subscriptionId(), "guessed", genuine.tenantId(), "created",
                "AAMk-1", null);
        GraphNotification otherSubscriptionsSecret = new GraphNotification(genuine.subscriptionId(),
                f.clientStates().get(f.ben.id()), genuine.tenantId(), "created", "AAMk-2", null);
        GraphNotification noSecret = new GraphNotification(genuine.subscriptionId(), null, genuine.tenantId(), "created",
                "AAMk-3", null);
        GraphNotification unknown = new GraphNotification("made-up", genuine.clientState(), genuine.tenantId(), "created",
                "AAMk-4", null);
        GraphNotification otherTenant = new GraphNotification(genuine.subscriptionId(), genuine.clientState(),
                "00000000-0000-0000-0000-000000000000", "created", "AAMk-5", null);

        NotificationIntake.Result result = f.intake().changes(List.of(forged, otherSubscriptionsSecret, noSecret, unknown,
                otherTenant));

        assertThat(result).isEqualTo(new NotificationIntake.Result(0, 0, 5, 0));
        assertThat(f.queue.queued).isEmpty();
        assertThat(f.stats.day(ACCOUNT, LocalDate.ofInstant(NOW, ZoneOffset.UTC)).rejected())
                .as("counted for the account whose subscription was named").isEqualTo(4);
    }

    @Test
    void duplicatesWithinAPostAndAcrossPostsAreQueuedOnce() {
        GraphNotification once = f.created(f.adele, "AAMk-1");
        assertThat(f.intake().changes(List.of(once, once))).isEqualTo(new NotificationIntake.Result(1, 1, 0, 0));
        assertThat(f.intake().changes(List.of(once))).isEqualTo(new NotificationIntake.Result(0, 1, 0, 0));
        assertThat(f.queue.queued).hasSize(1);
    }

    @Test
    void otherChangeTypesAndNotificationsWithoutAMessageAreIgnored() {
        GraphNotification created = f.created(f.adele, "AAMk-1");
        NotificationIntake.Result result = f.intake().changes(List.of(
                new GraphNotification(created.subscriptionId(), created.clientState(), FakeMicrosoft.TENANT, "updated", "AAMk-1", null),
                new GraphNotification(created.subscriptionId(), created.clientState(), FakeMicrosoft.TENANT, "created", null, null)));
        assertThat(result).isEqualTo(new NotificationIntake.Result(0, 0, 0, 2));
    }

    @Test
    void whenTheQueueFailsNothingIsClaimedSoGraphsRetryGetsThrough() {
        f.queue.failing = true;
        assertThatThrownBy(() -> f.intake().changes(List.of(f.created(f.adele, "AAMk-1"))))
                .isInstanceOf(IllegalStateException.class);
        f.queue.failing = false;
        assertThat(f.intake().changes(List.of(f.created(f.adele, "AAMk-1"))).accepted()).isEqualTo(1);
    }

    @Test
    void lifecycleEventsOfVerifiedSubscriptionsAskForASync() {
        GraphNotification created = f.created(f.adele, "x");
        NotificationIntake.Result result = f.intake().lifecycle(List.of(
                new GraphNotification(created.subscriptionId(), created.clientState(), FakeMicrosoft.TENANT, null, null,
                        "reauthorizationRequired"),
                new GraphNotification(created.subscriptionId(), created.clientState(), FakeMicrosoft.TENANT, null, null,
                        "subscriptionRemoved"),
                new GraphNotification(created.subscriptionId(), created.clientState(), FakeMicrosoft.TENANT, null, null, "missed"),
                new GraphNotification(created.subscriptionId(), created.clientState(), FakeMicrosoft.TENANT, null, null, "other"),
                new GraphNotification(created.subscriptionId(), "forged", FakeMicrosoft.TENANT, null, null, "subscriptionRemoved")));
        assertThat(result).isEqualTo(new NotificationIntake.Result(3, 0, 1, 1));
        assertThat(f.syncs.requests).extracting(SyncRequest::reason).containsExactly(
                SyncRequest.Reason.REAUTHORIZATION_REQUIRED, SyncRequest.Reason.SUBSCRIPTION_REMOVED, SyncRequest.Reason.MISSED);
        assertThat(f.syncs.requests).allSatisfy(r -> assertThat(r.subscriptionId()).isEqualTo(created.subscriptionId()));
    }
}
