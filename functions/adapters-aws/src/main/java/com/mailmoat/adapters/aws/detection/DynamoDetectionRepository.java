package com.mailmoat.adapters.aws.detection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionEvent;
import com.mailmoat.core.detection.DetectionTrail;
import com.mailmoat.core.detection.DetectionPage;
import com.mailmoat.core.detection.DetectionQuery;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.Evidence;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.lambda.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Detections in the Detections table: partition = account, sort key = detection id (a hash of
 * mailbox and immutable message id, so a message is stored once). Two local secondary indexes give
 * the orders the console needs without scanning: {@code byReceived} ({@code receivedKey} =
 * {@linkplain DynamoItems#sortable fixed-width} received time + id) and {@code byScan} ({@code scanKey} = scan id + received time + id). Filters
 * the indexes cannot express (level, category, status, mailbox, sender, text) are filter
 * expressions on those queries; {@code searchText} holds subject and sender in lower case.
 */
public final class DynamoDetectionRepository implements DetectionRepository {
    private static final String PK = "accountId";
    private static final String SK = "detectionId";
    private static final String BY_RECEIVED = "byReceived";
    private static final String BY_SCAN = "byScan";
    private static final TypeReference<List<Evidence>> EVIDENCE_LIST = new TypeReference<>() {
    };

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDetectionRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean putIfAbsent(Detection detection) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(toItem(detection))
                    .conditionExpression("attribute_not_exists(#sk)")
                    .expressionAttributeNames(Map.of("#sk", SK)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Detection> find(String accountId, String detectionId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of(PK, DynamoItems.s(accountId), SK, DynamoItems.s(detectionId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public DetectionPage search(String accountId, DetectionQuery query) {
        boolean byScan = query.scanId() != null;
        String index = byScan ? BY_SCAN : BY_RECEIVED;
        String sortKey = byScan ? "scanKey" : "receivedKey";
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#k", sortKey));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":a", DynamoItems.s(accountId)));
        String keyCondition;
        String prefix = byScan ? query.scanId() + "#" : "";
        // Key values may not be empty: "0" sorts before every timestamp.
        String lower = prefix + (query.from() == null ? "0" : DynamoItems.sortable(query.from()));
        String upper = prefix + (query.to() == null ? "~" : DynamoItems.sortable(query.to()) + "~");
        keyCondition = "#pk = :a AND #k BETWEEN :lo AND :hi";
        values.put(":lo", DynamoItems.s(lower));
        values.put(":hi", DynamoItems.s(upper));

        List<String> filters = new ArrayList<>();
        if (query.level() != null) {
            names.put("#level", "level");
            values.put(":level", DynamoItems.s(query.level().name()));
            filters.add("#level = :level");
        }
        if (query.source() != null) {
            names.put("#source", "source");
            values.put(":source", DynamoItems.s(query.source().name()));
            filters.add("#source = :source");
        }
        if (query.category() != null) {
            values.put(":category", DynamoItems.s(query.category().toUpperCase(Locale.ROOT)));
            filters.add("contains(categories, :category)");
        }
        if (query.status() != null) {
            names.put("#status", "status");
            values.put(":status", DynamoItems.s(query.status().name()));
            filters.add("#status = :status");
        }
        if (query.mailbox() != null) {
            values.put(":mailbox", DynamoItems.s(query.mailbox().toLowerCase(Locale.ROOT)));
            filters.add("mailboxLower = :mailbox");
        }
        if (query.sender() != null) {
            values.put(":sender", DynamoItems.s(query.sender().toLowerCase(Locale.ROOT)));
            filters.add("contains(senderLower, :sender)");
        }
        if (query.text() != null && !query.text().isBlank()) {
            values.put(":text", DynamoItems.s(query.text().strip().toLowerCase(Locale.ROOT)));
            filters.add("contains(searchText, :text)");
        }
        Map<String, AttributeValue> start = decodeCursor(query.cursor(), accountId, sortKey);
        // One item more than the page is looked for: a next page is offered only when something is on it
        // (DynamoDB's LastEvaluatedKey alone cannot tell, and would lead to an empty last page).
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        do {
            Map<String, AttributeValue> from = start;
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(index)
                    .keyConditionExpression(keyCondition)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .scanIndexForward(false).limit(Math.max(query.limit() + 1, 25)).exclusiveStartKey(from);
            if (!filters.isEmpty()) {
                request.filterExpression(String.join(" AND ", filters));
            }
            QueryResponse page = dynamo.query(request.build());
            for (Map<String, AttributeValue> item : page.items()) {
                if (found.size() > query.limit()) {
                    break;
                }
                found.add(item);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (found.size() <= query.limit() && start != null);
        boolean more = found.size() > query.limit();
        List<Detection> items = found.stream().limit(query.limit()).map(DynamoDetectionRepository::fromItem).toList();
        if (!more) {
            return new DetectionPage(items, Optional.empty());
        }
        Map<String, AttributeValue> last = found.get(query.limit() - 1);
        return new DetectionPage(items, Optional.of(encodeCursor(
                Map.of(PK, last.get(PK), SK, last.get(SK), sortKey, last.get(sortKey)), sortKey)));
    }

    @Override
    public List<Detection> forScan(String accountId, String scanId) {
        List<Detection> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table).indexName(BY_SCAN)
                    .keyConditionExpression("#pk = :a AND begins_with(scanKey, :scan)")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId), ":scan", DynamoItems.s(scanId + "#")))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> all.add(fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return all;
    }

    /** As the default, reading only each item's status (the index's items are whole detections). */
    @Override
    public Map<DetectionStatus, Long> statusCounts(String accountId, String scanId) {
        Map<DetectionStatus, Long> counts = new java.util.EnumMap<>(DetectionStatus.class);
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table).indexName(BY_SCAN)
                    .keyConditionExpression("#pk = :a AND begins_with(scanKey, :scan)")
                    .projectionExpression("#status")
                    .expressionAttributeNames(Map.of("#pk", PK, "#status", "status"))
                    .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId), ":scan", DynamoItems.s(scanId + "#")))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> counts.merge(DetectionStatus.valueOf(item.get("status").s()), 1L, Long::sum));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return counts;
    }

    @Override
    public boolean moveToScan(Detection rejudged) {
        Optional<Detection> found = find(rejudged.accountId(), rejudged.detectionId());
        if (found.isEmpty()) {
            return false;
        }
        String scanKey = rejudged.scanId() + "#" + DynamoItems.sortable(found.get().receivedAt()) + "#" + rejudged.detectionId();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":scan", DynamoItems.s(rejudged.scanId()));
        values.put(":scanKey", DynamoItems.s(scanKey));
        values.put(":level", DynamoItems.s(rejudged.level().name()));
        values.put(":score", AttributeValue.fromN(Double.toString(rejudged.score())));
        values.put(":reasons", DynamoItems.s(reasonsJson(rejudged)));
        String update = "SET scanId = :scan, scanKey = :scanKey, #level = :level, score = :score, reasons = :reasons";
        if (rejudged.categories().isEmpty()) {
            update += " REMOVE categories";
        } else {
            values.put(":categories", AttributeValue.fromSs(new ArrayList<>(rejudged.categories())));
            update += ", categories = :categories";
        }
        return whileDetected(rejudged.accountId(), rejudged.detectionId(), update, values, Map.of("#level", "level"));
    }

    @Override
    public boolean markNotAThreat(String accountId, String detectionId, DetectionEvent event) {
        return whileDetected(accountId, detectionId,
                "SET #status = :notAThreat, history = list_append(if_not_exists(history, :empty), :event)",
                Map.of(":notAThreat", DynamoItems.s(DetectionStatus.NOT_A_THREAT.name()),
                        ":empty", AttributeValue.fromL(List.of()), ":event", AttributeValue.fromL(List.of(event(event)))));
    }

    /** Updates a detection still waiting for the administrator; false when it is not (or not there). */
    private boolean whileDetected(String accountId, String detectionId, String update, Map<String, AttributeValue> values) {
        return whileDetected(accountId, detectionId, update, values, Map.of());
    }

    private boolean whileDetected(String accountId, String detectionId, String update, Map<String, AttributeValue> values,
                                  Map<String, String> names) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#status", "status");
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":detected", DynamoItems.s(DetectionStatus.DETECTED.name()));
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of(PK, DynamoItems.s(accountId), SK, DynamoItems.s(detectionId)))
                    .conditionExpression("#status = :detected")
                    .updateExpression(update)
                    .expressionAttributeNames(allNames)
                    .expressionAttributeValues(all));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The cursor is the last item's position in the index; it only ever moves within the caller's partition. */
    private static String encodeCursor(Map<String, AttributeValue> key, String sortKey) {
        String raw = key.get(SK).s() + "\n" + key.get(sortKey).s();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeCursor(String cursor, String accountId, String sortKey) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int newline = raw.indexOf('\n');
            if (newline <= 0) {
                throw new IllegalArgumentException("no separator");
            }
            return Map.of(PK, DynamoItems.s(accountId), SK, DynamoItems.s(raw.substring(0, newline)),
                    sortKey, DynamoItems.s(raw.substring(newline + 1)));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(List.of(new FieldError("cursor", "is not a cursor this API returned")));
        }
    }

    public static Map<String, AttributeValue> toItem(Detection d) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, DynamoItems.s(d.accountId()));
        item.put(SK, DynamoItems.s(d.detectionId()));
        String received = DynamoItems.sortable(d.receivedAt());
        item.put("receivedKey", DynamoItems.s(received + "#" + d.detectionId()));
        if (d.scanId() != null) {
            item.put("scanId", DynamoItems.s(d.scanId()));
            item.put("scanKey", DynamoItems.s(d.scanId() + "#" + received + "#" + d.detectionId()));
        }
        item.put("source", DynamoItems.s(d.source().name()));
        item.put("mailboxId", DynamoItems.s(d.mailboxId()));
        item.put("mailbox", DynamoItems.s(d.mailbox()));
        item.put("mailboxLower", DynamoItems.s(d.mailbox().toLowerCase(Locale.ROOT)));
        item.put("messageId", DynamoItems.s(d.messageId()));
        item.put("internetMessageId", DynamoItems.s(d.internetMessageId()));
        item.put("sender", DynamoItems.s(d.sender()));
        item.put("senderName", DynamoItems.s(d.senderName()));
        item.put("senderLower", DynamoItems.s(d.sender().toLowerCase(Locale.ROOT)));
        item.put("subject", DynamoItems.s(d.subject()));
        item.put("searchText", DynamoItems.s((d.subject() + "\n" + d.sender() + "\n" + d.senderName()).toLowerCase(Locale.ROOT)));
        item.put("receivedAt", DynamoItems.s(received));
        DynamoItems.putIfPresent(item, "folderId", d.folderId());
        item.put("level", DynamoItems.s(d.level().name()));
        item.put("score", AttributeValue.fromN(Double.toString(d.score())));
        if (!d.categories().isEmpty()) {
            item.put("categories", AttributeValue.fromSs(new ArrayList<>(d.categories())));
        }
        item.put("reasons", DynamoItems.s(reasonsJson(d)));
        item.put("status", DynamoItems.s(d.status().name()));
        DynamoItems.putIfPresent(item, "detectedAt", d.detectedAt());
        DetectionTrail trail = d.trail();
        DynamoItems.putIfPresent(item, "currentFolderId", trail.currentFolderId());
        if (trail.messageGone()) {
            item.put("messageGone", AttributeValue.fromBool(true));
        }
        if (!trail.history().isEmpty()) {
            item.put("history", AttributeValue.fromL(trail.history().stream().map(DynamoDetectionRepository::event).toList()));
        }
        return item;
    }

    public static Detection fromItem(Map<String, AttributeValue> item) {
        Set<String> categories = item.containsKey("categories") ? new HashSet<>(item.get("categories").ss()) : Set.of();
        List<Evidence> reasons;
        try {
            reasons = Json.MAPPER.readValue(item.get("reasons").s(), EVIDENCE_LIST);
        } catch (JsonProcessingException | RuntimeException e) {
            reasons = List.of();
        }
        return new Detection(item.get(PK).s(), item.get(SK).s(), DynamoItems.string(item, "scanId"),
                DetectionSource.valueOf(item.get("source").s()), item.get("mailboxId").s(),
                DynamoItems.string(item, "mailbox"), item.get("messageId").s(),
                DynamoItems.string(item, "internetMessageId"), DynamoItems.string(item, "sender"),
                DynamoItems.string(item, "senderName"), DynamoItems.string(item, "subject"),
                DynamoItems.instant(item, "receivedAt"), DynamoItems.string(item, "folderId"),
                ThreatLevel.valueOf(item.get("level").s()), Double.parseDouble(item.get("score").n()), categories,
                reasons, DetectionStatus.valueOf(item.get("status").s()), DynamoItems.instant(item, "detectedAt"),
                trail(item));
    }

    private static String reasonsJson(Detection d) {
        try {
            return Json.MAPPER.writeValueAsString(d.reasons());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store the reasons of detection " + d.detectionId(), e);
        }
    }

    /** One audit entry as a DynamoDB map (appended to {@code history} with {@code list_append}). */
    public static AttributeValue event(DetectionEvent e) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("action", DynamoItems.s(e.action()));
        m.put("outcome", DynamoItems.s(e.outcome()));
        m.put("by", DynamoItems.s(e.by()));
        m.put("at", DynamoItems.s(e.at().toString()));
        m.put("jobId", DynamoItems.s(e.jobId()));
        DynamoItems.putIfPresent(m, "folderId", e.folderId());
        m.put("reason", DynamoItems.s(e.reason()));
        return AttributeValue.fromM(m);
    }

    private static DetectionTrail trail(Map<String, AttributeValue> item) {
        List<DetectionEvent> history = new ArrayList<>();
        AttributeValue entries = item.get("history");
        if (entries != null && entries.hasL()) {
            for (AttributeValue entry : entries.l()) {
                Map<String, AttributeValue> m = entry.m();
                history.add(new DetectionEvent(DynamoItems.string(m, "action"), DynamoItems.string(m, "outcome"),
                        DynamoItems.string(m, "by"), DynamoItems.instant(m, "at"), DynamoItems.string(m, "jobId"),
                        DynamoItems.string(m, "folderId"), DynamoItems.string(m, "reason")));
            }
        }
        AttributeValue gone = item.get("messageGone");
        return new DetectionTrail(DynamoItems.string(item, "currentFolderId"),
                gone != null && Boolean.TRUE.equals(gone.bool()), history);
    }
}
