package com.mailmoat.mailevents;

import com.mailmoat.adapters.aws.realtime.RealTimeMessages;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.core.realtime.SubscriptionService;
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
 * Graph removed.
 */
public final class SubscriptionSyncHandler extends SqsBatchHandler<SyncRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionSyncHandler.class);

    private final SubscriptionService subscriptions;

    public SubscriptionSyncHandler() {
        this(MailEventsWiring.subscriptions());
    }

    private SubscriptionSyncHandler(MailEventsWiring.Subscriptions wiring) {
        this(wiring.service, wiring.queues);
    }

    public SubscriptionSyncHandler(SubscriptionService subscriptions, QueueControl queues) {
        super(RealTimeMessages.SYNC_REQUESTS, queues);
        this.subscriptions = subscriptions;
    }

    @Override
    protected Outcome consume(SyncRequest request, Delivery delivery) {
        try {
            SubscriptionService.SyncReport report = switch (request.reason()) {
                case REAUTHORIZATION_REQUIRED -> request.subscriptionId() == null ? subscriptions.syncReport(request.accountId())
                        : subscriptions.reauthorize(request.accountId(), request.subscriptionId());
                case SUBSCRIPTION_REMOVED -> request.subscriptionId() == null ? subscriptions.syncReport(request.accountId())
                        : subscriptions.removedByMicrosoft(request.accountId(), request.subscriptionId());
                default -> subscriptions.syncReport(request.accountId());
            };
            LOG.info("Subscriptions of account {} ({}): {} created, {} renewed, {} deleted, {} kept{}", request.accountId(),
                    request.reason(), report.result().created(), report.result().renewed(), report.result().deleted(),
                    report.kept(), report.problems().isEmpty() ? "" : "; not done: " + report.problems());
            return Outcome.done();
        } catch (MicrosoftThrottledException e) {
            return Outcome.retryAfter(e.retryAfter());
        } catch (MicrosoftUnavailableException e) {
            return Outcome.retryAfter(Duration.ofSeconds(15));
        }
    }
}
