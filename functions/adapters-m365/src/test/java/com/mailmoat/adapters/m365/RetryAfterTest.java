package com.mailmoat.adapters.m365;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void readsFractionalSecondsAsGraphSendsThem() {
        assertThat(RetryAfter.parse("2.128", NOW)).contains(Duration.ofMillis(2128));
        assertThat(RetryAfter.parse(" 10 ", NOW)).contains(Duration.ofSeconds(10));
        assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
    }

    @Test
    void readsAnHttpDate() {
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 10:00:05 GMT", NOW)).contains(Duration.ofSeconds(5));
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 09:59:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("NaN", NOW)).isEmpty();
    }
}
