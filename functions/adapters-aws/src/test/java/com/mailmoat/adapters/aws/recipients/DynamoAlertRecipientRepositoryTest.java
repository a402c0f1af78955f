package com.mailmoat.adapters.aws.recipients;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.recipients.AlertRecipient;
import com.mailmoat.core.recipients.RecipientState;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Alert recipients beside the account's profile, against DynamoDB Local: one item per address, versioned changes. */
class DynamoAlertRecipientRepositoryTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static String table;

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("AccountsTable");
    }

    @Test
    void oneItemPerAddressPerAccountReadBackInOrderAndChangedOnlyFromTheStateItWasReadIn() {
        DynamoAlertRecipientRepository recipients = new DynamoAlertRecipientRepository(DYNAMO, table);
        String mine = "acct-" + System.nanoTime();
        String other = mine + "-other";
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        AlertRecipient soc = AlertRecipient.pending(mine, "soc@contoso.example", t0);
        AlertRecipient msp = AlertRecipient.pending(mine, "tickets@msp.example", t0.plusSeconds(1));
        assertThat(recipients.list(mine)).isEmpty();

        assertThat(recipients.add(soc)).isTrue();
        assertThat(recipients.add(msp)).isTrue();
        assertThat(recipients.add(AlertRecipient.pending(mine, "soc@contoso.example", t0.plusSeconds(2))))
                .as("the same address twice").isFalse();
        assertThat(recipients.add(AlertRecipient.pending(other, "soc@contoso.example", t0))).as("another account's").isTrue();
        assertThat(recipients.list(mine)).containsExactly(soc, msp);
        assertThat(recipients.find(mine, msp.recipientId())).contains(msp);
        assertThat(recipients.find(other, msp.recipientId())).isEmpty();

        AlertRecipient confirmed = soc.confirmed(t0.plusSeconds(60));
        assertThat(recipients.replace(soc, confirmed)).isTrue();
        assertThat(recipients.replace(soc, soc.confirmed(t0.plusSeconds(61)))).as("from a stale read").isFalse();
        AlertRecipient stopped = confirmed.unsubscribed(t0.plusSeconds(120));
        assertThat(recipients.replace(confirmed, stopped)).isTrue();
        assertThat(recipients.find(mine, soc.recipientId())).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo(RecipientState.UNSUBSCRIBED);
            assertThat(r.confirmedAt()).isEqualTo(t0.plusSeconds(60));
            assertThat(r.unsubscribedAt()).isEqualTo(t0.plusSeconds(120));
        });

        // Removed and added again: a new recipient (new id), and the old one's removal no longer applies.
        assertThat(recipients.remove(stopped)).isTrue();
        assertThat(recipients.remove(stopped)).isFalse();
        AlertRecipient again = AlertRecipient.pending(mine, "soc@contoso.example", t0.plusSeconds(300));
        assertThat(recipients.add(again)).isTrue();
        assertThat(recipients.remove(stopped)).isFalse();
        assertThat(recipients.replace(stopped, stopped.unsubscribed(t0))).isFalse();
        assertThat(recipients.list(mine)).containsExactly(msp, again);

        // Stored beside the profile (erased with the account's partition), keyed by the address's hash only.
        assertThat(DYNAMO.query(r -> r.tableName(table).keyConditionExpression("accountId = :a")
                        .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(mine)))).items())
                .extracting(item -> item.get("sk").s())
                .allMatch(sk -> sk.startsWith("ALERT_RECIPIENT#") && !sk.contains("@"));
        assertThat(recipients.list(other)).hasSize(1);
    }
}
