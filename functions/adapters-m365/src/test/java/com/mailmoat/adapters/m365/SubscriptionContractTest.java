package com.mailmoat.adapters.m365;

import static com.mailmoat.adapters.m365.TestTenant.BOB;
import static com.mailmoat.adapters.m365.TestTenant.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.core.microsoft.MessageLookup;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.realtime.SubscriptionGateway;
import com.mailmoat.simulator.SimMessage;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Graph subscriptions and single-message lookups with the real Graph SDK against the simulator, whose
 * validation handshake and notifications reach a loopback webhook here.
 */
@ExtendWith(SharedSimulator.class)
class SubscriptionContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestLog log = new RequestLog();
    private final BlockingQueue<JsonNode> notifications = new LinkedBlockingQueue<>();
    private HttpServer webhook;
    private String base;
    private SubscriptionGateway subscriptions;
    private MessageLookup lookup;
    private String bob;

    @BeforeEach
    void setUp() throws IOException {
        SharedSimulator.simulator().faults().reset();
        MicrosoftAdapters adapters = SharedSimulator.adapters(log);
        subscriptions = adapters.subscriptions();
        lookup = adapters.messageLookup();
        bob = adapters.mailboxes().listMailboxes(TENANT_ID).stream().filter(m -> m.mail().equals(BOB)).findFirst()
                .orElseThrow().id();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            byte[] answer = new byte[0];
            int status = 202;
            if (query != null && query.startsWith("validationToken=")) {
                answer = URLDecoder.decode(query.substring("validationToken=".length()), StandardCharsets.UTF_8)
                        .getBytes(StandardCharsets.UTF_8);
                status = 200;
                exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            } else {
                notifications.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        webhook.start();
        base = "http://127.0.0.1:" + webhook.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        webhook.stop(0);
    }

    private SubscriptionGateway.Created subscribe(String clientState, Instant expiresAt) {
        return subscriptions.create(TENANT_ID, new SubscriptionGateway.Request(bob, base + "/api/graph/notifications",
                base + "/api/graph/lifecycle", clientState, expiresAt));
    }

    @Test
    void aSubscriptionNotifiesNewMailByImmutableIdWithItsClientStateAndIsRenewedAndDeleted() throws Exception {
        Instant expiry = Instant.now().plus(Duration.ofMinutes(4200));
        SubscriptionGateway.Created created = subscribe("secret-1", expiry);
        assertThat(created.subscriptionId()).isNotBlank();
        assertThat(created.expiresAt()).isBetween(expiry.minusSeconds(1), expiry.plusSeconds(1));

        SimMessage delivered = SharedSimulator.simulator().deliverMessage(TENANT_ID, BOB, ("From: Eve <eve@outside.example>\r\n"
                + "To: " + BOB + "\r\nSubject: Realtime contract\r\nMessage-ID: <rt-contract@outside.example>\r\n\r\nHello")
                .getBytes(StandardCharsets.US_ASCII), Instant.now(), "inbox");
        JsonNode notification = notifications.poll(10, TimeUnit.SECONDS);
        assertThat(notification).as("notification within 10 s").isNotNull();
        JsonNode item = notification.path("value").get(0);
        assertThat(item.path("subscriptionId").asText()).isEqualTo(created.subscriptionId());
        assertThat(item.path("clientState").asText()).isEqualTo("secret-1");
        assertThat(item.path("changeType").asText()).isEqualTo("created");
        assertThat(item.path("resourceData").path("id").asText()).as("immutable id").isEqualTo(delivered.immutableId());

        MessageLookup.Found found = lookup.find(TENANT_ID, bob, delivered.immutableId()).orElseThrow();
        assertThat(found.draft()).isFalse();
        assertThat(found.summary().id()).isEqualTo(delivered.immutableId());
        assertThat(found.summary().fromAddress()).isEqualTo("eve@outside.example");
        assertThat(found.summary().subject()).isEqualTo("Realtime contract");
        assertThat(found.summary().internetMessageId()).isEqualTo("<rt-contract@outside.example>");
        assertThat(found.summary().parentFolderId()).isNotBlank()
                .isNotEqualTo(lookup.wellKnownFolderId(TENANT_ID, bob, "sentitems").orElseThrow());
        assertThat(lookup.find(TENANT_ID, bob, "AAMkNoSuchMessage")).as("malformed").isEmpty();
        SharedSimulator.simulator().deleteMessage(TENANT_ID, BOB, delivered.immutableId());
        assertThat(lookup.find(TENANT_ID, bob, delivered.immutableId())).as("deleted").isEmpty();

        Instant later = Instant.now().plus(Duration.ofMinutes(4220));
        assertThat(subscriptions.renew(TENANT_ID, created.subscriptionId(), later))
                .isBetween(later.minusSeconds(1), later.plusSeconds(1));

        subscriptions.delete(TENANT_ID, created.subscriptionId());
        subscriptions.delete(TENANT_ID, created.subscriptionId()); // gone already: still fine
        assertThatThrownBy(() -> subscriptions.renew(TENANT_ID, created.subscriptionId(), later))
                .isInstanceOf(MicrosoftNotFoundException.class);
    }

    @Test
    void aLifetimeBeyondMicrosoftsCapIsRefusedWithWordsTheServiceFallsBackOn() {
        assertThatThrownBy(() -> subscribe("secret-2", Instant.now().plus(Duration.ofMinutes(10080))))
                .isInstanceOf(MicrosoftException.class).hasMessageContaining("expiration");
        SharedSimulator.simulator().faults().apply("subscriptionMaxMinutes=10080");
        SubscriptionGateway.Created week = subscribe("secret-3", Instant.now().plus(Duration.ofMinutes(10060)));
        assertThat(week.expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(6)));
        subscriptions.delete(TENANT_ID, week.subscriptionId());
    }

    @Test
    void anEndpointThatFailsTheHandshakeGetsNoSubscription() {
        webhook.removeContext("/");
        webhook.createContext("/", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        int before = SharedSimulator.simulator().summary(TENANT_ID).subscriptions();
        assertThatThrownBy(() -> subscribe("secret-4", Instant.now().plus(Duration.ofHours(1))))
                .isInstanceOf(MicrosoftException.class);
        assertThat(SharedSimulator.simulator().summary(TENANT_ID).subscriptions()).isEqualTo(before);
    }
}
