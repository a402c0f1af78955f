package com.mailmoat.adapters.aws.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.policy.AddressMatcher;
import com.mailmoat.core.policy.Engine;
import com.mailmoat.core.policy.ManagedSenders;
import com.mailmoat.core.policy.MatchOn;
import com.mailmoat.core.policy.Policy;
import com.mailmoat.core.policy.PolicyAction;
import com.mailmoat.core.policy.PolicyRepository;
import com.mailmoat.core.policy.PolicyTarget;
import com.mailmoat.core.policy.SenderListEntry;
import com.mailmoat.core.policy.SenderListKind;
import com.mailmoat.lambda.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Policies and sender lists in the Policies table, under the account's partition: one item per
 * policy ({@code POLICY#<id>}, the policy as JSON plus its version), one per sender list
 * ({@code LIST#<kind>}) and one per user's managed senders ({@code MANAGED#<address>}).
 */
public final class DynamoPolicyRepository implements PolicyRepository {
    private static final String PK = "accountId";
    private static final String SK = "sk";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoPolicyRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<Policy> list(String accountId) {
        return dynamo.query(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :a AND begins_with(#sk, :p)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId), ":p", DynamoItems.s("POLICY#"))))
                .items().stream().map(DynamoPolicyRepository::policyFrom).toList();
    }

    @Override
    public Optional<Policy> find(String accountId, String policyId) {
        return get(accountId, "POLICY#" + policyId).map(DynamoPolicyRepository::policyFrom);
    }

    @Override
    public boolean create(String accountId, Policy policy) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(item(accountId, policy))
                    .conditionExpression("attribute_not_exists(#sk)").expressionAttributeNames(Map.of("#sk", SK)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Policy update(String accountId, Policy policy) {
        Policy next = policy.withVersion(policy.version() + 1, policy.updatedAt());
        try {
            if (policy.version() == 0) {
                dynamo.putItem(r -> r.tableName(table).item(item(accountId, next))
                        .conditionExpression("attribute_not_exists(#sk)").expressionAttributeNames(Map.of("#sk", SK)));
            } else {
                dynamo.putItem(r -> r.tableName(table).item(item(accountId, next))
                        .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", DynamoItems.n(policy.version()))));
            }
            return next;
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentUpdateException("Policy " + policy.id() + " changed since it was read");
        }
    }

    @Override
    public boolean delete(String accountId, String policyId) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key(accountId, "POLICY#" + policyId))
                    .conditionExpression("attribute_exists(#sk)").expressionAttributeNames(Map.of("#sk", SK)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public List<SenderListEntry> senderList(String accountId, SenderListKind kind) {
        return get(accountId, "LIST#" + kind.name()).map(i -> entries(i.get("entries"))).orElse(List.of());
    }

    @Override
    public void replaceSenderList(String accountId, SenderListKind kind, List<SenderListEntry> entries) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, "LIST#" + kind.name()));
        item.put("entries", DynamoItems.s(entriesJson(entries)));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public ManagedSenders managedSenders(String accountId, String user) {
        String owner = user.toLowerCase(java.util.Locale.ROOT);
        return get(accountId, "MANAGED#" + owner)
                .map(i -> new ManagedSenders(owner, entries(i.get("permitted")), entries(i.get("blocked"))))
                .orElse(ManagedSenders.none(owner));
    }

    @Override
    public void saveManagedSenders(String accountId, ManagedSenders senders) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, "MANAGED#" + senders.user()));
        item.put("permitted", DynamoItems.s(entriesJson(senders.permitted())));
        item.put("blocked", DynamoItems.s(entriesJson(senders.blocked())));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    private Optional<Map<String, AttributeValue>> get(String accountId, String sk) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(key(accountId, sk))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static Map<String, AttributeValue> key(String accountId, String sk) {
        return Map.of(PK, DynamoItems.s(accountId), SK, DynamoItems.s(sk));
    }

    private static Map<String, AttributeValue> item(String accountId, Policy p) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("id", p.id()).put("name", p.name()).put("default", p.isDefault()).put("priority", p.priority())
                .put("enabled", p.enabled());
        if (p.mode() != null) {
            json.put("mode", p.mode().name());
        }
        ArrayNode engines = json.putArray("engines");
        p.engines().forEach(e -> engines.add(e.name()));
        ObjectNode actions = json.putObject("actions");
        p.actions().forEach((level, action) -> actions.put(level.name(), action.name()));
        ObjectNode target = json.putObject("target");
        target.put("matchOn", p.target().matchOn().name());
        matchers(target.putArray("senders"), p.target().senders());
        matchers(target.putArray("recipients"), p.target().recipients());
        matchers(target.putArray("exceptSenders"), p.target().exceptSenders());
        matchers(target.putArray("exceptRecipients"), p.target().exceptRecipients());
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, "POLICY#" + p.id()));
        item.put("policy", DynamoItems.s(json.toString()));
        item.put("version", DynamoItems.n(p.version()));
        DynamoItems.putIfPresent(item, "updatedAt", p.updatedAt());
        return item;
    }

    private static void matchers(ArrayNode array, List<AddressMatcher> matchers) {
        matchers.forEach(m -> array.addObject().put("kind", m.kind().name()).put("value", m.value()));
    }

    static Policy policyFrom(Map<String, AttributeValue> item) {
        try {
            JsonNode json = Json.MAPPER.readTree(item.get("policy").s());
            Set<Engine> engines = EnumSet.noneOf(Engine.class);
            json.path("engines").forEach(e -> engines.add(Engine.valueOf(e.asText())));
            Map<ThreatLevel, PolicyAction> actions = new EnumMap<>(ThreatLevel.class);
            json.path("actions").fields().forEachRemaining(e -> actions.put(ThreatLevel.valueOf(e.getKey()),
                    PolicyAction.valueOf(e.getValue().asText())));
            JsonNode t = json.path("target");
            PolicyTarget target = new PolicyTarget(matchers(t.path("senders")), matchers(t.path("recipients")),
                    matchers(t.path("exceptSenders")), matchers(t.path("exceptRecipients")),
                    MatchOn.valueOf(t.path("matchOn").asText("HEADER_FROM")));
            return new Policy(json.path("id").asText(), json.path("name").asText(), json.path("default").asBoolean(),
                    json.path("priority").asInt(), json.hasNonNull("mode") ? Mode.valueOf(json.path("mode").asText()) : null,
                    engines, actions, target, json.path("enabled").asBoolean(true), DynamoItems.instant(item, "updatedAt"),
                    DynamoItems.number(item, "version"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable policy " + DynamoItems.string(item, SK), e);
        }
    }

    private static List<AddressMatcher> matchers(JsonNode array) {
        List<AddressMatcher> list = new ArrayList<>();
        array.forEach(m -> list.add(new AddressMatcher(AddressMatcher.Kind.valueOf(m.path("kind").asText()), m.path("value").asText())));
        return list;
    }

    private static String entriesJson(List<SenderListEntry> entries) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        entries.forEach(e -> array.addObject().put("value", e.value()).put("note", e.note()).put("addedBy", e.addedBy())
                .put("addedAt", e.addedAt() == null ? null : e.addedAt().toString()));
        return array.toString();
    }

    private static List<SenderListEntry> entries(AttributeValue value) {
        if (value == null || value.s() == null) {
            return List.of();
        }
        try {
            List<SenderListEntry> entries = new ArrayList<>();
            for (JsonNode e : Json.MAPPER.readTree(value.s())) {
                entries.add(new SenderListEntry(e.path("value").asText(), e.path("note").asText(""), e.path("addedBy").asText(""),
                        e.hasNonNull("addedAt") ? Instant.parse(e.path("addedAt").asText()) : null));
            }
            return entries;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable sender list", e);
        }
    }
}
