package com.mailmoat.mailevents;

import com.mailmoat.adapters.aws.realtime.RealTimeMessages;
import com.mailmoat.core.realtime.CatchUp;
import com.mailmoat.core.realtime.SubscriptionService;
import com.mailmoat.core.realtime.SubscriptionUpkeep;
import com.mailmoat.core.realtime.SyncRequest;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the subscription-sync queue: brings one account's Graph mail subscriptions in step
 * (mode changes, the renewal schedule), renews one that Graph asked to reauthorize, re-creates one
 * Graph removed; then catches up by delta on mail whose notification never came (also alone: Graph's
 * {@code missed} and the catch-up schedule).
 */
public final class SubscriptionSyncHandler extends SqsBatchHandler<SyncRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionSyncHandler.class);

    private final SubscriptionUpkeep upkeep;

    public SubscriptionSyncHandler() {
        this(MailEventsWiring.subscriptions());
    }

    private SubscriptionSyncHandler(MailEventsWiring.Subscriptions wiring) {
        this(wiring.upkeep, wiring.queues);
    }

    public SubscriptionSyncHandler(SubscriptionUpkeep upkeep, QueueControl queues) {
        super(RealTimeMessages.SYNC_REQUESTS, queues);
        this.upkeep = upkeep;
    }

    @Override
    protected Outcome consume(SyncRequest request, Delivery delivery) {
        SubscriptionUpkeep.Result result = upkeep.handle(request);
        SubscriptionService.SyncReport report = result.sync();
        if (report != null) {
            LOG.info("Subscriptions of account {} ({}): {} created, {} renewed, {} deleted, {} kept{}", request.accountId(),
                    request.reason(), report.result().created(), report.result().renewed(), report.result().deleted(),
                    report.kept(), report.problems().isEmpty() ? "" : "; not done: " + report.problems());
        }
        CatchUp.Report caught = result.catchUp();
        LOG.info("Catch-up of account {} ({}): {} mailboxes, {} messages queued, {} delta links reset, {} Graph requests{}",
                request.accountId(), request.reason(), caught.mailboxes(), caught.queued(), caught.resets(),
                caught.requests(), caught.problems().isEmpty() ? "" : "; not done: " + caught.problems());
        return Outcome.done();
    }
}
