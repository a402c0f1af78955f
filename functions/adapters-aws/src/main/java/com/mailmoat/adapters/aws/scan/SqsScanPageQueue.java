package com.mailmoat.adapters.aws.scan;

import com.mailmoat.core.scan.ScanPageQueue;
import com.mailmoat.core.scan.ScanPageWork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The scan-chunks queue: page work items, sent ten to a request.
 *
 * <p>On a FIFO queue (URL ending in {@code .fifo}) every item goes to the message group
 * {@code <accountId>#<slot>}, slot = hash(mailbox) mod {@code slotsPerTenant}. SQS hands out one
 * group's messages one at a time, in order, so a tenant never has more than {@code slotsPerTenant}
 * pages in flight however many tenants scan at once and however far Lambda scales (each page keeps
 * to Microsoft's four requests per mailbox, and a mailbox is always in the same slot, so two of its
 * pages never overlap). An account is connected to exactly one tenant (tenant claims are unique),
 * so the account id names the tenant's groups. The deduplication id is the page itself (account,
 * scan, mailbox, cursor version): a page queued twice within SQS's five-minute window, e.g. by a
 * redelivered item recovering a lost enqueue, is dropped by SQS, and the version check drops it later.
 */
public final class SqsScanPageQueue implements ScanPageQueue {
    /** SQS's largest message delay. */
    private static final long MAX_DELAY_SECONDS = 900;

    private final SqsClient sqs;
    private final String queueUrl;
    private final boolean fifo;
    private final int slotsPerTenant;

    /** A standard queue, or a FIFO queue with four slots per tenant. */
    public SqsScanPageQueue(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, 4);
    }

    /** @param slotsPerTenant pages of one tenant in flight at most (FIFO queues only), 1..1000 */
    public SqsScanPageQueue(SqsClient sqs, String queueUrl, int slotsPerTenant) {
        if (slotsPerTenant < 1 || slotsPerTenant > 1000) {
            throw new IllegalArgumentException("slotsPerTenant must be 1..1000, was " + slotsPerTenant);
        }
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.fifo = queueUrl.endsWith(".fifo");
        this.slotsPerTenant = slotsPerTenant;
    }

    /** The message group of a page: its tenant's slot for the mailbox. */
    public static String messageGroup(ScanPageWork work, int slotsPerTenant) {
        return work.accountId() + "#" + Math.floorMod(work.mailboxId().hashCode(), slotsPerTenant);
    }

    /** The deduplication id of a page (at most 128 characters, as SQS requires). */
    public static String deduplicationId(ScanPageWork work) {
        String page = work.accountId() + "|" + work.scanId() + "|" + work.mailboxId() + "|" + work.version();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(page.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void enqueue(List<ScanPageWork> work) {
        for (int from = 0; from < work.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (ScanPageWork item : work.subList(from, Math.min(work.size(), from + 10))) {
                SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
                        .id(String.valueOf(entries.size())).messageBody(ScanMessages.PAGES.encode(item));
                if (fifo) {
                    entry.messageGroupId(messageGroup(item, slotsPerTenant)).messageDeduplicationId(deduplicationId(item));
                }
                entries.add(entry.build());
            }
            List<BatchResultErrorEntry> failed = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed();
            if (!failed.isEmpty()) {
                // The caller's retry re-queues the batch; duplicates are dropped by the page version check.
                throw new IllegalStateException(failed.size() + " scan pages could not be queued: " + failed.get(0).code());
            }
        }
    }

    /** On a FIFO queue, which has no per-message delay, the item is queued at once. */
    @Override
    public void enqueueDelayed(ScanPageWork work, Duration delay) {
        if (fifo) {
            enqueue(List.of(work));
            return;
        }
        int seconds = (int) Math.min(MAX_DELAY_SECONDS, Math.max(0, (delay.toMillis() + 999) / 1000));
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(ScanMessages.PAGES.encode(work)).delaySeconds(seconds));
    }
}
