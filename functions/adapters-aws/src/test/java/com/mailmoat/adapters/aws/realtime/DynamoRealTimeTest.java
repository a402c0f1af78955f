package com.mailmoat.adapters.aws.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.realtime.MailEvent;
import com.mailmoat.core.realtime.MailSubscription;
import com.mailmoat.core.realtime.RealTimeAction;
import com.mailmoat.core.realtime.RealTimeEvent;
import com.mailmoat.core.realtime.RealTimeStats;
import com.mailmoat.core.realtime.SyncRequest;
import com.mailmoat.lambda.sqs.UndecodableMessageException;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.Assertions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Subscriptions, their owner lookups and expiry index, and the real-time figures, against DynamoDB Local. */
class DynamoRealTimeTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static final Instant NOW = Instant.parse("2026-11-23T17:30:00.123456Z");
    private static String table;

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("RealTimeTable");
    }

    private final DynamoSubscriptionStore store = new DynamoSubscriptionStore(DYNAMO, table);
    private final DynamoRealTimeStats stats = new DynamoRealTimeStats(DYNAMO, table);
    private final String account = "acct-" + UUID.randomUUID();

    private MailSubscription subscription(String id, String mailboxId, Instant expiresAt) {
        return new MailSubscription(account, id, "tenant-1", mailboxId, mailboxId + "@contoso.example", "hash-" + id,
                expiresAt, NOW, Set.of("sent-" + mailboxId));
    }

    @Test
    void aSubscriptionIsFoundByAccountAndByIdAloneAndForgottenWithItsOwnerItem() {
        String id = UUID.randomUUID().toString();
        MailSubscription sub = subscription(id, "u1", NOW.plus(Duration.ofHours(70)));
        store.put(sub);

        assertThat(store.list(account)).containsExactly(sub.withExpiry(sub.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        assertThat(store.find(account, id)).isPresent();
        assertThat(store.findById(id).orElseThrow().accountId()).isEqualTo(account);
        assertThat(store.findById(id).orElseThrow().excludedFolderIds()).containsExactly("sent-u1");
        assertThat(store.find("another-account", id)).isEmpty();
        assertThat(store.findById("unknown-" + id)).isEmpty();

        Instant renewed = NOW.plus(Duration.ofHours(140));
        store.renewed(account, id, renewed);
        assertThat(store.find(account, id).orElseThrow().expiresAt()).isEqualTo(renewed.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        store.delete(account, id);
        assertThat(store.list(account)).isEmpty();
        assertThat(store.findById(id)).isEmpty();
        store.renewed(account, id, renewed); // a renewal after a concurrent delete changes nothing
        assertThat(store.find(account, id)).isEmpty();
    }

    @Test
    void theExpiryIndexNamesTheAccountsWithSubscriptionsDueInAWindowAcrossDays() {
        Instant base = Instant.parse("2031-03-0" + (1 + (int) (Math.random() * 8)) + "T22:00:00Z");
        store.put(subscription(UUID.randomUUID().toString(), "u1", base.plus(Duration.ofHours(5))));   // next day
        store.put(subscription(UUID.randomUUID().toString(), "u2", base.plus(Duration.ofHours(30))));
        store.put(subscription(UUID.randomUUID().toString(), "u3", base.plus(Duration.ofDays(5))));

        assertThat(store.accountsExpiring(base, base.plus(Duration.ofHours(6)))).contains(account);
        assertThat(store.accountsExpiring(base.plus(Duration.ofHours(6)), base.plus(Duration.ofHours(29)))).doesNotContain(account);
        assertThat(store.accountsExpiring(base.minus(Duration.ofDays(7)), base.plus(Duration.ofHours(48))))
                .containsOnlyOnce(account);
    }

    @Test
    void dailyCountersAndTheLatestEventsNewestFirst() {
        stats.recordChecked(account, new RealTimeEvent(NOW, "a@contoso.example", ThreatLevel.CLEAN, RealTimeAction.PASSED,
                null, "", "", 120));
        stats.recordChecked(account, new RealTimeEvent(NOW.plusSeconds(1), "a@contoso.example", ThreatLevel.MALICIOUS,
                RealTimeAction.QUARANTINED, "d1", "x@evil.example", "Invoice", 900));
        stats.recordChecked(account, new RealTimeEvent(NOW.plusSeconds(2), "b@contoso.example", ThreatLevel.SUSPICIOUS,
                RealTimeAction.RECORDED, "d2", "y@odd.example", "Hello", 300));
        stats.recordRejected(account, NOW, 2);
        stats.recordRejected(account, NOW, 0);

        LocalDate day = LocalDate.of(2026, 11, 23);
        assertThat(stats.day(account, day)).isEqualTo(new RealTimeStats.Day(day, 3, 2, 1, 2));
        assertThat(stats.day(account, day.plusDays(1))).isEqualTo(RealTimeStats.Day.empty(day.plusDays(1)));
        List<RealTimeEvent> latest = stats.latest(account, 2);
        assertThat(latest).extracting(RealTimeEvent::detectionId).containsExactly("d2", "d1");
        assertThat(latest.get(1).subject()).isEqualTo("Invoice");
        assertThat(latest.get(1).latencyMillis()).isEqualTo(900);
        assertThat(stats.latest(account, 10).get(2).sender()).isEmpty();
        assertThat(stats.latest(account, 0)).isEmpty();
    }

    @Test
    void queueMessagesRoundTripAndMalformedOnesAreUndecodable() {
        MailEvent event = new MailEvent(account, "sub", "u1", "a@contoso.example", "AAMk=", NOW);
        assertThat(RealTimeMessages.MAIL_EVENTS.decode(RealTimeMessages.MAIL_EVENTS.encode(event))).isEqualTo(event);
        SyncRequest request = new SyncRequest(account, SyncRequest.Reason.SUBSCRIPTION_REMOVED, "sub");
        assertThat(RealTimeMessages.SYNC_REQUESTS.decode(RealTimeMessages.SYNC_REQUESTS.encode(request))).isEqualTo(request);
        for (String body : List.of("", "[]", "{}", "{\"accountId\":\"a\",\"reason\":\"NOPE\"}", "not json")) {
            Assertions.assertThatThrownBy(() -> RealTimeMessages.SYNC_REQUESTS.decode(body))
                    .isInstanceOf(UndecodableMessageException.class);
        }
        Assertions.assertThatThrownBy(() -> RealTimeMessages.MAIL_EVENTS.decode("{\"accountId\":\"a\",\"subscriptionId\":\"s\","
                + "\"mailboxId\":\"m\",\"messageId\":\"x\",\"notifiedAt\":\"yesterday\"}")).isInstanceOf(UndecodableMessageException.class);
    }
}
