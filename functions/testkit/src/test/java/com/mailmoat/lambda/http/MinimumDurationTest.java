package com.mailmoat.lambda.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Finding 7: sign-up answers took 25, 31 or 40 ms depending on the account's state. */
class MinimumDurationTest {
    private final AtomicLong now = new AtomicLong();
    private final List<Long> slept = new ArrayList<>();
    private final MinimumDuration floor = new MinimumDuration(Duration.ofMillis(250), now::get, nanos -> {
        slept.add(nanos);
        now.addAndGet(nanos);
    });

    private long timed(long workMillis) {
        long started = now.get();
        floor.run(() -> now.addAndGet(Duration.ofMillis(workMillis).toNanos()));
        return now.get() - started;
    }

    @Test
    void everyPathUnderTheFloorTakesExactlyTheFloor() {
        assertThat(List.of(timed(25), timed(31), timed(40), timed(0)))
                .containsOnly(Duration.ofMillis(250).toNanos());
    }

    @Test
    void slowerWorkIsNotDelayedFurther() {
        assertThat(timed(400)).isEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(slept).isEmpty();
    }

    @Test
    void theRealClockWaitsToo() {
        MinimumDuration real = new MinimumDuration(Duration.ofMillis(60));
        long started = System.nanoTime();
        assertThat(real.run(() -> "done")).isEqualTo("done");
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(60).toNanos());
    }
}
