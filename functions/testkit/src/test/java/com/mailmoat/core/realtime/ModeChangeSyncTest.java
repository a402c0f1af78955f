package com.mailmoat.core.realtime;

import static com.mailmoat.core.realtime.RealTimeFixture.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Mode;
import com.mailmoat.core.policy.ModeChanges;
import com.mailmoat.core.policy.TargetedTo;
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
        assertThat(f.syncs.requests).containsExactly(SyncRequest.of(ACCOUNT, SyncRequest.Reason.MODE_CHANGED));
        assertThat(f.accounts.findById(ACCOUNT).orElseThrow().mode()).isEqualTo(Mode.PROTECT);
    }
}
