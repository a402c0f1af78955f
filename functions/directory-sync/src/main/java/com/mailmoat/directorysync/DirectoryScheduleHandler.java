package com.mailmoat.directorysync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.directory.DirectoryRefreshRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** The daily schedule: queues a directory import for every connected tenant (the queue spreads the work). */
public final class DirectoryScheduleHandler implements RequestHandler<ScheduledEvent, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryScheduleHandler.class);

    private final AccountRepository accounts;
    private final DirectoryRefreshRequests refreshes;

    public DirectoryScheduleHandler() {
        this(DirectorySyncWiring.instance().accounts(), DirectorySyncWiring.instance().refreshes());
    }

    public DirectoryScheduleHandler(AccountRepository accounts, DirectoryRefreshRequests refreshes) {
        this.accounts = accounts;
        this.refreshes = refreshes;
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            int queued = 0;
            for (String accountId : accounts.connectedAccountIds()) {
                refreshes.request(accountId);
                queued++;
            }
            LOG.info("Daily directory import queued for {} tenants", queued);
            return null;
        });
    }
}
