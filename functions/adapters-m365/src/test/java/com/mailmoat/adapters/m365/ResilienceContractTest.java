package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.simulator.Faults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static com.mailmoat.adapters.m365.TestTenant.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Throttling, outages and expired tokens, injected by the simulator. Attempts are counted at the
 * network, not timed; waits are kept to tens of milliseconds.
 */
@ExtendWith(SharedSimulator.class)
class ResilienceContractTest {
    private final RequestLog log = new RequestLog();
    private Faults faults;
    private MicrosoftAdapters adapters;
    private MailboxGateway mailboxes;

    @BeforeEach
    void setUp() {
        faults = SharedSimulator.simulator().faults().reset();
        // Two retries, in-process waits of at most one second.
        adapters = SharedSimulator.adapters(log);
        mailboxes = adapters.mailboxes();
        mailboxes.listMailboxes(TENANT_ID); // token cached, SDK warmed up
        log.clear();
    }

    @AfterEach
    void tearDown() {
        faults.reset();
    }

    @Test
    void aThrottledCallIsRetriedAfterTheFractionalRetryAfterAndThenSucceeds() {
        faults.retryAfterSeconds(0.25).throttleFraction(1.0);
        log.onResponse(entry -> {
            if (entry.status() == 429) {
                faults.throttleFraction(0); // Microsoft lets us through after the wait
            }
        });

        assertThat(mailboxes.listMailboxes(TENANT_ID)).isNotEmpty();

        List<RequestLog.Entry> attempts = log.entries();
        assertThat(attempts).extracting(RequestLog.Entry::status).containsExactly(429, 200);
        assertThat(attempts.get(0).retryAfter()).isEqualTo("0.25");
        // Honoured, not merely retried: the second attempt left no sooner than Retry-After allowed.
        assertThat(Duration.between(attempts.get(0).answeredAt(), attempts.get(1).sentAt())).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void persistentThrottlingSurfacesAsTypedResultAfterBoundedRetries() {
        faults.retryAfterSeconds(0.05).throttleFraction(1.0);

        assertThatThrownBy(() -> mailboxes.listMailboxes(TENANT_ID))
                .isInstanceOfSatisfying(MicrosoftThrottledException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(50));
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        // One attempt plus exactly the two configured retries: the SDK is the only layer retrying.
        assertThat(log.entries()).extracting(RequestLog.Entry::status).containsExactly(429, 429, 429);
    }

    @Test
    void aRetryAfterLongerThanTheInProcessBudgetIsHandedToTheCallerAtOnce() {
        faults.retryAfterSeconds(2.128).throttleFraction(1.0);

        assertThatThrownBy(() -> mailboxes.listMailboxes(TENANT_ID))
                .isInstanceOfSatisfying(MicrosoftThrottledException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(2128));
                    assertThat(e.retryAfterSeconds()).isEqualTo(3);
                });
        assertThat(log.entries()).hasSize(1);
    }

    @Test
    void aPersistentOutageSurfacesAsUnavailableAfterBoundedRetries() {
        faults.retryAfterSeconds(0.01).unavailableFraction(1.0);

        assertThatThrownBy(() -> mailboxes.listMailboxes(TENANT_ID))
                .isInstanceOfSatisfying(MicrosoftUnavailableException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(log.entries()).extracting(RequestLog.Entry::status).containsExactly(503, 503, 503);
    }

    @Test
    void anExpiredTokenIsRenewedOnceAndTheCallRepeated() {
        int tokensBefore = adapters.tokensFromMicrosoft();

        faults.expireAllTokens();

        assertThat(mailboxes.listMailboxes(TENANT_ID)).isNotEmpty();
        assertThat(log.entries()).extracting(RequestLog.Entry::status).containsExactly(401, 200);
        assertThat(adapters.tokensFromMicrosoft()).isEqualTo(tokensBefore + 1);

        // The renewed token is cached again: further calls fetch none.
        mailboxes.listMailboxes(TENANT_ID);
        assertThat(adapters.tokensFromMicrosoft()).isEqualTo(tokensBefore + 1);
    }
}
