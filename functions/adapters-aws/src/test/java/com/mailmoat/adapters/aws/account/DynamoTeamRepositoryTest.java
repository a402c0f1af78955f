package com.mailmoat.adapters.aws.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.team.Role;
import com.mailmoat.core.team.TeamMember;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Team members beside their account's profile, their address claims, and erasure with the account, on DynamoDB Local. */
class DynamoTeamRepositoryTest {
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static String table;

    private final DynamoAccountRepository accounts = new DynamoAccountRepository(DYNAMO, table);
    private final DynamoTeamRepository team = new DynamoTeamRepository(DYNAMO, table);

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("AccountsTable");
    }

    private static String unique(String name) {
        return name + "-" + System.nanoTime();
    }

    private Account owner(String id) {
        Account account = Account.signedUp(id, id + "@contoso.example", "Contoso", Region.US, NOW);
        assertThat(accounts.create(account)).isTrue();
        return accounts.findById(id).orElseThrow();
    }

    @Test
    void aMemberIsFoundByAccountAndByAddressButTheAddressIsNotAnAccountsLogin() {
        Account owner = owner(unique("acct"));
        String email = unique("ana") + "@contoso.example";
        TeamMember invited = TeamMember.invited(owner.accountId(), unique("m"), email, Role.ANALYST, owner.email(), NOW);

        assertThat(team.add(invited)).isTrue();
        assertThat(team.find(owner.accountId(), invited.memberId())).hasValue(invited.withVersion(1));
        assertThat(team.findByEmail(email)).hasValue(invited.withVersion(1));
        assertThat(team.list(owner.accountId())).containsExactly(invited.withVersion(1));
        // One address, one place to sign in: the member's address is no account's, the owner's no member's.
        assertThat(accounts.findByEmail(email)).isEmpty();
        assertThat(team.findByEmail(owner.email())).isEmpty();
        assertThat(accounts.create(Account.signedUp(unique("other"), email, "Other", Region.US, NOW))).isFalse();
        // Another account cannot see it.
        assertThat(team.find(unique("acct"), invited.memberId())).isEmpty();
    }

    @Test
    void anAddressTakenByAnOwnerOrAnotherMemberCannotBeAdded() {
        Account a = owner(unique("acct"));
        Account b = owner(unique("acct"));
        String email = unique("shared") + "@contoso.example";
        assertThat(team.add(TeamMember.invited(a.accountId(), unique("m"), email, Role.READ_ONLY, a.email(), NOW))).isTrue();
        assertThat(team.add(TeamMember.invited(b.accountId(), unique("m"), email, Role.READ_ONLY, b.email(), NOW))).isFalse();
        assertThat(team.add(TeamMember.invited(b.accountId(), unique("m"), a.email(), Role.READ_ONLY, b.email(), NOW))).isFalse();
        assertThat(team.list(b.accountId())).isEmpty();
    }

    @Test
    void updatesAreVersionedAndRemovalFreesTheAddress() {
        Account owner = owner(unique("acct"));
        String email = unique("reader") + "@contoso.example";
        TeamMember member = TeamMember.invited(owner.accountId(), unique("m"), email, Role.READ_ONLY, owner.email(), NOW);
        team.add(member);
        TeamMember stored = team.find(owner.accountId(), member.memberId()).orElseThrow();

        TeamMember withPassword = team.update(stored.withPassword("argon2id$hash", NOW).signedInAt(NOW.plusSeconds(5)));
        assertThat(team.find(owner.accountId(), member.memberId())).hasValue(withPassword);
        assertThatThrownBy(() -> team.update(stored.withRole(Role.ADMINISTRATOR))).isInstanceOf(ConcurrentUpdateException.class);

        team.remove(withPassword);
        assertThat(team.find(owner.accountId(), member.memberId())).isEmpty();
        assertThat(team.findByEmail(email)).isEmpty();
        assertThat(team.add(TeamMember.invited(owner.accountId(), unique("m"), email, Role.ANALYST, owner.email(), NOW))).isTrue();
    }

    @Test
    void closingTheAccountErasesItsMembersAndFreesTheirAddresses() {
        Account owner = owner(unique("acct"));
        String email = unique("gone") + "@contoso.example";
        TeamMember member = TeamMember.invited(owner.accountId(), unique("m"), email, Role.ANALYST, owner.email(), NOW);
        team.add(member);

        accounts.erase(owner.closed(NOW));

        assertThat(team.list(owner.accountId())).isEmpty();
        assertThat(team.findByEmail(email)).isEmpty();
        assertThat(DYNAMO.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "accountId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("EMAIL#" + email),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("CLAIM")))).item()).isEmpty();
        Account next = Account.signedUp(unique("acct"), email, "Next", Region.US, NOW);
        assertThat(accounts.create(next)).isTrue();
    }
}
