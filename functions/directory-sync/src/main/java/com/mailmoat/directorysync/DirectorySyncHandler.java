package com.mailmoat.directorysync;

import com.mailmoat.adapters.aws.directory.SqsDirectoryRefreshRequests;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftAccessRefusals;
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
    private final MicrosoftAccessRefusals refusals;

    public DirectorySyncHandler() {
        this(DirectorySyncWiring.instance());
    }

    private DirectorySyncHandler(DirectorySyncWiring wiring) {
        this(wiring.directoryImport(), wiring.queues(), wiring.refusals());
    }

    public DirectorySyncHandler(DirectoryImport directory, QueueControl queues) {
        this(directory, queues, MicrosoftAccessRefusals.NONE);
    }

    /** @param refusals tells the owner when Microsoft refuses Mailmoat's access (consent removed) */
    public DirectorySyncHandler(DirectoryImport directory, QueueControl queues, MicrosoftAccessRefusals refusals) {
        super(SqsDirectoryRefreshRequests.CODEC, queues);
        this.directory = directory;
        this.refusals = refusals;
    }

    @Override
    protected Outcome consume(String accountId, Delivery delivery) {
        try {
            directory.refresh(accountId).ifPresentOrElse(
                    result -> LOG.info("Directory of account {} imported: {} users, {} groups", accountId, result.users(), result.groups()),
                    () -> LOG.info("Account {} has no connected tenant; nothing to import", accountId));
            return Outcome.done();
        } catch (MicrosoftAccessDeniedException e) {
            // Retrying cannot help until an administrator consents again: the owner is told (once a day) instead.
            String code = refusals.tell(accountId, "the import of users and groups did not run", e);
            LOG.warn("Directory of account {} not imported: Microsoft denied access ({})", accountId, code);
            return Outcome.done();
        }
    }
}
