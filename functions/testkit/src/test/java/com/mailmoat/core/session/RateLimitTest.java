package com.mailmoat.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.InMemoryAttemptCounter;
import com.mailmoat.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:10Z"));
    private final InMemoryAttemptCounter counter = new InMemoryAttemptCounter();
    private final RateLimit limit = new RateLimit(counter, "test", 2, Duration.ofMinutes(1), clock);

    @Test
    void theAttemptOverTheLimitIsRefusedUntilTheWindowEnds() {
        assertThat(limit.attempt("s").allowed()).isTrue();
        assertThat(limit.attempt("s").allowed()).isTrue();
        RateLimit.Attempt third = limit.attempt("s");
        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(50));
        assertThat(limit.attempt("other").allowed()).isTrue();
        clock.advance(Duration.ofSeconds(50));
        assertThat(limit.attempt("s").allowed()).isTrue();
    }

    @Test
    void undoneAttemptsDoNotCount() {
        for (int i = 0; i < 5; i++) {
            RateLimit.Attempt attempt = limit.attempt("s");
            assertThat(attempt.allowed()).isTrue();
            limit.undo(attempt);
        }
    }

    @Test
    void keysAreShortWhateverTheSubject() {
        RateLimit.Attempt attempt = limit.attempt("x".repeat(100_000) + "\u0000\r\n");
        assertThat(attempt.key()).hasSizeLessThan(100).matches("test:[0-9a-f]{64}#[0-9]+");
    }
}
