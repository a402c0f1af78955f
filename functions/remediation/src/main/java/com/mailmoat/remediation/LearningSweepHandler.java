package com.mailmoat.remediation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.mailmoat.core.learning.StalledVerdicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The hourly sweep (EventBridge) of administrators' verdicts still waiting for the learner long
 * after they were given: each is queued for the learner again, so none stays "pending" in the
 * console because one queue message was lost; one the learner failed on every time is given up.
 */
public final class LearningSweepHandler implements RequestHandler<ScheduledEvent, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(LearningSweepHandler.class);

    private final StalledVerdicts stalled;

    public LearningSweepHandler() {
        this(LearningWiring.sweep());
    }

    public LearningSweepHandler(StalledVerdicts stalled) {
        this.stalled = stalled;
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            StalledVerdicts.Swept swept = stalled.requeue();
            if (swept.givenUp() > 0) {
                LOG.error("{} verdicts were given up after {} requeues: the learner failed on each (see its "
                        + "dead-letter queue)", swept.givenUp(), StalledVerdicts.MAX_REQUEUES);
            }
            if (swept.queued() > 0) {
                LOG.warn("{} verdicts were still waiting for the learner after {}: queued again", swept.queued(),
                        StalledVerdicts.STALLED_AFTER);
            } else if (swept.givenUp() == 0) {
                LOG.info("No verdict is waiting for the learner longer than {}", StalledVerdicts.STALLED_AFTER);
            }
            return null;
        });
    }
}
