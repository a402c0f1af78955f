package com.mailmoat.adapters.m365;

import static com.mailmoat.adapters.m365.TestTenant.BOB;
import static com.mailmoat.adapters.m365.TestTenant.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.realtime.DeltaTokenExpiredException;
import com.mailmoat.core.realtime.MessageDelta;
import com.mailmoat.simulator.SimMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Delta on a mail folder with the real Graph SDK against the simulator: pages, the next round, moves, a lost link. */
@ExtendWith(SharedSimulator.class)
class DeltaContractTest {
    private final RequestLog log = new RequestLog();
    private MessageDelta delta;
    private String bob;

    @BeforeEach
    void setUp() {
        SharedSimulator.simulator().faults().reset();
        MicrosoftAdapters adapters = SharedSimulator.adapters(log);
        delta = adapters.messageDelta();
        bob = adapters.mailboxes().listMailboxes(TENANT_ID).stream().filter(m -> m.mail().equals(BOB)).findFirst()
                .orElseThrow().id();
    }

    private SimMessage deliver(String subject, Instant received) {
        return SharedSimulator.simulator().deliverMessage(TENANT_ID, BOB, ("From: Eve <eve@outside.example>\r\nTo: " + BOB
                + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + UUID.randomUUID() + "@outside.example>\r\n\r\nHello")
                .getBytes(StandardCharsets.US_ASCII), received, "inbox");
    }

    @Test
    void aRoundPagesByImmutableIdAndTheNextRoundNamesOnlyWhatArrivedAndNotWhatLeft() {
        Instant since = Instant.now().plusSeconds(3600);
        deliver("before the window", since.minusSeconds(60));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(deliver("in the window " + i, since.plusSeconds(i)).immutableId());
        }

        MessageDelta.Page first = delta.start(TENANT_ID, bob, "inbox", since, 2);
        assertThat(first.changes()).hasSize(2);
        assertThat(first.nextLink()).isNotNull();
        assertThat(first.deltaLink()).isNull();
        MessageDelta.Page second = delta.follow(TENANT_ID, bob, first.nextLink(), 2);
        assertThat(second.deltaLink()).isNotNull();
        List<String> seen = new ArrayList<>();
        first.changes().forEach(c -> seen.add(c.messageId()));
        second.changes().forEach(c -> seen.add(c.messageId()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(first.changes().get(0).receivedDateTime()).isAfterOrEqualTo(since);

        MessageDelta.Page quiet = delta.follow(TENANT_ID, bob, second.deltaLink(), 100);
        assertThat(quiet.changes()).isEmpty();
        assertThat(quiet.deltaLink()).isNotNull();

        String arrived = deliver("after the round", since.plusSeconds(10)).immutableId();
        SharedSimulator.simulator().moveMessage(TENANT_ID, BOB, ids.get(0), "deleteditems");
        MessageDelta.Page next = delta.follow(TENANT_ID, bob, quiet.deltaLink(), 100);
        assertThat(next.changes()).extracting(MessageDelta.Change::messageId).containsExactly(arrived);

        String unknown = next.deltaLink().replaceFirst("deltatoken=[^&]+", "deltatoken=forgotten");
        assertThatThrownBy(() -> delta.follow(TENANT_ID, bob, unknown, 100)).isInstanceOf(DeltaTokenExpiredException.class);
        assertThatThrownBy(() -> delta.follow(TENANT_ID, bob, "https://elsewhere.example/v1.0/x", 100))
                .as("a link off Graph's host is never followed").isInstanceOf(IllegalArgumentException.class);
    }
}
