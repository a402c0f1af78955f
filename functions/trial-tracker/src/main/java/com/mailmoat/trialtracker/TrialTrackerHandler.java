package com.mailmoat.trialtracker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.mailmoat.core.trial.TrialTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The daily EventBridge schedule: tells every administrator whose trial ends soon, once at 7 days
 * and once at 1 day. Safe to run again (or twice at once): nothing is sent twice.
 */
public final class TrialTrackerHandler implements RequestHandler<ScheduledEvent, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(TrialTrackerHandler.class);

    private final TrialTracker tracker;

    public TrialTrackerHandler() {
        this(TrialTrackerWiring.instance().tracker);
    }

    public TrialTrackerHandler(TrialTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            TrialTracker.Run run = tracker.run();
            LOG.info("Trial check ({}): {} trials end within 7 days, {} notices sent",
                    event == null ? "manual" : event.getId(), run.accountsChecked(), run.noticesSent());
            return null;
        });
    }
}
