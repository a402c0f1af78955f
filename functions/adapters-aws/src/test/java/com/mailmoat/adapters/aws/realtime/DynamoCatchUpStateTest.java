package com.mailmoat.adapters.aws.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.realtime.DeltaTokenStore;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Delta links and the open subscription problem in the RealTime table, against DynamoDB Local. */
class DynamoCatchUpStateTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static String table;

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("RealTimeTable");
    }

    private final String account = "acct-" + UUID.randomUUID();

    @Test
    void eachFoldersCoverageIsKeptApartBegunOnceAndMovedOnOnlyOverTheSameCoverage() {
        DynamoDeltaTokens tokens = new DynamoDeltaTokens(DYNAMO, table);
        Instant covered = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(tokens.find(account, "m1", "inbox")).isEmpty();
        assertThat(tokens.advance(account, "m1", "inbox", covered, "https://graph/0")).as("no coverage begun").isFalse();
        assertThat(tokens.find(account, "m1", "inbox")).isEmpty();

        assertThat(tokens.begin(account, "m1", "inbox", covered)).isTrue();
        assertThat(tokens.begin(account, "m1", "junkemail", covered)).isTrue();
        assertThat(tokens.find(account, "m1", "inbox")).contains(DeltaTokenStore.Cursor.begun(covered));
        assertThat(tokens.advance(account, "m1", "inbox", covered, "https://graph/1")).isTrue();
        assertThat(tokens.advance(account, "m1", "junkemail", covered, "https://graph/2")).isTrue();
        assertThat(tokens.advance(account, "m1", "inbox", covered, "https://graph/3")).isTrue();
        assertThat(tokens.find(account, "m1", "inbox")).contains(new DeltaTokenStore.Cursor("https://graph/3", covered));
        assertThat(tokens.find(account, "m1", "junkemail").orElseThrow().deltaLink()).isEqualTo("https://graph/2");
        assertThat(tokens.find(account, "m2", "inbox")).isEmpty();

        assertThat(tokens.begin(account, "m1", "inbox", covered.plusSeconds(60))).as("kept as it is").isFalse();
        assertThat(tokens.find(account, "m1", "inbox")).contains(new DeltaTokenStore.Cursor("https://graph/3", covered));
        assertThat(new DynamoSubscriptionStore(DYNAMO, table).list(account)).as("not subscriptions").isEmpty();
    }

    @Test
    void aLinkOfCoverageThatEndedOrBeganAgainIsNotWrittenBack() {
        DynamoDeltaTokens tokens = new DynamoDeltaTokens(DYNAMO, table);
        Instant first = Instant.parse("2026-12-01T10:00:00Z");
        tokens.begin(account, "m1", "inbox", first);
        tokens.delete(account, "m1", "inbox");
        assertThat(tokens.advance(account, "m1", "inbox", first, "https://graph/late")).isFalse();
        assertThat(tokens.find(account, "m1", "inbox")).isEmpty();

        Instant again = first.plusSeconds(3600);
        tokens.begin(account, "m1", "inbox", again);
        assertThat(tokens.advance(account, "m1", "inbox", first, "https://graph/late")).isFalse();
        assertThat(tokens.find(account, "m1", "inbox")).contains(DeltaTokenStore.Cursor.begun(again));
    }

    @Test
    void everyPositionOfTheAccountIsListedAndForgottenAcrossPagesAndForgettingAgainIsHarmless() {
        DynamoDeltaTokens tokens = new DynamoDeltaTokens(DYNAMO, table);
        String other = "acct-" + UUID.randomUUID();
        Instant covered = Instant.parse("2026-12-01T10:00:00Z");
        java.util.Set<String> mailboxes = new java.util.TreeSet<>();
        for (int i = 0; i < 40; i++) {
            String mailbox = UUID.randomUUID().toString();
            mailboxes.add(mailbox);
            tokens.begin(account, mailbox, "inbox", covered);
            tokens.begin(account, mailbox, "junkemail", covered);
            tokens.advance(account, mailbox, "inbox", covered, "https://graph/" + "x".repeat(30_000) + i);
        }
        tokens.begin(other, "m1", "inbox", covered);
        new DynamoSubscriptionStore(DYNAMO, table).put(new com.mailmoat.core.realtime.MailSubscription(account, "s1",
                "tenant", "m1", "m1@contoso.example", "hash", covered.plusSeconds(86_400), covered, java.util.Set.of()));

        assertThat(tokens.mailboxes(account)).as("40 links of 30 KB: more than one page").containsExactlyInAnyOrderElementsOf(mailboxes);
        tokens.deleteAll(account);
        assertThat(tokens.mailboxes(account)).isEmpty();
        assertThat(tokens.find(account, mailboxes.iterator().next(), "junkemail")).isEmpty();
        assertThat(tokens.mailboxes(other)).as("another account's").containsExactly("m1");
        assertThat(new DynamoSubscriptionStore(DYNAMO, table).list(account)).as("its subscriptions are not positions").hasSize(1);

        tokens.deleteAll(account);
        tokens.deleteAll("acct-" + UUID.randomUUID());
        assertThat(tokens.mailboxes(other)).containsExactly("m1");
    }

    @Test
    void aProblemIsRaisedOnceUntilCleared() {
        DynamoRealTimeHealth health = new DynamoRealTimeHealth(DYNAMO, table);
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(health.problem(account)).isEmpty();
        assertThat(health.raise(account, "renew s1 refused: InvalidRequest", at)).isTrue();
        assertThat(health.raise(account, "renew s1 refused again", at.plusSeconds(60))).isFalse();
        assertThat(health.problem(account).orElseThrow().message()).isEqualTo("renew s1 refused: InvalidRequest");
        assertThat(health.problem(account).orElseThrow().since()).isEqualTo(at);
        health.clear(account);
        assertThat(health.problem(account)).isEmpty();
        assertThat(health.raise(account, "create refused", at.plusSeconds(120))).isTrue();
    }
}
