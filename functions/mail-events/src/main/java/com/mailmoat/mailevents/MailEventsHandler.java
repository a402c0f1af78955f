package com.mailmoat.mailevents;

import com.mailmoat.adapters.aws.realtime.RealTimeMessages;
import com.mailmoat.core.realtime.MailEvent;
import com.mailmoat.core.realtime.RealTimeCheck;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumes the mail-events queue: each message is one new message to check as it arrives. */
public final class MailEventsHandler extends SqsBatchHandler<MailEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(MailEventsHandler.class);

    private final RealTimeCheck check;

    public MailEventsHandler() {
        this(MailEventsWiring.checks());
    }

    private MailEventsHandler(MailEventsWiring.Checks wiring) {
        this(wiring.check, wiring.queues, wiring.workers);
    }

    public MailEventsHandler(RealTimeCheck check, QueueControl queues) {
        this(check, queues, null);
    }

    /**
     * @param workers check a batch's messages concurrently on these threads (each check mostly waits
     *                on Graph and DynamoDB), or null for one after another
     */
    public MailEventsHandler(RealTimeCheck check, QueueControl queues, ExecutorService workers) {
        super(RealTimeMessages.MAIL_EVENTS, queues, workers);
        this.check = check;
    }

    @Override
    protected Outcome consume(MailEvent event, Delivery delivery) {
        RealTimeCheck.Outcome outcome = check.check(event);
        if (outcome instanceof RealTimeCheck.Outcome.RetryAfter retry) {
            LOG.info("Mail event of mailbox {}: retried in {} ms", event.mailboxId(), retry.delay().toMillis());
            return Outcome.retryAfter(retry.delay());
        }
        LOG.info("Mail event of mailbox {}: {}", event.mailboxId(), ((RealTimeCheck.Outcome.Done) outcome).note());
        return Outcome.done();
    }
}
