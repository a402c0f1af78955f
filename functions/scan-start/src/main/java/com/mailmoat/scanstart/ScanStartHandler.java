package com.mailmoat.scanstart;

import com.mailmoat.adapters.aws.scan.ScanMessages;
import com.mailmoat.core.scan.ScanRequest;
import com.mailmoat.core.scan.ScanStarter;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumes the scan-start queue: each request starts (or joins) the account's Threat Scan. */
public final class ScanStartHandler extends SqsBatchHandler<ScanRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ScanStartHandler.class);

    private final ScanStarter starter;

    public ScanStartHandler() {
        this(ScanStartWiring.instance());
    }

    private ScanStartHandler(ScanStartWiring wiring) {
        this(wiring.starter, wiring.queues);
    }

    public ScanStartHandler(ScanStarter starter, QueueControl queues) {
        super(ScanMessages.REQUESTS, queues);
        this.starter = starter;
    }

    @Override
    protected Outcome consume(ScanRequest request, Delivery delivery) {
        // A refusal by Microsoft (consent removed) is an outcome too: retrying cannot help, the owner is told.
        ScanStarter.Outcome outcome = starter.start(request);
        LOG.info("{} scan request of account {}: {}", request.kind(), request.accountId(), outcome);
        return Outcome.done();
    }
}
