package com.mailmoat.directorysync;

import com.mailmoat.adapters.aws.directory.SqsDirectoryRefreshRequests;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumes the directory-sync queue: one tenant's users and groups imported per message (repeatable). */
public final class DirectorySyncHandler extends SqsBatchHandler<String> {
    private static final Logger LOG = LoggerFactory.getLogger(DirectorySyncHandler.class);

    static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(15);

    private final DirectoryImport directory;
    private final Duration unavailableRetry;

    public DirectorySyncHandler() {
        this(DirectorySyncWiring.instance());
    }

    private DirectorySyncHandler(DirectorySyncWiring wiring) {
        this(wiring.directoryImport(), wiring.queues(), wiring.unavailableRetry());
    }

    public DirectorySyncHandler(DirectoryImport directory, QueueControl queues) {
        this(directory, queues, UNAVAILABLE_RETRY);
    }

    /** @param unavailableRetry how long an import waits on the queue after Microsoft was unavailable */
    public DirectorySyncHandler(DirectoryImport directory, QueueControl queues, Duration unavailableRetry) {
        super(SqsDirectoryRefreshRequests.CODEC, queues);
        this.directory = directory;
        this.unavailableRetry = unavailableRetry;
    }

    @Override
    protected Outcome consume(String accountId, Delivery delivery) {
        try {
            directory.refresh(accountId).ifPresentOrElse(
                    result -> LOG.info("Directory of account {} imported: {} users, {} groups", accountId, result.users(), result.groups()),
                    () -> LOG.info("Account {} has no connected tenant; nothing to import", accountId));
            return Outcome.done();
        } catch (MicrosoftThrottledException e) {
            return Outcome.retryAfter(e.retryAfter());
        } catch (MicrosoftUnavailableException e) {
            return Outcome.retryAfter(unavailableRetry);
        } catch (MicrosoftAccessDeniedException e) {
            LOG.warn("Directory of account {} not imported: Microsoft denied access ({})", accountId, e.errorCode());
            return Outcome.done();
        }
    }
}
