package com.mailmoat.trialtracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.trial.TrialTracker;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryTrialAccounts;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The daily schedule's sample event through the handler: each notice once, however often it fires. */
class TrialTrackerHandlerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final TrialTrackerHandler handler = new TrialTrackerHandler(new TrialTracker(
            new InMemoryTrialAccounts(accounts), notifications, clock, "https://console.mailmoat.example/"));

    @Test
    void theScheduledSampleTellsATrialEndingInAWeekOnce() {
        accounts.create(Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US,
                clock.instant().minus(Duration.ofDays(23))));
        accounts.create(Account.signedUp("acct-2", "new@contoso.example", "New", Region.US, clock.instant()));
        for (SampleEvents.Sample<ScheduledEvent> sample : SampleEvents.scheduled("TrialTrackerFunction")) {
            assertThat(handler.handleRequest(sample.event(), null)).isNull();
            handler.handleRequest(sample.event(), null);
        }
        assertThat(notifications.ofKind(NotificationKind.TRIAL_ENDING)).singleElement().satisfies(n -> {
            assertThat(n.accountId()).isEqualTo("acct-1");
            assertThat(n.params()).containsEntry("daysLeft", "7");
        });
    }
}
