package com.mailmoat.adapters.aws.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.core.scan.CursorState;
import com.mailmoat.core.scan.MailboxCursor;
import com.mailmoat.core.scan.Scan;
import com.mailmoat.core.scan.ScanCounts;
import com.mailmoat.core.scan.ScanKind;
import com.mailmoat.core.scan.ScanReport;
import com.mailmoat.core.scan.ScanRepository;
import com.mailmoat.core.scan.ScanStatus;
import com.mailmoat.lambda.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Scans in the Scans table, all under the account's partition: the scan ({@code SCAN#<id>}, ids
 * sort by start time), one cursor per mailbox ({@code CURSOR#<scanId>#<mailboxId>}) and the
 * account's running-scan slot ({@code RUNNING}) and its latest scan request ({@code REQUESTED}). Threat counters by level and category are
 * top-level number attributes ({@code lvl_MALICIOUS}, {@code cat_PHISHING}) so one update can
 * {@code ADD} to them.
 */
public final class DynamoScanRepository implements ScanRepository {
    private static final String PK = "accountId";
    private static final String SK = "sk";
    private static final String RUNNING_SLOT = "RUNNING";
    private static final String REQUEST_SLOT = "REQUESTED";
    private static final String LEVEL_PREFIX = "lvl_";
    private static final String CATEGORY_PREFIX = "cat_";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoScanRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Creation create(Scan scan) {
        Map<String, AttributeValue> slot = new HashMap<>(key(scan.accountId(), RUNNING_SLOT));
        slot.put("scanId", DynamoItems.s(scan.scanId()));
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    putIfAbsent(toItem(scan)),
                    putIfAbsent(slot)));
            return new Creation.Created(scan);
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (failed(reasons, 0)) {
                return new Creation.Exists(find(scan.accountId(), scan.scanId()).orElseThrow());
            }
            if (failed(reasons, 1)) {
                String running = getItem(scan.accountId(), RUNNING_SLOT).map(i -> i.get("scanId").s()).orElse("");
                return new Creation.OtherRunning(running);
            }
            throw e;
        }
    }

    @Override
    public void putCursorsIfAbsent(List<MailboxCursor> cursors) {
        // Conditional, so one by one (a batch write takes no condition), but side by side.
        ParallelWrites.each(cursors, cursor -> {
            try {
                dynamo.putItem(r -> r.tableName(table).item(toItem(cursor))
                        .conditionExpression("attribute_not_exists(#sk)")
                        .expressionAttributeNames(Map.of("#sk", SK)));
            } catch (ConditionalCheckFailedException e) {
                // Written by an earlier delivery of the same request, and possibly advanced since: keep it.
            }
        });
    }

    @Override
    public Optional<Scan> find(String accountId, String scanId) {
        return getItem(accountId, scanKey(scanId)).map(DynamoScanRepository::scanFrom);
    }

    @Override
    public Optional<Scan> running(String accountId) {
        return getItem(accountId, RUNNING_SLOT).flatMap(slot -> find(accountId, slot.get("scanId").s()))
                .filter(scan -> scan.status() == ScanStatus.RUNNING);
    }

    @Override
    public List<Scan> recent(String accountId, int limit) {
        return dynamo.query(r -> r.tableName(table)
                        .keyConditionExpression("#pk = :a AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId), ":prefix", DynamoItems.s("SCAN#")))
                        .scanIndexForward(false)
                        .limit(limit))
                .items().stream().map(DynamoScanRepository::scanFrom).toList();
    }

    @Override
    public Optional<MailboxCursor> cursor(String accountId, String scanId, String mailboxId) {
        return getItem(accountId, cursorKey(scanId, mailboxId)).map(DynamoScanRepository::cursorFrom);
    }

    @Override
    public List<MailboxCursor> cursors(String accountId, String scanId) {
        List<MailboxCursor> cursors = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :a AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId),
                            ":prefix", DynamoItems.s("CURSOR#" + scanId + "#")))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> cursors.add(cursorFrom(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return cursors;
    }

    @Override
    public boolean commitPage(PageCommit commit) {
        MailboxCursor cursor = commit.cursor();
        Map<String, String> names = new HashMap<>(Map.of("#state", "state", "#position", "position", "#seen", "seen",
                "#version", "version"));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":state", DynamoItems.s(cursor.state().name()));
        values.put(":position", DynamoItems.s(cursor.position().toString()));
        values.put(":seen", seenValue(cursor.seen()));
        values.put(":next", DynamoItems.n(cursor.version()));
        values.put(":expected", DynamoItems.n(commit.expectedVersion()));
        values.put(":scanned", DynamoItems.n(cursor.messagesScanned()));
        values.put(":estimated", DynamoItems.n(cursor.messagesEstimated()));
        values.put(":excluded", DynamoItems.s(cursor.excludedFolderId()));
        values.put(":reason", DynamoItems.s(cursor.skipReason() == null ? "" : cursor.skipReason()));
        Update cursorUpdate = Update.builder().tableName(table).key(key(cursor.accountId(), cursorKey(cursor.scanId(), cursor.mailboxId())))
                .updateExpression("SET #state = :state, #position = :position, #seen = :seen, #version = :next, "
                        + "messagesScanned = :scanned, messagesEstimated = :estimated, excludedFolderId = :excluded, "
                        + "skipReason = :reason")
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(names).expressionAttributeValues(values).build();

        Map<String, String> scanNames = new HashMap<>(Map.of("#sk", SK));
        Map<String, AttributeValue> scanValues = new HashMap<>();
        List<String> adds = new ArrayList<>();
        add(adds, scanNames, scanValues, "messagesScanned", commit.counts().messagesScanned(), true);
        add(adds, scanNames, scanValues, "threatsFound", commit.counts().threatsFound(), false);
        commit.counts().byLevel().forEach((level, n) -> add(adds, scanNames, scanValues, LEVEL_PREFIX + level, n, false));
        commit.counts().byCategory().forEach((category, n) -> add(adds, scanNames, scanValues, CATEGORY_PREFIX + category, n, false));
        if (commit.mailboxFinished()) {
            add(adds, scanNames, scanValues, cursor.state() == CursorState.SKIPPED ? "mailboxesSkipped" : "mailboxesDone", 1, false);
            add(adds, scanNames, scanValues, "mailboxesRemaining", -1, false);
        }
        if (commit.estimatedMessages() >= 0) {
            add(adds, scanNames, scanValues, "mailboxesEstimated", 1, false);
            add(adds, scanNames, scanValues, "messagesEstimated", commit.estimatedMessages(), false);
        }
        Update scanUpdate = Update.builder().tableName(table).key(key(cursor.accountId(), scanKey(cursor.scanId())))
                .updateExpression("ADD " + String.join(", ", adds))
                // Not only while running: a page in flight when the scan ended early wrote its detections.
                .conditionExpression("attribute_exists(#sk)")
                .expressionAttributeNames(scanNames).expressionAttributeValues(scanValues).build();
        return transactUnlessConditionFails(TransactWriteItem.builder().update(cursorUpdate).build(),
                TransactWriteItem.builder().update(scanUpdate).build());
    }

    @Override
    public void recordFoundAgain(String accountId, String earlierScanId, String laterScanId) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(accountId, scanKey(earlierScanId)))
                    .updateExpression("ADD foundAgainBy :later")
                    .conditionExpression("attribute_exists(#sk)")
                    .expressionAttributeNames(Map.of("#sk", SK))
                    .expressionAttributeValues(Map.of(":later", AttributeValue.fromSs(List.of(laterScanId)))));
        } catch (ConditionalCheckFailedException e) {
            // No such scan (erased since): nothing to point from.
        }
    }

    @Override
    public Optional<String> recordRequest(String accountId, String scanId, Instant at, Instant waitingSince) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, REQUEST_SLOT));
        item.put("scanId", DynamoItems.s(scanId));
        item.put("requestedAt", DynamoItems.s(DynamoItems.sortable(at)));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#sk) OR attribute_exists(handled) OR requestedAt <= :since")
                    .expressionAttributeNames(Map.of("#sk", SK))
                    .expressionAttributeValues(Map.of(":since", DynamoItems.s(DynamoItems.sortable(waitingSince)))));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            return lastRequest(accountId).map(RequestedScan::scanId);
        }
    }

    @Override
    public Optional<RequestedScan> lastRequest(String accountId) {
        return getItem(accountId, REQUEST_SLOT).map(item -> new RequestedScan(DynamoItems.string(item, "scanId"),
                DynamoItems.instant(item, "requestedAt"), item.containsKey("handled"),
                DynamoItems.string(item, "startedAs")));
    }

    @Override
    public void requestHandled(String accountId, String requestedScanId, String scanId) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":id", DynamoItems.s(requestedScanId),
                ":yes", AttributeValue.fromBool(true)));
        String update = "SET handled = :yes";
        if (scanId != null) {
            update += ", startedAs = :started";
            values.put(":started", DynamoItems.s(scanId));
        }
        String expression = update;
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(accountId, REQUEST_SLOT))
                    .updateExpression(expression)
                    .conditionExpression("scanId = :id")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // A later request took the slot (or none was recorded: a first or scheduled scan).
        }
    }

    @Override
    public List<String> foundAgainBy(String accountId, String scanId) {
        return getItem(accountId, scanKey(scanId))
                .map(item -> item.get("foundAgainBy"))
                .filter(AttributeValue::hasSs)
                .map(later -> later.ss().stream().sorted().toList())
                .orElse(List.of());
    }

    @Override
    public void markEnqueued(String accountId, String scanId, List<String> mailboxIds, long version) {
        ParallelWrites.each(mailboxIds, mailboxId -> markEnqueued(accountId, scanId, mailboxId, version));
    }

    @Override
    public void markEnqueued(String accountId, String scanId, String mailboxId, long version) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(accountId, cursorKey(scanId, mailboxId)))
                    .updateExpression("SET enqueuedVersion = :v")
                    .conditionExpression("attribute_exists(#sk) AND enqueuedVersion < :v")
                    .expressionAttributeNames(Map.of("#sk", SK))
                    .expressionAttributeValues(Map.of(":v", DynamoItems.n(version))));
        } catch (ConditionalCheckFailedException e) {
            // Already marked at or beyond this version.
        }
    }

    @Override
    public boolean finish(String accountId, String scanId, ScanStatus status, Instant at) {
        String condition = status == ScanStatus.COMPLETED
                ? "#status = :running AND mailboxesRemaining <= :zero" : "#status = :running";
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":running", DynamoItems.s(ScanStatus.RUNNING.name()),
                ":to", DynamoItems.s(status.name()), ":at", DynamoItems.s(at.toString())));
        if (status == ScanStatus.COMPLETED) {
            values.put(":zero", DynamoItems.n(0));
        }
        Update scanUpdate = Update.builder().tableName(table).key(key(accountId, scanKey(scanId)))
                .updateExpression("SET #status = :to, finishedAt = :at")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values).build();
        Delete slot = Delete.builder().tableName(table).key(key(accountId, RUNNING_SLOT))
                .conditionExpression("attribute_not_exists(#sk) OR scanId = :id")
                .expressionAttributeNames(Map.of("#sk", SK))
                .expressionAttributeValues(Map.of(":id", DynamoItems.s(scanId))).build();
        return transactUnlessConditionFails(TransactWriteItem.builder().update(scanUpdate).build(),
                TransactWriteItem.builder().delete(slot).build());
    }

    @Override
    public void saveReport(String accountId, String scanId, ScanReport report, Instant queuedAt) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store the report of scan " + scanId, e);
        }
        dynamo.updateItem(r -> r.tableName(table).key(key(accountId, scanKey(scanId)))
                .updateExpression("SET report = :report, reportQueuedAt = :at")
                .conditionExpression("attribute_exists(#sk)")
                .expressionAttributeNames(Map.of("#sk", SK))
                .expressionAttributeValues(Map.of(":report", DynamoItems.s(json), ":at", DynamoItems.s(queuedAt.toString()))));
    }

    /** Writes both items atomically; false when either's condition failed (nothing written then). */
    private boolean transactUnlessConditionFails(TransactWriteItem first, TransactWriteItem second) {
        try {
            dynamo.transactWriteItems(r -> r.transactItems(first, second));
            return true;
        } catch (TransactionCanceledException e) {
            if (failed(e.cancellationReasons(), 0) || failed(e.cancellationReasons(), 1)) {
                return false;
            }
            throw e;
        }
    }

    private static void add(List<String> adds, Map<String, String> names, Map<String, AttributeValue> values,
                            String attribute, long amount, boolean always) {
        if (amount == 0 && !always) {
            return;
        }
        String n = "#a" + adds.size();
        String v = ":v" + adds.size();
        names.put(n, attribute);
        values.put(v, DynamoItems.n(amount));
        adds.add(n + " " + v);
    }

    private Optional<Map<String, AttributeValue>> getItem(String accountId, String sk) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(accountId, sk))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#sk)")
                .expressionAttributeNames(Map.of("#sk", SK)).build()).build();
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static String scanKey(String scanId) {
        return "SCAN#" + scanId;
    }

    private static String cursorKey(String scanId, String mailboxId) {
        return "CURSOR#" + scanId + "#" + mailboxId;
    }

    private static Map<String, AttributeValue> key(String accountId, String sk) {
        return Map.of(PK, DynamoItems.s(accountId), SK, DynamoItems.s(sk));
    }

    static Map<String, AttributeValue> toItem(Scan scan) {
        Map<String, AttributeValue> item = new HashMap<>(key(scan.accountId(), scanKey(scan.scanId())));
        item.put("scanId", DynamoItems.s(scan.scanId()));
        DynamoItems.putIfPresent(item, "tenantId", scan.tenantId());
        item.put("kind", DynamoItems.s(scan.kind().name()));
        item.put("status", DynamoItems.s(scan.status().name()));
        DynamoItems.putIfPresent(item, "windowStart", scan.windowStart());
        DynamoItems.putIfPresent(item, "windowEnd", scan.windowEnd());
        DynamoItems.putIfPresent(item, "startedAt", scan.startedAt());
        DynamoItems.putIfPresent(item, "finishedAt", scan.finishedAt());
        item.put("mailboxesTotal", DynamoItems.n(scan.mailboxesTotal()));
        item.put("mailboxesDone", DynamoItems.n(scan.mailboxesDone()));
        item.put("mailboxesSkipped", DynamoItems.n(scan.mailboxesSkipped()));
        item.put("mailboxesRemaining", DynamoItems.n(scan.mailboxesRemaining()));
        item.put("mailboxesEstimated", DynamoItems.n(scan.mailboxesEstimated()));
        item.put("messagesEstimated", DynamoItems.n(scan.messagesEstimated()));
        item.put("messagesScanned", DynamoItems.n(scan.counts().messagesScanned()));
        item.put("threatsFound", DynamoItems.n(scan.counts().threatsFound()));
        return item;
    }

    static Scan scanFrom(Map<String, AttributeValue> item) {
        Map<String, Long> byLevel = new TreeMap<>();
        Map<String, Long> byCategory = new TreeMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(LEVEL_PREFIX) && value.n() != null && Long.parseLong(value.n()) != 0) {
                byLevel.put(name.substring(LEVEL_PREFIX.length()), Long.parseLong(value.n()));
            } else if (name.startsWith(CATEGORY_PREFIX) && value.n() != null && Long.parseLong(value.n()) != 0) {
                byCategory.put(name.substring(CATEGORY_PREFIX.length()), Long.parseLong(value.n()));
            }
        });
        ScanReport report = null;
        String reportJson = DynamoItems.string(item, "report");
        if (reportJson != null) {
            try {
                report = Json.MAPPER.readValue(reportJson, ScanReport.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Unreadable report on scan " + DynamoItems.string(item, "scanId"), e);
            }
        }
        return new Scan(item.get(PK).s(), item.get("scanId").s(), DynamoItems.string(item, "tenantId"),
                ScanKind.valueOf(item.get("kind").s()), ScanStatus.valueOf(item.get("status").s()),
                DynamoItems.instant(item, "windowStart"), DynamoItems.instant(item, "windowEnd"),
                DynamoItems.instant(item, "startedAt"), DynamoItems.instant(item, "finishedAt"),
                (int) DynamoItems.number(item, "mailboxesTotal"), (int) DynamoItems.number(item, "mailboxesDone"),
                (int) DynamoItems.number(item, "mailboxesSkipped"), (int) DynamoItems.number(item, "mailboxesEstimated"),
                DynamoItems.number(item, "messagesEstimated"),
                new ScanCounts(DynamoItems.number(item, "messagesScanned"), DynamoItems.number(item, "threatsFound"),
                        byLevel, byCategory),
                report, DynamoItems.instant(item, "reportQueuedAt"));
    }

    static Map<String, AttributeValue> toItem(MailboxCursor cursor) {
        Map<String, AttributeValue> item = new HashMap<>(key(cursor.accountId(), cursorKey(cursor.scanId(), cursor.mailboxId())));
        item.put("scanId", DynamoItems.s(cursor.scanId()));
        item.put("mailboxId", DynamoItems.s(cursor.mailboxId()));
        item.put("address", DynamoItems.s(cursor.address()));
        item.put("displayName", DynamoItems.s(cursor.displayName()));
        item.put("state", DynamoItems.s(cursor.state().name()));
        item.put("position", DynamoItems.s(cursor.position().toString()));
        item.put("seen", seenValue(cursor.seen()));
        item.put("version", DynamoItems.n(cursor.version()));
        item.put("enqueuedVersion", DynamoItems.n(cursor.enqueuedVersion()));
        item.put("messagesScanned", DynamoItems.n(cursor.messagesScanned()));
        item.put("messagesEstimated", DynamoItems.n(cursor.messagesEstimated()));
        item.put("excludedFolderId", DynamoItems.s(cursor.excludedFolderId()));
        DynamoItems.putIfPresent(item, "skipReason", cursor.skipReason());
        return item;
    }

    static MailboxCursor cursorFrom(Map<String, AttributeValue> item) {
        Map<String, Instant> seen = new HashMap<>();
        AttributeValue seenValue = item.get("seen");
        if (seenValue != null && seenValue.hasM()) {
            seenValue.m().forEach((id, at) -> seen.put(id, Instant.parse(at.s())));
        }
        String reason = DynamoItems.string(item, "skipReason");
        return new MailboxCursor(item.get(PK).s(), item.get("scanId").s(), item.get("mailboxId").s(),
                DynamoItems.string(item, "address"), DynamoItems.string(item, "displayName"),
                CursorState.valueOf(item.get("state").s()), Instant.parse(item.get("position").s()), seen,
                DynamoItems.number(item, "version"), DynamoItems.number(item, "enqueuedVersion", -1),
                DynamoItems.number(item, "messagesScanned"), DynamoItems.number(item, "messagesEstimated", -1),
                reason == null || reason.isEmpty() ? null : reason, DynamoItems.string(item, "excludedFolderId"));
    }

    private static AttributeValue seenValue(Map<String, Instant> seen) {
        Map<String, AttributeValue> map = new HashMap<>();
        seen.forEach((id, at) -> map.put(id, DynamoItems.s(at.toString())));
        return AttributeValue.fromM(map);
    }
}
