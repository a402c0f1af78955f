package com.mailmoat.adapters.aws.domains;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.adapters.aws.account.DynamoAccountRepository;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.domains.DomainRecord;
import com.mailmoat.core.domains.DomainState;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Domains beside the account profile in the Accounts table, against DynamoDB Local. */
class DynamoDomainRepositoryTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static final Instant NOW = Instant.parse("2026-11-23T17:30:00Z");
    private static String table;

    private final DynamoDomainRepository domains = new DynamoDomainRepository(DYNAMO, table);

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("AccountsTable");
    }

    private static DomainRecord pending(String accountId, String domain) {
        return new DomainRecord(accountId, domain, "token-" + domain, DomainState.PENDING, NOW, null);
    }

    @Test
    void aSavedDomainIsFoundByAccountAndName() {
        String account = "acct-" + System.nanoTime();
        DomainRecord record = pending(account, "contoso.example");
        domains.save(record);

        assertThat(domains.find(account, "contoso.example")).contains(record);
        assertThat(domains.find(account, "fabrikam.example")).isEmpty();
        assertThat(domains.find("another-account", "contoso.example")).isEmpty();
    }

    @Test
    void savingAgainReplacesTheRecord() {
        String account = "acct-" + System.nanoTime();
        domains.save(pending(account, "contoso.example"));
        DomainRecord verified = new DomainRecord(account, "contoso.example", "token-contoso.example",
                DomainState.VERIFIED, NOW, NOW.plusSeconds(300));

        domains.save(verified);

        assertThat(domains.find(account, "contoso.example")).contains(verified);
        assertThat(domains.list(account)).containsExactly(verified);
    }

    @Test
    void listHoldsOnlyThatAccountsDomainsNotItsProfileOrClaimsOrOtherAccountsDomains() {
        String account = "acct-" + System.nanoTime();
        // The profile lives in the same partition.
        new DynamoAccountRepository(DYNAMO, table).create(Account.signedUp(account, account + "@contoso.example",
                "Contoso", Region.US, NOW));
        domains.save(pending(account, "contoso.example"));
        domains.save(pending(account, "mail.contoso.example"));
        domains.save(pending("other-" + account, "fabrikam.example"));

        assertThat(domains.list(account)).extracting(DomainRecord::domain)
                .containsExactlyInAnyOrder("contoso.example", "mail.contoso.example");
        assertThat(domains.list("nobody")).isEmpty();
    }

    @Test
    void listReadsEveryPageOfAnAccountWithManyDomains() {
        String account = "acct-" + System.nanoTime();
        for (int i = 0; i < 300; i++) {
            domains.save(new DomainRecord(account, "d" + i + ".example", "t".repeat(4000) + i, DomainState.PENDING,
                    NOW, null));
        }

        // 300 items of ~4 KB are more than one query page (1 MB): the second page must be read too.
        assertThat(domains.list(account)).hasSize(300);
    }
}
