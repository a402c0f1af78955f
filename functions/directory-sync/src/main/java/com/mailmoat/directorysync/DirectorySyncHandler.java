package com.mailmoat.directorysync;

import com.mailmoat.adapters.aws.directory.SqsDirectoryRefreshRequests;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumes the directory-sync queue: one tenant's users and groups imported per message (repeatable). */
public final class DirectorySyncHandler extends SqsBatchHandler<String> {
    private static final Logger LOG = LoggerFactory.getLogger(DirectorySyncHandler.class);

    private final DirectoryImport directory;

    public DirectorySyncHandler() {
        this(DirectorySyncWiring.instance());
    }

    private DirectorySyncHandler(DirectorySyncWiring wiring) {
        this(wiring.directoryImport(), wiring.queues());
    }

    public DirectorySyncHandler(DirectoryImport directory, QueueControl queues) {
        super(SqsDirectoryRefreshRequests.CODEC, queues);
        this.directory = directory;
    }

    @Override
    protected Outcome consume(String accountId, Delivery delivery) {
        try {
            directory.refresh(accountId).ifPresentOrElse(
                    result -> LOG.info("Directory of account {} imported: {} users, {} groups", accountId, result.users(), result.groups()),
                    () -> LOG.info("Account {} has no connected tenant; nothing to import", accountId));
            return Outcome.done();
        } catch (MicrosoftAccessDeniedException e) {
            LOG.warn("Directory of account {} not imported: Microsoft denied access ({})", accountId, e.errorCode());
            return Outcome.done();
        }
    }
}
