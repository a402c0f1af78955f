package com.mailmoat.scanchunk;

import com.mailmoat.adapters.aws.scan.ScanMessages;
import com.mailmoat.core.scan.ScanPageProcessor;
import com.mailmoat.core.scan.ScanPageWork;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumes the scan-chunks queue: each message is the next page of one mailbox of a running scan. */
public final class ScanChunkHandler extends SqsBatchHandler<ScanPageWork> {
    private static final Logger LOG = LoggerFactory.getLogger(ScanChunkHandler.class);

    private final ScanPageProcessor pages;
    private final int pagesAtOnce;

    public ScanChunkHandler() {
        this(ScanChunkWiring.instance());
    }

    private ScanChunkHandler(ScanChunkWiring wiring) {
        this(wiring.processor, wiring.queues, wiring.pagesAtOnce);
    }

    public ScanChunkHandler(ScanPageProcessor pages, QueueControl queues) {
        this(pages, queues, 1);
    }

    /**
     * @param pagesAtOnce pages of one batch read side by side (different mailboxes: different FIFO message
     *                    groups or slots; one slot's pages always one after another)
     */
    public ScanChunkHandler(ScanPageProcessor pages, QueueControl queues, int pagesAtOnce) {
        super(ScanMessages.PAGES, queues);
        this.pages = pages;
        this.pagesAtOnce = pagesAtOnce;
    }

    /** A page spends most of its time waiting on Graph (4 requests at a time per mailbox): read several at once. */
    @Override
    protected int concurrency() {
        return pagesAtOnce;
    }

    @Override
    protected Outcome consume(ScanPageWork work, Delivery delivery) {
        ScanPageProcessor.Outcome outcome = pages.process(work);
        if (outcome instanceof ScanPageProcessor.Outcome.RetryAfter retry) {
            LOG.info("Scan {} mailbox {} page {}: Microsoft asked to wait {} ms", work.scanId(), work.mailboxId(),
                    work.version(), retry.delay().toMillis());
            return Outcome.retryAfter(retry.delay());
        }
        LOG.info("Scan {} mailbox {} page {}: {}", work.scanId(), work.mailboxId(), work.version(),
                ((ScanPageProcessor.Outcome.Done) outcome).note());
        return Outcome.done();
    }

    /** A page that failed every time: its mailbox is skipped with the reason, so the scan can finish. */
    @Override
    protected boolean giveUp(ScanPageWork work, Delivery delivery) {
        ScanPageProcessor.Outcome outcome = pages.giveUp(work, delivery.receiveCount());
        LOG.warn("Scan {} mailbox {} page {}: {}", work.scanId(), work.mailboxId(), work.version(),
                ((ScanPageProcessor.Outcome.Done) outcome).note());
        return true;
    }
}
