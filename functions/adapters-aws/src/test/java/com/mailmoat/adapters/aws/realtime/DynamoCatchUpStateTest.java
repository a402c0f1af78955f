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
    void eachFoldersLinkIsKeptApartAndTheLastOneWins() {
        DynamoDeltaTokens tokens = new DynamoDeltaTokens(DYNAMO, table);
        Instant covered = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(tokens.find(account, "m1", "inbox")).isEmpty();
        tokens.put(account, "m1", "inbox", new DeltaTokenStore.Cursor("https://graph/1", covered));
        tokens.put(account, "m1", "junkemail", new DeltaTokenStore.Cursor("https://graph/2", covered));
        tokens.put(account, "m1", "inbox", new DeltaTokenStore.Cursor("https://graph/3", covered));
        assertThat(tokens.find(account, "m1", "inbox")).contains(new DeltaTokenStore.Cursor("https://graph/3", covered));
        assertThat(tokens.find(account, "m1", "junkemail").orElseThrow().deltaLink()).isEqualTo("https://graph/2");
        assertThat(tokens.find(account, "m2", "inbox")).isEmpty();
        assertThat(new DynamoSubscriptionStore(DYNAMO, table).list(account)).as("not subscriptions").isEmpty();
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
