package com.mailmoat.scanstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.scan.ScanKind;
import com.mailmoat.core.scan.ScanRequests;
import com.mailmoat.core.scan.ScanStarter;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The daily scheduled Threat Scan (EventBridge): queues a {@code SCHEDULED} scan request for every
 * connected account; scan-start then reads what each tenant received since its previous scan's
 * window ended, through the same pipeline as the first scan. Each request's scan id is derived
 * from the account and the event's time, so a schedule event delivered twice starts one scan.
 */
public final class ScanScheduleHandler implements RequestHandler<ScheduledEvent, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ScanScheduleHandler.class);

    private final AccountRepository accounts;
    private final ScanRequests requests;
    private final Clock clock;

    public ScanScheduleHandler() {
        this(ScanStartWiring.schedule().accounts, ScanStartWiring.schedule().requests, Clock.systemUTC());
    }

    public ScanScheduleHandler(AccountRepository accounts, ScanRequests requests, Clock clock) {
        this.accounts = accounts;
        this.requests = requests;
        this.clock = clock;
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            Instant firedAt = event != null && event.getTime() != null
                    ? Instant.ofEpochMilli(event.getTime().getMillis()) : clock.instant();
            int queued = 0;
            for (String accountId : accounts.connectedAccountIds()) {
                String scanId = ScanStarter.newScanId(firedAt, accountId + "|" + ScanKind.SCHEDULED + "|" + firedAt);
                requests.request(ScanKind.SCHEDULED, accountId, null, scanId);
                queued++;
            }
            LOG.info("Scheduled Threat Scan requested for {} accounts", queued);
            return null;
        });
    }
}
