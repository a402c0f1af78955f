package com.mailmoat.adapters.aws.remediation;

import com.mailmoat.adapters.aws.DynamoItems;
import com.mailmoat.adapters.aws.detection.DynamoDetectionRepository;
import com.mailmoat.core.remediation.ItemOutcome;
import com.mailmoat.core.remediation.ItemResult;
import com.mailmoat.core.remediation.JobStatus;
import com.mailmoat.core.remediation.RemediationAction;
import com.mailmoat.core.remediation.RemediationFailure;
import com.mailmoat.core.remediation.RemediationJob;
import com.mailmoat.core.remediation.RemediationRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Remediation jobs in the Jobs table (partition = account): the job ({@code RJOB#<jobId>}, with
 * its counters), one item per message outcome ({@code RITEM#<jobId>#<detectionId>}), the claim of
 * each running job's selection ({@code RCLAIM#<action>#<selection>}), each
 * mailbox's quarantine folder ({@code QFOLDER#<mailboxId>}) and whether its users could see that folder
 * when Mailmoat last looked ({@code QSEEN#<mailboxId>}). The per-detection lock and audit
 * trail live on the detection's own item in the Detections table ({@code lockJob},
 * {@code lockUntil}, {@code moveAttemptedAt}, {@code history}, {@code currentFolderId},
 * {@code messageGone}).
 *
 * <p>{@link #record} is one transaction over both tables: the outcome item is written only if it
 * does not exist yet, the job's counter grows by one, and the detection changes and is unlocked
 * only if this job still holds it. A redelivered item therefore changes nothing twice.
 */
public final class DynamoRemediationRepository implements RemediationRepository {
    private static final String PK = "accountId";
    private static final String SK = "sk";
    private static final String JOB = "RJOB#";
    private static final String ITEM = "RITEM#";
    private static final String FOLDER = "QFOLDER#";
    private static final String SEEN = "QSEEN#";
    /** A selection claimed by a running job: {@code RCLAIM#<action>#<selection>} holds the job id. */
    private static final String CLAIM = "RCLAIM#";
    /** On a job item: the selection key it claimed, so completing it can let go of the claim. */
    private static final String CLAIM_ATTRIBUTE = "selectionClaim";

    private final DynamoDbClient dynamo;
    private final String jobsTable;
    private final String detectionsTable;

    public DynamoRemediationRepository(DynamoDbClient dynamo, String jobsTable, String detectionsTable) {
        this.dynamo = dynamo;
        this.jobsTable = jobsTable;
        this.detectionsTable = detectionsTable;
    }

    @Override
    public void create(RemediationJob job) {
        dynamo.putItem(r -> r.tableName(jobsTable).item(toItem(job))
                .conditionExpression("attribute_not_exists(#sk)")
                .expressionAttributeNames(Map.of("#sk", SK)));
    }

    @Override
    public Optional<String> createClaiming(RemediationJob job, String selectionKey, String staleHolder) {
        Map<String, AttributeValue> jobItem = toItem(job);
        jobItem.put(CLAIM_ATTRIBUTE, DynamoItems.s(selectionKey));
        Map<String, AttributeValue> claim = new HashMap<>(key(job.accountId(), CLAIM + selectionKey));
        claim.put("jobId", DynamoItems.s(job.jobId()));
        claim.put("claimedAt", DynamoItems.s(job.createdAt().toString()));
        Put.Builder claimPut = Put.builder().tableName(jobsTable).item(claim)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .expressionAttributeNames(Map.of("#sk", SK));
        if (staleHolder == null) {
            claimPut.conditionExpression("attribute_not_exists(#sk)");
        } else {
            claimPut.conditionExpression("attribute_not_exists(#sk) OR jobId = :stale")
                    .expressionAttributeValues(Map.of(":stale", DynamoItems.s(staleHolder)));
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(jobsTable).item(jobItem)
                            .conditionExpression("attribute_not_exists(#sk)")
                            .expressionAttributeNames(Map.of("#sk", SK)).build()).build(),
                    TransactWriteItem.builder().put(claimPut.build()).build()));
            return Optional.empty();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (!failed(reasons, 1)) {
                throw e;
            }
            Map<String, AttributeValue> holder = reasons.get(1).item();
            if (holder == null || !holder.containsKey("jobId")) {
                holder = dynamo.getItem(r -> r.tableName(jobsTable).consistentRead(true)
                        .key(key(job.accountId(), CLAIM + selectionKey))).item();
            }
            if (holder == null || !holder.containsKey("jobId")) {
                // Let go of in between: the caller asks again.
                return Optional.of("");
            }
            return Optional.of(holder.get("jobId").s());
        }
    }

    @Override
    public Optional<RemediationJob> find(String accountId, String jobId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(jobsTable).consistentRead(true)
                .key(key(accountId, JOB + jobId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public List<RemediationJob> recent(String accountId, int limit) {
        return dynamo.query(r -> r.tableName(jobsTable)
                        .keyConditionExpression("#pk = :a AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId), ":prefix", DynamoItems.s(JOB)))
                        .scanIndexForward(false).limit(limit))
                .items().stream().map(DynamoRemediationRepository::fromItem).toList();
    }

    @Override
    public List<RemediationFailure> failures(String accountId, String jobId, int limit) {
        return filteredUnder(accountId, ITEM + jobId + "#", "outcome = :v", DynamoItems.s(ItemOutcome.FAILED.name()), limit)
                .map(item -> new RemediationFailure(DynamoItems.string(item, "detectionId"),
                        DynamoItems.string(item, "mailbox"), DynamoItems.string(item, "subject"),
                        DynamoItems.string(item, "reason")))
                .toList();
    }

    /** The first {@code limit} items under {@code prefix} that pass {@code filter} (whose one value is {@code :v}), across pages. */
    private Stream<Map<String, AttributeValue>> filteredUnder(String accountId, String prefix, String filter,
                                                       AttributeValue value, int limit) {
        return dynamo.queryPaginator(r -> r.tableName(jobsTable)
                        .keyConditionExpression("#pk = :a AND begins_with(#sk, :prefix)")
                        .filterExpression(filter)
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":a", DynamoItems.s(accountId), ":prefix", DynamoItems.s(prefix),
                                ":v", value)))
                .items().stream().limit(limit);
    }

    @Override
    public boolean isRecorded(String accountId, String jobId, String detectionId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(jobsTable).consistentRead(true)
                .key(key(accountId, ITEM + jobId + "#" + detectionId))).item();
        return item != null && item.containsKey("outcome");
    }

    @Override
    public Lock lock(String accountId, String detectionId, String jobId, Instant now, Duration lease) {
        try {
            Map<String, AttributeValue> detection = dynamo.updateItem(r -> r.tableName(detectionsTable)
                    .key(detectionKey(accountId, detectionId))
                    .updateExpression("SET lockJob = :job, lockUntil = :until")
                    .conditionExpression("attribute_exists(detectionId) AND (attribute_not_exists(lockJob) "
                            + "OR lockJob = :job OR lockUntil < :now)")
                    .expressionAttributeValues(Map.of(":job", DynamoItems.s(jobId),
                            ":until", DynamoItems.epochSeconds(now.plus(lease)), ":now", DynamoItems.epochSeconds(now)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            return new Lock.Acquired(DynamoDetectionRepository.fromItem(detection), detection.containsKey("moveAttemptedAt"));
        } catch (ConditionalCheckFailedException e) {
            return e.item() == null || e.item().isEmpty() ? new Lock.Missing() : new Lock.Busy();
        }
    }

    @Override
    public void markMoveAttempted(String accountId, String detectionId, String jobId, Instant at) {
        try {
            dynamo.updateItem(r -> r.tableName(detectionsTable).key(detectionKey(accountId, detectionId))
                    .updateExpression("SET moveAttemptedAt = :at, moveAttemptedBy = :job")
                    .conditionExpression("lockJob = :job")
                    .expressionAttributeValues(Map.of(":at", DynamoItems.s(at.toString()), ":job", DynamoItems.s(jobId))));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("Job " + jobId + " no longer holds detection " + detectionId, e);
        }
    }

    @Override
    public boolean record(ItemResult result) {
        Instant at = result.event().at();
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> itemValues = new HashMap<>();
        itemValues.put(":outcome", DynamoItems.s(result.outcome().name()));
        itemValues.put(":reason", DynamoItems.s(result.reason()));
        itemValues.put(":mailbox", DynamoItems.s(result.mailbox()));
        itemValues.put(":subject", DynamoItems.s(result.subject()));
        itemValues.put(":detectionId", DynamoItems.s(result.detectionId()));
        itemValues.put(":at", DynamoItems.s(at.toString()));
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(jobsTable)
                .key(key(result.accountId(), ITEM + result.jobId() + "#" + result.detectionId()))
                .updateExpression("SET outcome = :outcome, reason = :reason, mailbox = :mailbox, subject = :subject, "
                        + "detectionId = :detectionId, recordedAt = :at")
                .conditionExpression("attribute_not_exists(outcome)")
                .expressionAttributeValues(itemValues).build()).build());
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(jobsTable)
                .key(key(result.accountId(), JOB + result.jobId()))
                .updateExpression("ADD " + counter(result.outcome()) + " :one")
                .conditionExpression("attribute_exists(#sk)")
                .expressionAttributeNames(Map.of("#sk", SK))
                .expressionAttributeValues(Map.of(":one", DynamoItems.n(1))).build()).build());
        if (result.detectionExists()) {
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            List<String> sets = new ArrayList<>();
            sets.add("history = list_append(if_not_exists(history, :empty), :event)");
            values.put(":empty", AttributeValue.fromL(List.of()));
            values.put(":event", AttributeValue.fromL(List.of(DynamoDetectionRepository.event(result.event()))));
            values.put(":job", DynamoItems.s(result.jobId()));
            if (result.newStatus() != null) {
                sets.add("#status = :status");
                names.put("#status", "status");
                values.put(":status", DynamoItems.s(result.newStatus().name()));
            }
            if (result.folderId() != null) {
                sets.add("currentFolderId = :folder");
                values.put(":folder", DynamoItems.s(result.folderId()));
            }
            if (result.messageGone()) {
                sets.add("messageGone = :gone");
                values.put(":gone", AttributeValue.fromBool(true));
            }
            Update.Builder detection = Update.builder().tableName(detectionsTable)
                    .key(detectionKey(result.accountId(), result.detectionId()))
                    .updateExpression("SET " + String.join(", ", sets)
                            + " REMOVE lockJob, lockUntil, moveAttemptedAt, moveAttemptedBy")
                    .conditionExpression("lockJob = :job")
                    .expressionAttributeValues(values);
            if (!names.isEmpty()) {
                detection.expressionAttributeNames(names);
            }
            writes.add(TransactWriteItem.builder().update(detection.build()).build());
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (failed(reasons, 0)) {
                // Recorded before: let go of a lock this job may have taken again since.
                unlock(result.accountId(), result.detectionId(), result.jobId());
                return false;
            }
            if (failed(reasons, 1)) {
                throw new IllegalStateException("Job " + result.jobId() + " does not exist", e);
            }
            if (failed(reasons, 2)) {
                throw new IllegalStateException("Job " + result.jobId() + " no longer holds detection "
                        + result.detectionId() + "; the item is retried", e);
            }
            throw e;
        }
    }

    private void unlock(String accountId, String detectionId, String jobId) {
        try {
            dynamo.updateItem(r -> r.tableName(detectionsTable).key(detectionKey(accountId, detectionId))
                    .updateExpression("REMOVE lockJob, lockUntil")
                    .conditionExpression("lockJob = :job")
                    .expressionAttributeValues(Map.of(":job", DynamoItems.s(jobId))));
        } catch (ConditionalCheckFailedException e) {
            // Not ours (any more): nothing to release.
        }
    }

    @Override
    public boolean complete(String accountId, String jobId, Instant at) {
        Map<String, AttributeValue> completed;
        try {
            completed = dynamo.updateItem(r -> r.tableName(jobsTable).key(key(accountId, JOB + jobId))
                    .updateExpression("SET #status = :completed, finishedAt = :at")
                    .conditionExpression("#status = :running")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":completed", DynamoItems.s(JobStatus.COMPLETED.name()),
                            ":running", DynamoItems.s(JobStatus.RUNNING.name()), ":at", DynamoItems.s(at.toString())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
        String claimed = completed == null ? null : DynamoItems.string(completed, CLAIM_ATTRIBUTE);
        if (claimed != null) {
            try {
                // Only this job's claim: a newer job may have taken it over already.
                dynamo.deleteItem(r -> r.tableName(jobsTable).key(key(accountId, CLAIM + claimed))
                        .conditionExpression("jobId = :job")
                        .expressionAttributeValues(Map.of(":job", DynamoItems.s(jobId))));
            } catch (ConditionalCheckFailedException e) {
                // Taken over since: not ours to delete. A claim left by a crash here is taken over too.
            }
        }
        return true;
    }

    @Override
    public void markNotified(String accountId, String jobId, Instant at) {
        dynamo.updateItem(r -> r.tableName(jobsTable).key(key(accountId, JOB + jobId))
                .updateExpression("SET notifiedAt = if_not_exists(notifiedAt, :at)")
                .conditionExpression("attribute_exists(#sk)")
                .expressionAttributeNames(Map.of("#sk", SK))
                .expressionAttributeValues(Map.of(":at", DynamoItems.s(at.toString()))));
    }

    @Override
    public Optional<String> quarantineFolder(String accountId, String mailboxId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(jobsTable).consistentRead(true)
                .key(key(accountId, FOLDER + mailboxId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(DynamoItems.string(item, "folderId"));
    }

    @Override
    public void rememberQuarantineFolder(String accountId, String mailboxId, String folderId) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, FOLDER + mailboxId));
        item.put("folderId", DynamoItems.s(folderId));
        dynamo.putItem(r -> r.tableName(jobsTable).item(item));
    }

    @Override
    public void forgetQuarantineFolder(String accountId, String mailboxId) {
        dynamo.deleteItem(r -> r.tableName(jobsTable).key(key(accountId, FOLDER + mailboxId)));
    }

    /** One put per look (a scan looks once per mailbox): the latest look wins. */
    @Override
    public void sawQuarantineFolder(String accountId, String mailboxId, String mailbox, boolean visible, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, SEEN + mailboxId));
        item.put("mailboxId", DynamoItems.s(mailboxId));
        item.put("mailbox", DynamoItems.s(mailbox == null ? "" : mailbox));
        item.put("visible", AttributeValue.fromBool(visible));
        item.put("seenAt", DynamoItems.s(at.toString()));
        dynamo.putItem(r -> r.tableName(jobsTable).item(item));
    }

    @Override
    public List<VisibleFolder> visibleQuarantineFolders(String accountId, int limit) {
        return filteredUnder(accountId, SEEN, "visible = :v", AttributeValue.fromBool(true), limit)
                .map(item -> new VisibleFolder(DynamoItems.string(item, "mailboxId"), DynamoItems.string(item, "mailbox"),
                        DynamoItems.instant(item, "seenAt")))
                .toList();
    }

    private static String counter(ItemOutcome outcome) {
        return switch (outcome) {
            case DONE -> "done";
            case ALREADY_GONE -> "alreadyGone";
            case FAILED -> "failed";
            case ALREADY_DONE -> "alreadyDone";
        };
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static Map<String, AttributeValue> key(String accountId, String sk) {
        return Map.of(PK, DynamoItems.s(accountId), SK, DynamoItems.s(sk));
    }

    private static Map<String, AttributeValue> detectionKey(String accountId, String detectionId) {
        return Map.of(PK, DynamoItems.s(accountId), "detectionId", DynamoItems.s(detectionId));
    }

    static Map<String, AttributeValue> toItem(RemediationJob job) {
        Map<String, AttributeValue> item = new HashMap<>(key(job.accountId(), JOB + job.jobId()));
        item.put("jobId", DynamoItems.s(job.jobId()));
        item.put("action", DynamoItems.s(job.action().name()));
        item.put("status", DynamoItems.s(job.status().name()));
        item.put("tenantId", DynamoItems.s(job.tenantId()));
        item.put("requestedBy", DynamoItems.s(job.requestedBy()));
        DynamoItems.putIfPresent(item, "recipient", job.recipient());
        DynamoItems.putIfPresent(item, "scanId", job.scanId());
        item.put("total", DynamoItems.n(job.total()));
        item.put("done", DynamoItems.n(job.done()));
        item.put("alreadyGone", DynamoItems.n(job.alreadyGone()));
        item.put("failed", DynamoItems.n(job.failed()));
        item.put("alreadyDone", DynamoItems.n(job.alreadyDone()));
        item.put("createdAt", DynamoItems.s(job.createdAt().toString()));
        DynamoItems.putIfPresent(item, "finishedAt", job.finishedAt());
        DynamoItems.putIfPresent(item, "notifiedAt", job.notifiedAt());
        if (job.allInQuarantine()) {
            item.put("allInQuarantine", AttributeValue.fromBool(true));
            item.put("moreInQuarantine", AttributeValue.fromBool(job.moreInQuarantine()));
        }
        return item;
    }

    static RemediationJob fromItem(Map<String, AttributeValue> item) {
        return new RemediationJob(item.get(PK).s(), item.get("jobId").s(),
                RemediationAction.valueOf(item.get("action").s()), JobStatus.valueOf(item.get("status").s()),
                item.get("tenantId").s(), DynamoItems.string(item, "requestedBy"), DynamoItems.string(item, "recipient"),
                DynamoItems.string(item, "scanId"), (int) DynamoItems.number(item, "total"),
                (int) DynamoItems.number(item, "done"), (int) DynamoItems.number(item, "alreadyGone"),
                (int) DynamoItems.number(item, "failed"), (int) DynamoItems.number(item, "alreadyDone"),
                DynamoItems.instant(item, "createdAt"),
                DynamoItems.instant(item, "finishedAt"), DynamoItems.instant(item, "notifiedAt"),
                flag(item, "allInQuarantine"), flag(item, "moreInQuarantine"));
    }

    private static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }
}
