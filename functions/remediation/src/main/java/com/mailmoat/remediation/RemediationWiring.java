package com.mailmoat.remediation;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.adapters.m365.MicrosoftAdapters;
import com.mailmoat.adapters.m365.MicrosoftConfig;
import com.mailmoat.adapters.m365.RetryPolicy;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.remediation.RemediationNotices;
import com.mailmoat.core.remediation.RemediationRepository;
import com.mailmoat.core.remediation.RemediationWorker;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.sqs.MicrosoftWaits;
import com.mailmoat.lambda.sqs.QueueControl;
import java.time.Clock;
import java.util.function.UnaryOperator;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * The remediation function's composition root (see {@code SignupWiring} for the pattern). The
 * Graph client retries nothing in process ({@link RetryPolicy#NONE}): a move Microsoft committed
 * but answered with 5xx/504 must be checked, not replayed, and throttling waits on the queue.
 */
final class RemediationWiring {
    final RemediationWorker worker;
    final QueueControl queues;

    RemediationWiring(Settings settings, UnaryOperator<String> secrets, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        MicrosoftAdapters microsoft = new MicrosoftAdapters(MicrosoftConfig.from(settings, secrets)
                .withRetryPolicy(RetryPolicy.NONE));
        RemediationRepository jobs = aws.remediations();
        com.mailmoat.adapters.aws.learning.DynamoLearningStore learning = aws.learning();
        // A release teaches the account's model that the message is wanted (the learning queue), and a
        // completed one lets Mailmoat's transport rules stop blocking its senders (the rule-sync queue).
        this.worker = new RemediationWorker(jobs, aws.accounts(), microsoft.mailboxes(),
                new RemediationNotices(jobs, aws.notificationQueue(), clock, settings.require("CONSOLE_URL"))
                        .withRuleSyncs(aws.ruleSyncRequests()), clock)
                .withLearning(new com.mailmoat.core.learning.LearningService(learning, learning, aws.learningQueue(),
                        aws.detections(), aws.accounts(), clock))
                .withUnavailableWait(MicrosoftWaits.unavailable(settings, RemediationWorker.UNAVAILABLE_WAIT));
        this.queues = aws.queueControl();
    }

    static RemediationWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final RemediationWiring INSTANCE = new RemediationWiring(Environment.system(),
                name -> SecretsProvider.create().get(name), Clock.systemUTC());
    }
}
