package com.mailmoat.core.microsoft;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class MicrosoftThrottledExceptionTest {
    @Test
    void throttledDelayRoundsUpToWholeSecondsForQueues() {
        assertThat(new MicrosoftThrottledException("429", Duration.ofMillis(2128)).retryAfterSeconds()).isEqualTo(3);
        assertThat(new MicrosoftThrottledException("429", Duration.ZERO).retryAfterSeconds()).isEqualTo(1);
        assertThat(new MicrosoftThrottledException("429", Duration.ofSeconds(10)).retryAfterSeconds()).isEqualTo(10);
    }
}
