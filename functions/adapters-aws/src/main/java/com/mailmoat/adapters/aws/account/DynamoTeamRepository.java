package com.mailmoat.adapters.aws.account;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.team.Role;
import com.mailmoat.core.team.TeamMember;
import com.mailmoat.core.team.TeamRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Team members in the Accounts table, in their account's partition as {@code (accountId, "MEMBER#<id>")}
 * items, so closing the account erases them with everything else. Each member's address has the same
 * {@code EMAIL#<address>} claim an owner's has (written in the same transaction, carrying the
 * {@code memberId}): addresses stay unique across owners and members, and a member's sign-in finds
 * them with one strongly consistent key lookup, as an owner's does.
 */
public final class DynamoTeamRepository implements TeamRepository {
    static final String MEMBER_PREFIX = "MEMBER#";
    static final String MEMBER_ID = "memberId";
    private static final String PK = DynamoAccountRepository.PK;
    private static final String SK = DynamoAccountRepository.SK;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTeamRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean add(TeamMember member) {
        Map<String, AttributeValue> claim = new HashMap<>(key("EMAIL#" + member.email(), DynamoAccountRepository.CLAIM));
        claim.put("ownerAccountId", DynamoItems.s(member.accountId()));
        claim.put(MEMBER_ID, DynamoItems.s(member.memberId()));
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    putIfAbsent(toItem(member.withVersion(1))),
                    putIfAbsent(claim)));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code()))) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<TeamMember> find(String accountId, String memberId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(accountId, MEMBER_PREFIX + memberId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<TeamMember> findByEmail(String normalisedEmail) {
        Map<String, AttributeValue> claim = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key("EMAIL#" + normalisedEmail, DynamoAccountRepository.CLAIM))).item();
        if (claim == null || !claim.containsKey(MEMBER_ID)) {
            return Optional.empty();
        }
        return find(claim.get("ownerAccountId").s(), claim.get(MEMBER_ID).s());
    }

    @Override
    public List<TeamMember> list(String accountId) {
        List<TeamMember> members = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :a AND begins_with(#sk, :m)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId), ":m", DynamoItems.s(MEMBER_PREFIX))))
                .items().forEach(item -> members.add(fromItem(item)));
        members.sort(Comparator.comparing(TeamMember::invitedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(TeamMember::email));
        return members;
    }

    @Override
    public TeamMember update(TeamMember member) {
        TeamMember next = member.withVersion(member.version() + 1);
        try {
            dynamo.putItem(r -> r.tableName(table).item(toItem(next))
                    .conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", DynamoItems.n(member.version()))));
            return next;
        } catch (ConditionalCheckFailedException e) {
            // Also when the member was removed meanwhile: the caller re-reads and finds them gone.
            throw new ConcurrentUpdateException("Member " + member.memberId() + " changed since it was read");
        }
    }

    @Override
    public void remove(TeamMember member) {
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(member.accountId(), MEMBER_PREFIX + member.memberId())).build()).build(),
                TransactWriteItem.builder().delete(claimOf(table, member.accountId(), member.email())).build()));
    }

    /** Deletes a member's address claim unless the address already belongs to someone else again. */
    static void releaseClaim(DynamoDbClient dynamo, String table, String accountId, String email) {
        Delete delete = claimOf(table, accountId, email);
        try {
            dynamo.deleteItem(r -> r.tableName(delete.tableName()).key(delete.key())
                    .conditionExpression(delete.conditionExpression())
                    .expressionAttributeNames(delete.expressionAttributeNames())
                    .expressionAttributeValues(delete.expressionAttributeValues()));
        } catch (ConditionalCheckFailedException e) {
            // Claimed by another account since: not ours to delete.
        }
    }

    private static Delete claimOf(String table, String accountId, String email) {
        return Delete.builder().tableName(table).key(key("EMAIL#" + email, DynamoAccountRepository.CLAIM))
                .conditionExpression("attribute_not_exists(#pk) OR (ownerAccountId = :me AND attribute_exists(#m))")
                .expressionAttributeNames(Map.of("#pk", PK, "#m", MEMBER_ID))
                .expressionAttributeValues(Map.of(":me", DynamoItems.s(accountId))).build();
    }

    private TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK)).build()).build();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, DynamoItems.s(pk), SK, DynamoItems.s(sk));
    }

    private static Map<String, AttributeValue> toItem(TeamMember m) {
        Map<String, AttributeValue> item = new HashMap<>(key(m.accountId(), MEMBER_PREFIX + m.memberId()));
        item.put(MEMBER_ID, DynamoItems.s(m.memberId()));
        item.put("email", DynamoItems.s(m.email()));
        item.put("role", DynamoItems.s(m.role().name()));
        DynamoItems.putIfPresent(item, "invitedAt", m.invitedAt());
        DynamoItems.putIfPresent(item, "invitedBy", m.invitedBy());
        DynamoItems.putIfPresent(item, "passwordHash", m.passwordHash());
        DynamoItems.putIfPresent(item, "passwordSetAt", m.passwordSetAt());
        DynamoItems.putIfPresent(item, "lastSignInAt", m.lastSignInAt());
        item.put("version", DynamoItems.n(m.version()));
        return item;
    }

    private static TeamMember fromItem(Map<String, AttributeValue> item) {
        return new TeamMember(item.get(PK).s(), item.get(MEMBER_ID).s(), item.get("email").s(),
                Role.valueOf(item.get("role").s()), DynamoItems.instant(item, "invitedAt"),
                DynamoItems.string(item, "invitedBy"), DynamoItems.string(item, "passwordHash"),
                DynamoItems.instant(item, "passwordSetAt"), DynamoItems.instant(item, "lastSignInAt"),
                Long.parseLong(item.get("version").n()));
    }
}
