package com.mailmoat.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalSchedulerTest {
    @Test
    void rateExpressionsBecomePeriods() {
        assertThat(LocalScheduler.rate("rate(1 minute)")).isEqualTo(Duration.ofMinutes(1));
        assertThat(LocalScheduler.rate("rate(5 minutes)")).isEqualTo(Duration.ofMinutes(5));
        assertThat(LocalScheduler.rate("rate(2 hours)")).isEqualTo(Duration.ofHours(2));
        assertThat(LocalScheduler.rate("rate(1 day)")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void cronAndOneTimeSchedulesAreNotRates() {
        assertThat(LocalScheduler.rate("cron(0 3 * * ? *)")).isNull();
        assertThat(LocalScheduler.rate("at(2026-12-01T00:00:00)")).isNull();
    }
}
