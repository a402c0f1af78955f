package com.mailmoat.adapters.aws.learning;

import static com.mailmoat.adapters.aws.DynamoItems.n;
import static com.mailmoat.adapters.aws.DynamoItems.number;
import static com.mailmoat.adapters.aws.DynamoItems.s;
import static com.mailmoat.adapters.aws.DynamoItems.sortable;
import static com.mailmoat.adapters.aws.DynamoItems.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.mailmoat.core.detection.SenderHistory;
import com.mailmoat.core.learning.Feedback;
import com.mailmoat.core.learning.FeedbackEntry;
import com.mailmoat.core.learning.FeedbackKind;
import com.mailmoat.core.learning.FeedbackLabel;
import com.mailmoat.core.learning.FeedbackStatus;
import com.mailmoat.core.learning.FeedbackStore;
import com.mailmoat.core.learning.LearningWork;
import com.mailmoat.core.learning.StoredModel;
import com.mailmoat.core.learning.TenantModelStore;
import com.mailmoat.lambda.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The learning table: per account ({@code accountId}), one {@code MODEL} item (the learnt model's
 * bytes, its version, counts), one {@code FEEDBACK#<key>} item per message an administrator gave
 * a verdict on (the latest verdict, its sequence, the learner's progress and the audit trail as
 * JSON), and the sender history in {@value #SENDER_SHARDS} {@code SENDERS#<n>} items, each a string
 * set of domains that {@code ADD} extends (idempotent, and no lost update between concurrent scan
 * pages). Every other write is conditional on the version or sequence it read.
 *
 * <p>A verdict waiting for the learner also carries {@code pending} and {@code activeAt} (when its
 * latest entry was given, or a learner last took it up, or the sweep queued it again) and, once the
 * sweep queued it again, {@code requeues}: the sparse index {@value #STALLED_INDEX} holds only those,
 * longest idle first, with their {@code requeues}, for the sweep that queues stalled verdicts again.
 * Every verdict carries {@code latestAt} (when its latest entry was given): the index
 * {@value #LATEST_INDEX} lists an account's verdicts newest first, for the console. Times in keys
 * are {@link com.mailmoat.adapters.aws.DynamoItems#sortable fixed width}.
 */
public final class DynamoLearningStore implements FeedbackStore, TenantModelStore, SenderHistory {
    static final String MODEL = "MODEL";
    static final String FEEDBACK = "FEEDBACK#";
    static final String SENDERS = "SENDERS#";
    /** Items the history is spread over, so each stays far below DynamoDB's item limit. */
    static final int SENDER_SHARDS = 16;
    /** Trail entries kept per message (the oldest go first). */
    static final int MAX_TRAIL = 50;
    /** DynamoDB's item limit is 400 KB; a model must leave room for the other attributes. */
    static final int MAX_MODEL_BYTES = 380_000;
    static final String STALLED_INDEX = "byPending";
    static final String LATEST_INDEX = "byLatest";
    private static final String PENDING = FeedbackStatus.PENDING.name();

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoLearningStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String accountId, String sk) {
        return Map.of("accountId", s(accountId), "sk", s(sk));
    }

    // --- the model ---------------------------------------------------------------------------------

    @Override
    public Optional<StoredModel> load(String accountId) {
        GetItemResponse got = dynamo.getItem(r -> r.tableName(table).key(key(accountId, MODEL)).consistentRead(true));
        if (!got.hasItem() || got.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = got.item();
        AttributeValue bytes = item.get("model");
        String updated = string(item, "updatedAt");
        return Optional.of(new StoredModel(accountId, bytes == null || bytes.b() == null ? new byte[0] : bytes.b().asByteArray(),
                number(item, "version"), number(item, "learnedFrom"), number(item, "legitimate"), number(item, "malicious"),
                updated == null ? null : Instant.parse(updated)));
    }

    @Override
    public OptionalLong version(String accountId) {
        GetItemResponse got = dynamo.getItem(r -> r.tableName(table).key(key(accountId, MODEL))
                .projectionExpression("version"));
        if (!got.hasItem() || got.item().isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(number(got.item(), "version"));
    }

    @Override
    public boolean save(StoredModel model, long expectedVersion) {
        if (model.bytes().length > MAX_MODEL_BYTES) {
            throw new IllegalStateException("learnt model of " + model.bytes().length + " bytes exceeds the item limit");
        }
        Map<String, AttributeValue> item = new HashMap<>(key(model.accountId(), MODEL));
        item.put("model", AttributeValue.fromB(SdkBytes.fromByteArray(model.bytes())));
        item.put("version", n(model.version()));
        item.put("learnedFrom", n(model.learnedFrom()));
        item.put("legitimate", n(model.legitimate()));
        item.put("malicious", n(model.malicious()));
        if (model.updatedAt() != null) {
            item.put("updatedAt", s(model.updatedAt().toString()));
        }
        try {
            if (expectedVersion == 0) {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(sk)"));
            } else {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("version = :expected")
                        .expressionAttributeValues(Map.of(":expected", n(expectedVersion))));
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    // --- feedback ----------------------------------------------------------------------------------

    @Override
    public Optional<Feedback> find(String accountId, String key) {
        GetItemResponse got = dynamo.getItem(r -> r.tableName(table).key(key(accountId, FEEDBACK + key)).consistentRead(true));
        return got.hasItem() && !got.item().isEmpty() ? Optional.of(feedback(got.item())) : Optional.empty();
    }

    @Override
    public Recorded record(Feedback proposed, FeedbackEntry entry) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<Feedback> current = find(proposed.accountId(), proposed.key());
            Recorded recorded = Recorded.of(current.orElse(null), proposed, entry, MAX_TRAIL);
            Feedback next = recorded.feedback();
            Map<String, AttributeValue> item = item(next);
            try {
                if (current.isEmpty()) {
                    dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(sk)"));
                } else {
                    int trailSize = current.get().history().size();
                    long sequence = current.get().sequence();
                    dynamo.putItem(r -> r.tableName(table).item(item)
                            .conditionExpression("#seq = :seq AND trailSize = :trail")
                            .expressionAttributeNames(Map.of("#seq", "sequence"))
                            .expressionAttributeValues(Map.of(":seq", n(sequence), ":trail", n(trailSize))));
                }
                return recorded;
            } catch (ConditionalCheckFailedException e) {
                // another writer came first: read again
            }
        }
        throw new IllegalStateException("feedback kept changing while it was recorded");
    }

    @Override
    public boolean update(Feedback feedback) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":seq", n(feedback.sequence()));
        values.put(":status", s(feedback.status().name()));
        values.put(":learned", n(feedback.learnedSequence()));
        values.put(":mailbox", s(feedback.mailboxId()));
        values.put(":message", s(feedback.messageId()));
        values.put(":subject", s(feedback.subject()));
        values.put(":reason", s(feedback.reason()));
        // Learnt (or given up): it leaves the index of verdicts waiting for the learner.
        String update = "SET #status = :status, learnedSequence = :learned, mailboxId = :mailbox, messageId = :message, "
                + "subject = :subject, reason = :reason"
                + (feedback.status() == FeedbackStatus.PENDING ? "" : " REMOVE pending, activeAt, requeues");
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(feedback.accountId(), FEEDBACK + feedback.key()))
                    .conditionExpression("#seq = :seq")
                    .updateExpression(update)
                    .expressionAttributeNames(Map.of("#seq", "sequence", "#status", "status"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public List<Feedback> recent(String accountId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // The index holds every verdict by when its latest entry was given: the newest are read, not all.
        return dynamo.queryPaginator(r -> r.tableName(table).indexName(LATEST_INDEX)
                        .keyConditionExpression("accountId = :a")
                        .expressionAttributeValues(Map.of(":a", s(accountId)))
                        .scanIndexForward(false).limit(limit))
                .items().stream().limit(limit).map(DynamoLearningStore::feedback).toList();
    }

    @Override
    public Set<String> legitimateDetections(String accountId) {
        // From the table, consistently: a "not a threat" given a moment ago must already count, and
        // the few attributes read keep a long history cheap.
        Set<String> legitimate = new TreeSet<>();
        dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("accountId = :a AND begins_with(sk, :f)")
                        .filterExpression("#label = :legitimate AND detectionId <> :none")
                        .projectionExpression("detectionId")
                        .expressionAttributeNames(Map.of("#label", "label"))
                        .expressionAttributeValues(Map.of(":a", s(accountId), ":f", s(FEEDBACK),
                                ":legitimate", s(FeedbackLabel.LEGITIMATE.name()), ":none", s(""))))
                .items().forEach(item -> legitimate.add(string(item, "detectionId")));
        return Set.copyOf(legitimate);
    }

    @Override
    public void takenUp(String accountId, String key, Instant at) {
        whilePending(accountId, key, "SET activeAt = :at", Map.of(":at", s(sortable(at))));
    }

    @Override
    public List<Stalled> stalled(Instant idleSince, int limit) {
        return dynamo.queryPaginator(r -> r.tableName(table).indexName(STALLED_INDEX)
                        .keyConditionExpression("pending = :p AND activeAt < :idle")
                        .expressionAttributeValues(Map.of(":p", s(PENDING), ":idle", s(sortable(idleSince))))
                        .limit(limit))
                .items().stream().limit(limit)
                .map(i -> new Stalled(new LearningWork(string(i, "accountId"), string(i, "sk").substring(FEEDBACK.length())),
                        (int) number(i, "requeues")))
                .toList();
    }

    @Override
    public void requeued(String accountId, String key, Instant at) {
        whilePending(accountId, key, "SET activeAt = :at ADD requeues :one", Map.of(":at", s(sortable(at)), ":one", n(1)));
    }

    /** Updates a verdict still waiting for the learner; one learnt (or given up) meanwhile is left as it is. */
    private void whilePending(String accountId, String key, String update, Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(accountId, FEEDBACK + key))
                    .conditionExpression("attribute_exists(pending)")
                    .updateExpression(update)
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // nothing waits any more
        }
    }

    private static Map<String, AttributeValue> item(Feedback f) {
        Map<String, AttributeValue> item = new HashMap<>(key(f.accountId(), FEEDBACK + f.key()));
        item.put("key", s(f.key()));
        item.put("detectionId", s(f.detectionId()));
        item.put("mailboxId", s(f.mailboxId()));
        item.put("messageId", s(f.messageId()));
        item.put("internetMessageId", s(f.internetMessageId()));
        item.put("label", s(f.label().name()));
        item.put("status", s(f.status().name()));
        item.put("sequence", n(f.sequence()));
        item.put("learnedSequence", n(f.learnedSequence()));
        item.put("trailSize", n(f.history().size()));
        ArrayNode trail = Json.MAPPER.createArrayNode();
        for (FeedbackEntry e : f.history()) {
            trail.addObject().put("kind", e.kind().name()).put("by", e.by()).put("at", e.at().toString())
                    .put("jobId", e.jobId());
        }
        item.put("trail", s(trail.toString()));
        item.put("subject", s(f.subject()));
        item.put("reason", s(f.reason()));
        if (f.latest() != null) {
            item.put("latestAt", s(sortable(f.latest().at())));
            if (f.status() == FeedbackStatus.PENDING) {
                item.put("pending", s(PENDING));
                item.put("activeAt", s(sortable(f.latest().at())));
            }
        }
        return item;
    }

    private static Feedback feedback(Map<String, AttributeValue> item) {
        List<FeedbackEntry> trail = new ArrayList<>();
        try {
            JsonNode node = Json.MAPPER.readTree(string(item, "trail") == null ? "[]" : string(item, "trail"));
            for (JsonNode e : node) {
                trail.add(new FeedbackEntry(FeedbackKind.valueOf(e.path("kind").asText()), e.path("by").asText(),
                        Instant.parse(e.path("at").asText()), e.path("jobId").asText()));
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable trail: the verdict itself still stands
        }
        return new Feedback(string(item, "accountId"), string(item, "key"), string(item, "detectionId"),
                string(item, "mailboxId"), string(item, "messageId"), string(item, "internetMessageId"),
                FeedbackLabel.valueOf(string(item, "label")), FeedbackStatus.valueOf(string(item, "status")),
                number(item, "sequence"), number(item, "learnedSequence"), trail, string(item, "subject"),
                string(item, "reason"));
    }

    // --- the sender history ------------------------------------------------------------------------

    @Override
    public Set<String> knownDomains(String accountId) {
        Set<String> known = new TreeSet<>();
        dynamo.queryPaginator(r -> r.tableName(table).keyConditionExpression("accountId = :a AND begins_with(sk, :s)")
                        .expressionAttributeValues(Map.of(":a", s(accountId), ":s", s(SENDERS))).projectionExpression("domains"))
                .items().forEach(item -> {
                    AttributeValue domains = item.get("domains");
                    if (domains != null && domains.hasSs()) {
                        known.addAll(domains.ss());
                    }
                });
        return Set.copyOf(known);
    }

    @Override
    public void remember(String accountId, Collection<String> domains) {
        Map<Integer, List<String>> byShard = new TreeMap<>();
        for (String domain : domains) {
            byShard.computeIfAbsent(Math.floorMod(domain.hashCode(), SENDER_SHARDS), k -> new ArrayList<>()).add(domain);
        }
        byShard.forEach((shard, some) -> dynamo.updateItem(r -> r.tableName(table).key(key(accountId, SENDERS + shard))
                .updateExpression("ADD domains :d")
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromSs(some)))));
    }
}
