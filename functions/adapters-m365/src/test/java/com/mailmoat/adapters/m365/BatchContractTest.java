package com.mailmoat.adapters.m365;

import static com.mailmoat.adapters.m365.TestTenant.ALICE;
import static com.mailmoat.adapters.m365.TestTenant.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MessageSummary;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MimeResult;
import com.mailmoat.simulator.Faults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MIME through Graph's JSON batching: one POST for up to 20 messages, answers matched by id however
 * Graph orders them, and each message's own 429 (with its Retry-After), 404 or 5xx kept apart.
 */
@ExtendWith(SharedSimulator.class)
class BatchContractTest {
    private final RequestLog log = new RequestLog();
    private Faults faults;
    private MailboxGateway mailboxes;
    private String alice;
    private List<MessageSummary> twenty;

    @BeforeEach
    void setUp() {
        faults = SharedSimulator.simulator().faults().reset();
        mailboxes = SharedSimulator.adapters(log).mailboxes();
        alice = mailboxes.listMailboxes(TENANT_ID).stream().filter(m -> m.mail().equals(ALICE)).findFirst().orElseThrow().id();
        twenty = mailboxes.listReceived(TENANT_ID, alice, TestTenant.SCAN_START, Instant.now(), 20, false).messages();
        assertThat(twenty).hasSize(20);
        log.clear();
    }

    @AfterEach
    void tearDown() {
        faults.reset();
    }

    private List<String> ids() {
        return twenty.stream().map(MessageSummary::id).toList();
    }

    @Test
    void twentyMessagesInOneRequestEachWithItsOwnBytesWhateverTheAnswerOrder() {
        faults.seed(3).batchShuffle(true);
        Map<String, MimeResult> results = mailboxes.fetchMimes(TENANT_ID, alice, ids());

        assertThat(log.entries()).singleElement().satisfies(e -> assertThat(e.path()).endsWith("/$batch"));
        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(ids());
        for (MessageSummary message : twenty) {
            assertThat(results.get(message.id())).isInstanceOfSatisfying(MimeResult.Fetched.class, fetched ->
                    assertThat(fetched.mime()).isEqualTo(mailboxes.fetchMime(TENANT_ID, alice, message.id())));
        }
    }

    @Test
    void throttledItemsCarryTheirOwnRetryAfterAndTheOthersTheirBytes() {
        faults.seed(11).throttleFraction(0.4).retryAfterSeconds(1.5);
        Map<String, MimeResult> results = mailboxes.fetchMimes(TENANT_ID, alice, ids());
        faults.reset();

        List<String> throttled = new ArrayList<>();
        results.forEach((id, result) -> {
            if (result instanceof MimeResult.Failed failed) {
                assertThat(failed.failure()).isInstanceOfSatisfying(MicrosoftThrottledException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(e.errorCode()).isEqualTo("ApplicationThrottled");
                });
                throttled.add(id);
            }
        });
        assertThat(throttled).isNotEmpty().hasSizeLessThan(20);
        // Re-batched after the longest Retry-After, they all come through.
        Map<String, MimeResult> again = mailboxes.fetchMimes(TENANT_ID, alice, throttled);
        assertThat(again.values()).allSatisfy(r -> assertThat(r).isInstanceOf(MimeResult.Fetched.class));
    }

    @Test
    void anUnknownMessageIsNotFoundAndAGatewayTimeoutIsTransientWhileTheRestArrive() {
        List<String> ids = new ArrayList<>(ids().subList(0, 5));
        ids.add("AAMkAGunknownmessage=");
        Map<String, MimeResult> results = mailboxes.fetchMimes(TENANT_ID, alice, ids);
        assertThat(results.get("AAMkAGunknownmessage=")).isInstanceOfSatisfying(MimeResult.Failed.class,
                f -> assertThat(f.failure()).isInstanceOf(MicrosoftNotFoundException.class));
        assertThat(results).hasSize(6);

        faults.seed(5).gatewayTimeoutFraction(1.0);
        assertThat(mailboxes.fetchMimes(TENANT_ID, alice, ids().subList(0, 3)).values()).hasSize(3)
                .allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(MimeResult.Failed.class, f -> assertThat(f.failure())
                        .isInstanceOf(com.mailmoat.core.microsoft.MicrosoftUnavailableException.class)));
    }
}
