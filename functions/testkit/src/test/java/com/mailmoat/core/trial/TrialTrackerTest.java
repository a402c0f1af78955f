package com.mailmoat.core.trial;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryTrialAccounts;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daily trial check: "ends in 7 days" and "ends in 1 day", once each per account and trial. */
class TrialTrackerTest {
    private static final Instant SIGNUP = Instant.parse("2026-11-01T09:00:00Z");

    private final MutableClock clock = new MutableClock(SIGNUP);
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final TrialTracker tracker = new TrialTracker(new InMemoryTrialAccounts(accounts), notifications, clock,
            "https://console.mailmoat.example/");

    private List<NotificationRequest> trialNotices() {
        return notifications.ofKind(NotificationKind.TRIAL_ENDING);
    }

    @Test
    void aDailyRunSendsTheSevenDayAndTheOneDayNoticeOnceEach() {
        accounts.create(Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US, SIGNUP));
        for (int day = 0; day <= 31; day++) {
            tracker.run();
            tracker.run(); // a second invocation the same day (EventBridge delivers at least once)
            clock.advance(Duration.ofDays(1));
        }
        assertThat(trialNotices()).extracting(n -> n.params().get("daysLeft")).containsExactly("7", "1");
        NotificationRequest seven = trialNotices().get(0);
        assertThat(seven.recipient()).isEqualTo("admin@contoso.example");
        assertThat(seven.requestedAt()).isEqualTo(SIGNUP.plus(Duration.ofDays(23)));
        assertThat(seven.params()).containsEntry("trialEndsAt", "2026-12-01T09:00:00Z")
                .containsEntry("link", "https://console.mailmoat.example/#/upgrade").containsEntry("company", "Contoso")
                .containsEntry("mode", "THREAT_SCAN_ONLY");
        assertThat(trialNotices().get(0).notificationId()).isNotEqualTo(trialNotices().get(1).notificationId());
    }

    @Test
    void missedRunsCatchUpWithTheNearestNoticeOnly() {
        accounts.create(Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US, SIGNUP));
        clock.advance(Duration.ofDays(29).plusHours(12)); // the job did not run for weeks: half a day left
        tracker.run();
        assertThat(trialNotices()).extracting(n -> n.params().get("daysLeft")).containsExactly("1");
        clock.advance(Duration.ofDays(1));
        tracker.run(); // ended
        assertThat(trialNotices()).hasSize(1);
    }

    @Test
    void onlyTrialsEndingWithinAWeekAreTold() {
        accounts.create(Account.signedUp("acct-1", "a@contoso.example", "A", Region.US, SIGNUP));
        accounts.create(Account.signedUp("acct-2", "b@contoso.example", "B", Region.US, SIGNUP.plus(Duration.ofDays(10))));
        clock.advance(Duration.ofDays(24));
        assertThat(tracker.run()).isEqualTo(new TrialTracker.Run(1, 1));
        assertThat(trialNotices()).singleElement().satisfies(n -> assertThat(n.accountId()).isEqualTo("acct-1"));
    }

    @Test
    void thresholds() {
        assertThat(TrialTracker.threshold(30)).isNull();
        assertThat(TrialTracker.threshold(8)).isNull();
        assertThat(TrialTracker.threshold(7)).isEqualTo(7);
        assertThat(TrialTracker.threshold(2)).isEqualTo(7);
        assertThat(TrialTracker.threshold(1)).isEqualTo(1);
        assertThat(TrialTracker.threshold(0)).isNull();
    }
}
