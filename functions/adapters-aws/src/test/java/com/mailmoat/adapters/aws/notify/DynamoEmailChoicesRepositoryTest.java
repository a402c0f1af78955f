package com.mailmoat.adapters.aws.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.notify.EmailChoices;
import com.mailmoat.testkit.LocalDynamoDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Email choices beside the account's profile, against DynamoDB Local: each account its own, every email by default. */
class DynamoEmailChoicesRepositoryTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static String table;

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("AccountsTable");
    }

    @Test
    void choicesAreReadBackPerAccountAndChoosingEverythingAgainRemovesTheItem() {
        DynamoEmailChoicesRepository choices = new DynamoEmailChoicesRepository(DYNAMO, table);
        String mine = "acct-" + System.nanoTime();
        String other = mine + "-other";
        assertThat(choices.find(mine)).isEqualTo(EmailChoices.ALL);

        choices.save(mine, new EmailChoices(false, true));
        assertThat(choices.find(mine)).isEqualTo(new EmailChoices(false, true));
        assertThat(choices.find(other)).isEqualTo(EmailChoices.ALL);
        choices.save(mine, new EmailChoices(true, false));
        assertThat(choices.find(mine)).isEqualTo(new EmailChoices(true, false));

        choices.save(mine, EmailChoices.ALL);
        assertThat(choices.find(mine)).isEqualTo(EmailChoices.ALL);
        assertThat(DYNAMO.getItem(r -> r.tableName(table).key(java.util.Map.of(
                "accountId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(mine),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("EMAIL_CHOICES")))).hasItem())
                .as("nothing stored for the default").isFalse();
    }
}
