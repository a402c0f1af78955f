package com.mailmoat.scanstart;

import com.mailmoat.adapters.aws.scan.ScanMessages;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.core.scan.ScanRequest;
import com.mailmoat.core.scan.ScanStarter;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumes the scan-start queue: each request starts (or joins) the account's Threat Scan. */
public final class ScanStartHandler extends SqsBatchHandler<ScanRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ScanStartHandler.class);
    static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(15);

    private final ScanStarter starter;
    private final Duration unavailableRetry;

    public ScanStartHandler() {
        this(ScanStartWiring.instance());
    }

    private ScanStartHandler(ScanStartWiring wiring) {
        this(wiring.starter, wiring.queues, wiring.unavailableRetry);
    }

    public ScanStartHandler(ScanStarter starter, QueueControl queues) {
        this(starter, queues, UNAVAILABLE_RETRY);
    }

    /** @param unavailableRetry how long a request waits on the queue after Microsoft was unavailable */
    public ScanStartHandler(ScanStarter starter, QueueControl queues, Duration unavailableRetry) {
        super(ScanMessages.REQUESTS, queues);
        this.starter = starter;
        this.unavailableRetry = unavailableRetry;
    }

    @Override
    protected Outcome consume(ScanRequest request, Delivery delivery) {
        try {
            ScanStarter.Outcome outcome = starter.start(request);
            LOG.info("{} scan request of account {}: {}", request.kind(), request.accountId(), outcome);
            return Outcome.done();
        } catch (MicrosoftThrottledException e) {
            return Outcome.retryAfter(e.retryAfter());
        } catch (MicrosoftUnavailableException e) {
            return Outcome.retryAfter(unavailableRetry);
        } catch (MicrosoftAccessDeniedException e) {
            // Consent was revoked or never completed: retrying cannot help until the admin consents again.
            LOG.warn("Scan of account {} cannot start: Microsoft denied access ({})", request.accountId(), e.errorCode());
            return Outcome.done();
        }
    }
}
