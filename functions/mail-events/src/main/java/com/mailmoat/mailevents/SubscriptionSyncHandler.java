package com.mailmoat.mailevents;

import com.mailmoat.adapters.aws.realtime.RealTimeMessages;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.core.realtime.CatchUp;
import com.mailmoat.core.realtime.SubscriptionService;
import com.mailmoat.core.realtime.SubscriptionUpkeep;
import com.mailmoat.core.realtime.SyncRequest;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import java.time.Duration;
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

    static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(15);

    private final SubscriptionUpkeep upkeep;
    private final Duration unavailableRetry;

    public SubscriptionSyncHandler() {
        this(MailEventsWiring.subscriptions());
    }

    private SubscriptionSyncHandler(MailEventsWiring.Subscriptions wiring) {
        this(wiring.upkeep, wiring.queues, wiring.unavailableRetry);
    }

    public SubscriptionSyncHandler(SubscriptionUpkeep upkeep, QueueControl queues) {
        this(upkeep, queues, UNAVAILABLE_RETRY);
    }

    /** @param unavailableRetry how long a sync waits on the queue after Microsoft was unavailable */
    public SubscriptionSyncHandler(SubscriptionUpkeep upkeep, QueueControl queues, Duration unavailableRetry) {
        super(RealTimeMessages.SYNC_REQUESTS, queues);
        this.upkeep = upkeep;
        this.unavailableRetry = unavailableRetry;
    }

    @Override
    protected Outcome consume(SyncRequest request, Delivery delivery) {
        try {
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
        } catch (MicrosoftThrottledException e) {
            return Outcome.retryAfter(e.retryAfter());
        } catch (MicrosoftUnavailableException e) {
            return Outcome.retryAfter(unavailableRetry);
        }
    }
}
