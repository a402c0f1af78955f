package com.mailmoat.remediation;

import com.mailmoat.adapters.aws.learning.LearningMessages;
import com.mailmoat.core.learning.Learner;
import com.mailmoat.core.learning.LearningWork;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the learning queue: each message is one administrator's verdict on one message, which
 * the account's model learns (Microsoft's throttling waits on the queue). Logs ids and outcomes,
 * never the message.
 */
public final class LearningHandler extends SqsBatchHandler<LearningWork> {
    private static final Logger LOG = LoggerFactory.getLogger(LearningHandler.class);

    private final Learner learner;

    public LearningHandler() {
        this(LearningWiring.instance());
    }

    private LearningHandler(LearningWiring wiring) {
        this(wiring.learner, wiring.queues);
    }

    public LearningHandler(Learner learner, QueueControl queues) {
        super(LearningMessages.CODEC, queues);
        this.learner = learner;
    }

    @Override
    protected Outcome consume(LearningWork work, Delivery delivery) {
        Learner.Outcome outcome = learner.process(work);
        if (outcome instanceof Learner.Outcome.RetryAfter retry) {
            LOG.info("Account {} verdict {}: retry in {} ms ({})", work.accountId(), work.key(), retry.delay().toMillis(),
                    retry.note());
            return Outcome.retryAfter(retry.delay());
        }
        LOG.info("Account {} verdict {}: {}", work.accountId(), work.key(), ((Learner.Outcome.Done) outcome).note());
        return Outcome.done();
    }
}
