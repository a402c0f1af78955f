package com.mailmoat.core.realtime;

import static com.mailmoat.core.realtime.RealTimeFixture.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Mode;
import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.policy.ModeChanges;
import com.mailmoat.core.policy.TargetedTo;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A mode change applied after re-consent asks for the account's subscriptions to be brought in step. */
class ModeChangeSyncTest {
    private final RealTimeFixture f = new RealTimeFixture();
    private final ModeChanges modes = new ModeChanges(f.accounts, f.directory, "https://console.mailmoat.example/c", f.syncs);

    @Test
    void applyingAPendingChangeQueuesASyncAndNothingPendingQueuesNone() {
        f.mode(Mode.MONITOR, TargetedTo.EVERYONE);
        modes.applyPending(ACCOUNT);
        assertThat(f.syncs.requests).isEmpty();

        modes.request(ACCOUNT, Mode.PROTECT, TargetedTo.EVERYONE);
        assertThat(f.syncs.requests).as("pending until re-consent").isEmpty();
        modes.applyPending(ACCOUNT);
        assertThat(f.syncs.requests).singleElement().satisfies(r -> {
            assertThat(r.accountId()).isEqualTo(ACCOUNT);
            assertThat(r.reason()).isEqualTo(SyncRequest.Reason.MODE_CHANGED);
            assertThat(r.at()).as("when protection changed: catch-up starts no earlier").isNotNull();
        });
        assertThat(f.accounts.findById(ACCOUNT).orElseThrow().mode()).isEqualTo(Mode.PROTECT);
    }

    @Test
    void eachAppliedChangeIsToldToTheOwnerOnceWithWhatWhoAndWhen() {
        com.mailmoat.testkit.RecordingNotificationQueue notices = new com.mailmoat.testkit.RecordingNotificationQueue();
        ModeChanges told = new ModeChanges(f.accounts, f.directory, "https://console.mailmoat.example/c", f.syncs,
                notices, f.clock);
        f.directory.replace(ACCOUNT, List.of(new DirectoryRepository.UserEntry("u1", "ben@contoso.example", "Ben",
                Set.of("g-sales"))), List.of(new DirectoryRepository.GroupEntry("g-sales", "Sales", "sales@contoso.example", 2)),
                f.clock.instant());
        f.mode(Mode.MONITOR, TargetedTo.EVERYONE);
        TargetedTo sales = new TargetedTo(false, List.of(), List.of("g-sales"));
        for (Object[] step : new Object[][] {{Mode.PROTECT, TargetedTo.EVERYONE}, {Mode.MONITOR, sales},
                {Mode.DISABLED, sales}, {Mode.THREAT_SCAN_ONLY, sales}}) {
            told.request(ACCOUNT, (Mode) step[0], (TargetedTo) step[1]);
            told.applyPending(ACCOUNT);
            told.applyPending(ACCOUNT); // a repeated re-consent callback: nothing pending, nothing told
        }
        List<NotificationRequest> sent = notices.ofKind(NotificationKind.MODE_CHANGED);
        assertThat(sent).extracting(n -> n.params().get("from") + ">" + n.params().get("to")).containsExactly(
                "MONITOR>PROTECT", "PROTECT>MONITOR", "MONITOR>DISABLED", "DISABLED>THREAT_SCAN_ONLY");
        assertThat(sent).extracting(NotificationRequest::notificationId).doesNotHaveDuplicates();
        assertThat(sent.get(1).params()).containsEntry("targets", "Sales (group)").containsEntry("fromTargets", "everyone")
                .containsEntry("by", "admin@contoso.example").containsEntry("at", f.clock.instant().toString());
        assertThat(sent).allSatisfy(n -> assertThat(n.recipient()).isEqualTo("admin@contoso.example"));
    }
}
