package com.mailmoat.adapters.aws.trial;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.adapters.aws.account.DynamoAccountRepository;
import com.mailmoat.adapters.aws.notify.DynamoBrandingRepository;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.notify.Branding;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Trials ending soon, trial notices sent, and branding, beside the profiles in the Accounts table (DynamoDB Local). */
class DynamoTrialAccountsTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private final String table = LocalDynamoDb.tables().get("AccountsTable");
    private final DynamoAccountRepository accounts = new DynamoAccountRepository(DYNAMO, table);
    private final DynamoTrialAccounts trials = new DynamoTrialAccounts(DYNAMO, table);

    @Test
    void findsTheTrialsEndingInTheWindowAndRemembersNoticesPerTrialEnd() {
        // Far in the future so other tests' accounts cannot fall into the window.
        Instant now = Instant.parse("2090-01-01T00:00:00Z").plusSeconds(System.nanoTime() % 100_000);
        String soon = "acct-soon-" + System.nanoTime();
        String later = "acct-later-" + System.nanoTime();
        accounts.create(Account.signedUp(soon, soon + "@contoso.example", "Soon", Region.US, now.minus(Duration.ofDays(25))));
        accounts.create(Account.signedUp(later, later + "@contoso.example", "Later", Region.US, now.minus(Duration.ofDays(5))));
        assertThat(trials.trialsEndingBetween(now, now.plus(Duration.ofDays(7)))).extracting(Account::accountId)
                .containsExactly(soon);

        Instant ends = now.plus(Duration.ofDays(5));
        assertThat(trials.noticeSent(soon, 7, ends)).isFalse();
        trials.markNoticeSent(soon, 7, ends, now);
        assertThat(trials.noticeSent(soon, 7, ends)).isTrue();
        assertThat(trials.noticeSent(soon, 1, ends)).isFalse();
        assertThat(trials.noticeSent(soon, 7, ends.plus(Duration.ofDays(30)))).isFalse();
        // The notice items are not profiles.
        assertThat(trials.trialsEndingBetween(now, now.plus(Duration.ofDays(7)))).hasSize(1);
    }

    @Test
    void brandingIsStoredBesideTheProfileAndClearedWhenEmpty() {
        DynamoBrandingRepository brandings = new DynamoBrandingRepository(DYNAMO, table);
        String account = "acct-" + System.nanoTime();
        assertThat(brandings.find(account)).isEqualTo(Branding.NONE);
        brandings.save(account, new Branding("https://contoso.example/logo.png", "#0f6cbd"));
        assertThat(brandings.find(account)).isEqualTo(new Branding("https://contoso.example/logo.png", "#0f6cbd"));
        brandings.save(account, new Branding(null, "#112233"));
        assertThat(brandings.find(account)).isEqualTo(new Branding(null, "#112233"));
        brandings.save(account, Branding.NONE);
        assertThat(brandings.find(account)).isEqualTo(Branding.NONE);
    }
}
