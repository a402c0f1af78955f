package com.mailmoat.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Home shows of a running scan: the percentage and "N of about M messages" tell the same story. */
class ScanProgressTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static Scan running(int total, int done, int skipped, int estimatedMailboxes, long estimatedMessages, long scanned) {
        return new Scan("acct-1", "scan-1", "tenant-1", ScanKind.FIRST, ScanStatus.RUNNING, NOW.minusSeconds(86_400 * 30),
                NOW, NOW, null, total, done, skipped, estimatedMailboxes, estimatedMessages,
                new ScanCounts(scanned, 0, Map.of(), Map.of()), null, null);
    }

    @Test
    void whileSomeMailboxesHaveNotReportedACountTheTotalIsExtrapolatedAndThePercentageFollowsTheMessages() {
        // 4 of 25 mailboxes counted 1,622 messages: about 10,138 in all; 850 read is 8%, not 850 / 1,622 = 52%.
        Scan early = running(25, 1, 0, 4, 1_622, 850);
        assertThat(early.messagesExpected()).isEqualTo(10_138);
        assertThat(early.percent()).isEqualTo(8);

        // Every readable mailbox counted (one skipped): Graph's total as it is.
        Scan counted = running(25, 14, 1, 24, 9_000, 4_500);
        assertThat(counted.messagesExpected()).isEqualTo(9_000);
        assertThat(counted.percent()).isEqualTo(50);
    }

    @Test
    void beforeAnyCountTheMailboxesTellHowFarItIsAndItNeverClaimsToBeDoneWhileRunning() {
        Scan uncounted = running(10, 3, 1, 0, 0, 400);
        assertThat(uncounted.messagesExpected()).isZero();
        assertThat(uncounted.percent()).isEqualTo(40);

        // More read than counted (mail arrived since): never "850 of about 600", never 100% while running.
        Scan over = running(2, 1, 0, 2, 600, 850);
        assertThat(over.messagesExpected()).isEqualTo(850);
        assertThat(over.percent()).isEqualTo(99);
    }

    @Test
    void aScanEndedEarlySaysHowFarItGotAndOneThatReadNothingIsNotOneHundredPercent() {
        Scan endedAtOnce = new Scan("acct-1", "scan-1", "tenant-1", ScanKind.MANUAL, ScanStatus.ENDED_EARLY,
                NOW.minusSeconds(86_400 * 30), NOW, NOW, NOW.plusSeconds(2), 25, 0, 0, 0, 0, ScanCounts.NONE, null, null);
        assertThat(endedAtOnce.percent()).isZero();

        Scan endedHalfway = new Scan("acct-1", "scan-1", "tenant-1", ScanKind.MANUAL, ScanStatus.ENDED_EARLY,
                NOW.minusSeconds(86_400 * 30), NOW, NOW, NOW.plusSeconds(60), 2, 1, 0, 2, 600,
                new ScanCounts(300, 0, Map.of(), Map.of()), null, null);
        assertThat(endedHalfway.percent()).isEqualTo(50);

        Scan completed = new Scan("acct-1", "scan-1", "tenant-1", ScanKind.MANUAL, ScanStatus.COMPLETED,
                NOW.minusSeconds(86_400 * 30), NOW, NOW, NOW.plusSeconds(60), 2, 2, 0, 2, 600,
                new ScanCounts(590, 0, Map.of(), Map.of()), null, null);
        assertThat(completed.percent()).isEqualTo(100);
    }
}
