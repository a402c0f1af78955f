package com.mailmoat.simulator.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MailboxLimiterTest {

    private final MailboxLimiter limiter = new MailboxLimiter();

    @Test
    void aFifthConcurrentRequestIsRefusedUntilOneFinishes() {
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.tryAcquire("app|tenant|mailbox", 0, Duration.ofMinutes(10), 4, 1.5)).isNull();
        }
        MailboxLimiter.Refusal refusal = limiter.tryAcquire("app|tenant|mailbox", 0, Duration.ofMinutes(10), 4, 1.5);
        assertThat(refusal.limit()).isEqualTo("MailboxConcurrency");
        assertThat(refusal.retryAfterSeconds()).isEqualTo(1.5);
        assertThat(limiter.tryAcquire("app|tenant|other-mailbox", 0, Duration.ofMinutes(10), 4, 1.5)).isNull();

        limiter.release("app|tenant|mailbox");
        assertThat(limiter.tryAcquire("app|tenant|mailbox", 0, Duration.ofMinutes(10), 4, 1.5)).isNull();
    }

    @Test
    void theBudgetCountsRequestsInTheWindowNotRequestsInFlight() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("k", 3, Duration.ofMinutes(10), 0, 1)).isNull();
            limiter.release("k");
        }
        MailboxLimiter.Refusal refusal = limiter.tryAcquire("k", 3, Duration.ofMinutes(10), 0, 1);
        assertThat(refusal.limit()).isEqualTo("MailboxRequests");
        assertThat(refusal.retryAfterSeconds()).isGreaterThan(590).isLessThanOrEqualTo(600);
    }

    @Test
    void retryAfterIsWrittenAsGraphDoes() {
        assertThat(GraphService.retryAfter(2.128)).isEqualTo("2.128");
        assertThat(GraphService.retryAfter(2.0)).isEqualTo("2");
        assertThat(GraphService.retryAfter(0.0004)).isEqualTo("0");
    }
}
