package com.mailmoat.mailevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.mailmoat.core.realtime.RenewalSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The renewal schedule: queues a subscription sync for every account with a subscription due for
 * renewal (or lapsed lately); the subscription-sync queue spreads the Graph calls.
 */
public final class SubscriptionRenewalHandler implements RequestHandler<ScheduledEvent, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRenewalHandler.class);

    private final RenewalSchedule renewals;

    public SubscriptionRenewalHandler() {
        this(MailEventsWiring.renewals().schedule);
    }

    public SubscriptionRenewalHandler(RenewalSchedule renewals) {
        this.renewals = renewals;
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            LOG.info("Subscription renewal queued for {} accounts", renewals.queueDue());
            return null;
        });
    }
}
