package com.mailmoat.lambda.sqs;

import com.mailmoat.core.config.Settings;
import java.time.Duration;

/**
 * How long queued work waits after Microsoft was unavailable without saying for how long (5xx or 504
 * without {@code Retry-After}, Graph unreachable). Each consumer has its own default: 15 s for work
 * that reaches {@link SqsBatchHandler} (a scan start, a directory, rule or subscription sync), 5 s for a
 * scan page, a removal, a learning or a real-time check, whose workers decide the wait themselves.
 * {@code M365_UNAVAILABLE_RETRY_SECONDS} (whole seconds, at least 1) overrides every one of them, e.g.
 * shorter in end-to-end tests: the same faults are recovered from the same way, only sooner.
 */
public final class MicrosoftWaits {
    public static final String UNAVAILABLE_RETRY_SECONDS = "M365_UNAVAILABLE_RETRY_SECONDS";

    private MicrosoftWaits() {
    }

    /** {@code M365_UNAVAILABLE_RETRY_SECONDS} when set, else the consumer's {@code defaultWait}. */
    public static Duration unavailable(Settings settings, Duration defaultWait) {
        Duration wait = settings.getSeconds(UNAVAILABLE_RETRY_SECONDS, defaultWait);
        if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException(UNAVAILABLE_RETRY_SECONDS + " must be at least 1, was " + wait.toSeconds());
        }
        return wait;
    }
}
