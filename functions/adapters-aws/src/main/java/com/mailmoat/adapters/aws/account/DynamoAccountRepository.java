package com.mailmoat.adapters.aws.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.account.TenantLinks;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.lambda.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Accounts in the Accounts table. Besides each account's PROFILE item, "claim" items keyed by
 * {@code EMAIL#<address>} and {@code TENANT#<tenant id>} make emails and Microsoft tenants unique:
 * they are written in the same transaction as the profile, and give a strongly consistent lookup by
 * email without a scan or an eventually consistent index.
 */
public final class DynamoAccountRepository implements AccountRepository, TenantLinks {
    static final String PK = "accountId";
    static final String SK = "sk";
    static final String PROFILE = "PROFILE";
    static final String CLAIM = "CLAIM";
    /** Attribute (and index {@value #TRIAL_END_INDEX}) keying profiles by the UTC day their trial ends. */
    public static final String TRIAL_END_DAY = "trialEndDay";
    public static final String TRIAL_END_INDEX = "byTrialEnd";
    /** The sparse index of connected accounts (profiles with a tenant carry {@code connected}). */
    static final String CONNECTED_INDEX = "byConnected";
    private static final String CONNECTED = "yes";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAccountRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean create(Account account) {
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    putIfAbsent(toItem(account.withVersion(1)), PK),
                    putIfAbsent(claim("EMAIL#" + account.email(), account.accountId()), PK)));
            return true;
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Account> findById(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(accountId, PROFILE))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<Account> findByEmail(String normalisedEmail) {
        // A team member's address is claimed too (one address, one place to sign in), but it is not the account's.
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key("EMAIL#" + normalisedEmail, CLAIM))).item();
        if (item == null || item.isEmpty() || item.containsKey(DynamoTeamRepository.MEMBER_ID)) {
            return Optional.empty();
        }
        return findById(item.get("ownerAccountId").s());
    }

    @Override
    public Account update(Account account) {
        Account next = account.withVersion(account.version() + 1);
        try {
            dynamo.putItem(r -> r.tableName(table).item(toItem(next))
                    .conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", DynamoItems.n(account.version()))));
            return next;
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentUpdateException("Account " + account.accountId() + " changed since it was read");
        }
    }

    @Override
    public boolean linkTenant(Account account) {
        Account next = account.withVersion(account.version() + 1);
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table)
                            .item(claim(tenantClaim(account.tenantId()), account.accountId()))
                            .conditionExpression("attribute_not_exists(#pk) OR ownerAccountId = :me")
                            .expressionAttributeNames(Map.of("#pk", PK))
                            .expressionAttributeValues(Map.of(":me", DynamoItems.s(account.accountId())))
                            .build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(next))
                            .conditionExpression("#v = :v")
                            .expressionAttributeNames(Map.of("#v", "version"))
                            .expressionAttributeValues(Map.of(":v", DynamoItems.n(account.version())))
                            .build()).build()));
            return true;
        } catch (TransactionCanceledException e) {
            // DynamoDB reports every failed condition, in the order of the items. The tenant taken by
            // another account is checked first: that answer is final, a retry after re-reading the
            // account could not change it.
            if (conditionFailed(e, 0)) {
                return false;
            }
            if (conditionFailed(e, 1)) {
                throw new ConcurrentUpdateException("Account " + account.accountId() + " changed since it was read");
            }
            throw e;
        }
    }

    @Override
    public void erase(Account account) {
        // The email claim first: until the profile is gone, a retry finds the account and goes on.
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key("EMAIL#" + account.email(), CLAIM))
                    .conditionExpression("attribute_not_exists(#pk) OR ownerAccountId = :me")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":me", DynamoItems.s(account.accountId()))));
        } catch (ConditionalCheckFailedException e) {
            // The address already belongs to a newer account: that claim is not this account's to delete.
        }
        List<Map<String, AttributeValue>> keys = new java.util.ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :a")
                        .projectionExpression("#pk, sk, email")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":a", DynamoItems.s(account.accountId()))))
                .items().forEach(keys::add);
        // Team members' address claims go with them, so those addresses can join or sign up elsewhere.
        keys.stream().filter(k -> k.get(SK).s().startsWith(DynamoTeamRepository.MEMBER_PREFIX) && k.containsKey("email"))
                .forEach(k -> DynamoTeamRepository.releaseClaim(dynamo, table, account.accountId(), k.get("email").s()));
        keys.stream().filter(k -> !PROFILE.equals(k.get(SK).s()))
                .forEach(k -> dynamo.deleteItem(r -> r.tableName(table).key(Map.of(PK, k.get(PK), SK, k.get(SK)))));
        dynamo.deleteItem(r -> r.tableName(table).key(key(account.accountId(), PROFILE)));
    }

    /** {@code yyyy-MM-dd} (UTC) of an instant, as the byTrialEnd index keys it. */
    public static String trialEndDay(java.time.Instant instant) {
        return instant.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }

    @Override
    public Account unlink(Account account) {
        if (account.tenantId() == null) {
            return update(account);
        }
        Account next = account.withTenant(null, List.of()).withVersion(account.version() + 1);
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(key(tenantClaim(account.tenantId()), CLAIM))
                            .conditionExpression("attribute_not_exists(#pk) OR ownerAccountId = :me")
                            .expressionAttributeNames(Map.of("#pk", PK))
                            .expressionAttributeValues(Map.of(":me", DynamoItems.s(account.accountId())))
                            .build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(next))
                            .conditionExpression("#v = :v")
                            .expressionAttributeNames(Map.of("#v", "version"))
                            .expressionAttributeValues(Map.of(":v", DynamoItems.n(account.version())))
                            .build()).build()));
            return next;
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e)) {
                throw new ConcurrentUpdateException("Account " + account.accountId() + " changed since it was read");
            }
            throw e;
        }
    }

    /**
     * Tenant ids are GUIDs that Microsoft may spell in either case (the callback's {@code tenant}
     * parameter, an id token's {@code tid}); one tenant must have one claim.
     */
    static String tenantClaim(String tenantId) {
        return "TENANT#" + tenantId.toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<String> tenantOwner(String tenantId) {
        return owner(tenantClaim(tenantId));
    }

    @Override
    public List<String> connectedAccountIds() {
        // A sparse index of the profiles that have a tenant: a query, not a scan of every item.
        List<String> ids = new java.util.ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(r -> r.tableName(table).indexName(CONNECTED_INDEX)
                    .keyConditionExpression("connected = :yes")
                    .expressionAttributeValues(Map.of(":yes", DynamoItems.s(CONNECTED)))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> ids.add(item.get(PK).s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return ids;
    }

    private Optional<String> owner(String claimKey) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(claimKey, CLAIM))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("ownerAccountId").s());
    }

    private TransactWriteItem putIfAbsent(Map<String, AttributeValue> item, String keyAttribute) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", keyAttribute)).build()).build();
    }

    private static boolean conditionFailed(TransactionCanceledException e) {
        return e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
    }

    private static boolean conditionFailed(TransactionCanceledException e, int item) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons.size() > item && "ConditionalCheckFailed".equals(reasons.get(item).code());
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, DynamoItems.s(pk), SK, DynamoItems.s(sk));
    }

    private static Map<String, AttributeValue> claim(String claimKey, String ownerAccountId) {
        Map<String, AttributeValue> item = new HashMap<>(key(claimKey, CLAIM));
        item.put("ownerAccountId", DynamoItems.s(ownerAccountId));
        return item;
    }

    static Map<String, AttributeValue> toItem(Account a) {
        Map<String, AttributeValue> item = new HashMap<>(key(a.accountId(), PROFILE));
        item.put("email", DynamoItems.s(a.email()));
        DynamoItems.putIfPresent(item, "company", a.company());
        item.put("region", DynamoItems.s(a.region().name()));
        item.put("mode", DynamoItems.s(a.mode().name()));
        DynamoItems.putIfPresent(item, "createdAt", a.createdAt());
        DynamoItems.putIfPresent(item, "trialEndsAt", a.trialEndsAt());
        DynamoItems.putIfPresent(item, "closedAt", a.closedAt());
        if (a.trialEndsAt() != null && !a.isClosed()) {
            // The byTrialEnd index (open accounts only): the daily trial check finds the trials ending on a day without a scan.
            item.put(TRIAL_END_DAY, DynamoItems.s(trialEndDay(a.trialEndsAt())));
        }
        DynamoItems.putIfPresent(item, "passwordHash", a.passwordHash());
        DynamoItems.putIfPresent(item, "passwordSetAt", a.passwordSetAt());
        DynamoItems.putIfPresent(item, "tenantId", a.tenantId());
        if (a.tenantId() != null) {
            item.put("connected", DynamoItems.s(CONNECTED));
        }
        if (!a.tenantDomains().isEmpty()) {
            item.put("tenantDomains", AttributeValue.fromL(a.tenantDomains().stream().map(DynamoItems::s).toList()));
        }
        DynamoItems.putIfPresent(item, "tenantName", a.tenantName());
        item.put("version", DynamoItems.n(a.version()));
        item.put("targetedTo", DynamoItems.s(targeted(a.targetedTo())));
        DynamoItems.putIfPresent(item, "pendingMode", a.pendingMode() == null ? null : a.pendingMode().name());
        DynamoItems.putIfPresent(item, "pendingTargetedTo", a.pendingTargetedTo() == null ? null : targeted(a.pendingTargetedTo()));
        return item;
    }

    public static Account fromItem(Map<String, AttributeValue> item) {
        List<String> domains = item.containsKey("tenantDomains")
                ? item.get("tenantDomains").l().stream().map(AttributeValue::s).toList() : List.of();
        return new Account(
                item.get(PK).s(),
                item.get("email").s(),
                DynamoItems.string(item, "company"),
                Region.valueOf(item.get("region").s()),
                Mode.valueOf(item.get("mode").s()),
                DynamoItems.instant(item, "createdAt"),
                DynamoItems.instant(item, "trialEndsAt"),
                DynamoItems.string(item, "passwordHash"),
                DynamoItems.instant(item, "passwordSetAt"),
                DynamoItems.string(item, "tenantId"),
                domains,
                Long.parseLong(item.get("version").n()),
                targeted(DynamoItems.string(item, "targetedTo")),
                item.containsKey("pendingMode") ? Mode.valueOf(item.get("pendingMode").s()) : null,
                targeted(DynamoItems.string(item, "pendingTargetedTo")),
                DynamoItems.string(item, "tenantName"),
                DynamoItems.instant(item, "closedAt"));
    }

    private static String targeted(TargetedTo targeted) {
        return Json.write(Map.of("everyone", targeted.everyone(), "users", targeted.users(), "groups", targeted.groups()));
    }

    private static TargetedTo targeted(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            List<String> users = new java.util.ArrayList<>();
            List<String> groups = new java.util.ArrayList<>();
            node.path("users").forEach(u -> users.add(u.asText()));
            node.path("groups").forEach(g -> groups.add(g.asText()));
            return new TargetedTo(node.path("everyone").asBoolean(), users, groups);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable Targeted To on an account", e);
        }
    }
}
