package com.mailmoat.directorysync;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.adapters.m365.MicrosoftAdapters;
import com.mailmoat.adapters.m365.MicrosoftConfig;
import com.mailmoat.adapters.m365.RetryPolicy;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.directory.DirectoryRefreshRequests;
import com.mailmoat.core.microsoft.MicrosoftAccessRefusals;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.snapstart.Priming;
import com.mailmoat.lambda.snapstart.PrimingEvents;
import java.time.Clock;
import java.util.function.UnaryOperator;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/** The directory-sync functions' composition root (see {@code SignupWiring} for the pattern). */
final class DirectorySyncWiring {
    final AwsAdapters aws;
    final Settings settings;
    final UnaryOperator<String> secrets;
    final Clock clock;
    /** Kept here: CRaC holds registered resources weakly. */
    final Priming priming;

    DirectorySyncWiring(Settings settings, UnaryOperator<String> secrets, Clock clock) {
        this.aws = new AwsAdapters(settings, clock);
        this.settings = settings;
        this.secrets = secrets;
        this.clock = clock;
        // Nothing below writes: a directory read of an account that does not exist, queue attributes.
        this.priming = Priming.register("directory-sync",
                Priming.step("directory lookup", () -> aws.directory().importedAt(PrimingEvents.unknownKey())),
                Priming.step("directory-sync queue", () -> aws.primeSqs("DIRECTORY_SYNC_QUEUE_URL")));
    }

    /** The import (needs Microsoft: built only by the queue consumer). */
    DirectoryImport directoryImport() {
        MicrosoftAdapters microsoft = new MicrosoftAdapters(MicrosoftConfig.from(settings, secrets)
                .withRetryPolicy(RetryPolicy.NONE));
        return new DirectoryImport(aws.accounts(), microsoft.directory(), aws.directory(), clock);
    }

    AccountRepository accounts() {
        return aws.accounts();
    }

    /** Tells the owner, once a day, that Microsoft refused access to the tenant. */
    MicrosoftAccessRefusals refusals() {
        return new MicrosoftAccessRefusals(aws.accounts(), aws.notificationQueue(), aws.activity(),
                settings.require("CONSOLE_URL"), clock);
    }

    DirectoryRefreshRequests refreshes() {
        return aws.directoryRefreshes();
    }

    QueueControl queues() {
        return aws.queueControl();
    }

    static DirectorySyncWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final DirectorySyncWiring INSTANCE = new DirectorySyncWiring(Environment.system(),
                name -> SecretsProvider.create().get(name), Clock.systemUTC());
    }
}
