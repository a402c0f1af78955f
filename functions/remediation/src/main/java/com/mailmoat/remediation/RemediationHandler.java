package com.mailmoat.remediation;

import com.mailmoat.adapters.aws.remediation.RemediationMessages;
import com.mailmoat.core.remediation.RemediationWork;
import com.mailmoat.core.remediation.RemediationWorker;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the remediation queue: each message is one message (detection) of a remove or release
 * job. Moves happen exactly once however often SQS hands an item over; Microsoft's throttling and
 * outages wait on the queue.
 */
public final class RemediationHandler extends SqsBatchHandler<RemediationWork> {
    private static final Logger LOG = LoggerFactory.getLogger(RemediationHandler.class);

    private final RemediationWorker worker;

    public RemediationHandler() {
        this(RemediationWiring.instance());
    }

    private RemediationHandler(RemediationWiring wiring) {
        this(wiring.worker, wiring.queues);
    }

    public RemediationHandler(RemediationWorker worker, QueueControl queues) {
        super(RemediationMessages.CODEC, queues);
        this.worker = worker;
    }

    @Override
    protected Outcome consume(RemediationWork work, Delivery delivery) {
        RemediationWorker.Outcome outcome = worker.process(work);
        if (outcome instanceof RemediationWorker.Outcome.RetryAfter retry) {
            LOG.info("Job {} detection {}: retry in {} ms ({})", work.jobId(), work.detectionId(),
                    retry.delay().toMillis(), retry.note());
            return Outcome.retryAfter(retry.delay());
        }
        LOG.info("Job {} detection {}: {}", work.jobId(), work.detectionId(),
                ((RemediationWorker.Outcome.Done) outcome).note());
        return Outcome.done();
    }

    /** The last receive failed too: record the failure so the job completes, rather than leave it running forever. */
    @Override
    protected boolean giveUp(RemediationWork work, Delivery delivery) {
        worker.giveUp(work, "Mailmoat could not complete this move after several attempts; try again later.");
        return true;
    }
}
