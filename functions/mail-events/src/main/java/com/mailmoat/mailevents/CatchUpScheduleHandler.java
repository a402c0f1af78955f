package com.mailmoat.mailevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.mailmoat.core.realtime.CatchUpSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The catch-up schedule: queues a catch-up for every account with subscriptions, so mail whose change
 * notification never came is checked within one period; the subscription-sync queue runs the deltas.
 */
public final class CatchUpScheduleHandler implements RequestHandler<ScheduledEvent, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpScheduleHandler.class);

    private final CatchUpSchedule schedule;

    public CatchUpScheduleHandler() {
        this(MailEventsWiring.catchUps().schedule);
    }

    public CatchUpScheduleHandler(CatchUpSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            LOG.info("Catch-up queued for {} accounts", schedule.queueAll());
            return null;
        });
    }
}
