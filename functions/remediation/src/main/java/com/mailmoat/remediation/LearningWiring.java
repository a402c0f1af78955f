package com.mailmoat.remediation;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.adapters.aws.learning.DynamoLearningStore;
import com.mailmoat.adapters.detect.learning.DetectionTrainer;
import com.mailmoat.adapters.detect.learning.TenantModels;
import com.mailmoat.adapters.m365.MicrosoftAdapters;
import com.mailmoat.adapters.m365.MicrosoftConfig;
import com.mailmoat.adapters.m365.RetryPolicy;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.learning.Learner;
import com.mailmoat.core.learning.StalledVerdicts;
import com.mailmoat.core.remediation.RemediationRequests;
import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.lambda.DaemonThreads;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.sqs.MicrosoftWaits;
import com.mailmoat.lambda.sqs.QueueControl;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/** The learning function's composition root (see {@code SignupWiring} for the pattern). */
final class LearningWiring {
    final Learner learner;
    final QueueControl queues;

    LearningWiring(Settings settings, UnaryOperator<String> secrets, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        MicrosoftAdapters microsoft = new MicrosoftAdapters(MicrosoftConfig.from(settings, secrets)
                .withRetryPolicy(RetryPolicy.NONE));
        DynamoLearningStore store = aws.learning();
        DetectionEngine engine = DetectionEngine.withDefaultRules();
        this.learner = new Learner(store, store, new DetectionTrainer(engine, TenantModels.emptyBase(engine)),
                aws.accounts(), microsoft.mailboxes(), microsoft.messageLookup(),
                new TenantProfiles(microsoft.directory(), store, clock, Duration.ofMinutes(15)), clock)
                // A reported missed threat, once found, is a detection removed to quarantine (the remediation queue).
                .withRemoval(aws.detections(), new RemediationRequests(aws.accounts(), aws.detections(), aws.scans(),
                        aws.remediations(), aws.remediationQueue(), clock))
                .withUnavailableWait(MicrosoftWaits.unavailable(settings, Learner.UNAVAILABLE_WAIT))
                // A reported Message-ID is looked up in a large tenant's mailboxes several at a time.
                .withSearchers(Executors.newFixedThreadPool(settings.getInt("LEARNING_SEARCH_THREADS", 8),
                        DaemonThreads.named("learning-search")));
        this.queues = aws.queueControl();
    }

    static LearningWiring instance() {
        return Holder.INSTANCE;
    }

    /** The sweep's wiring: the verdicts and the learning queue, nothing of Microsoft's. */
    static StalledVerdicts sweep() {
        return SweepHolder.STALLED;
    }

    private static final class SweepHolder {
        static final StalledVerdicts STALLED = stalledVerdicts(new AwsAdapters(Environment.system(), Clock.systemUTC()));

        private static StalledVerdicts stalledVerdicts(AwsAdapters aws) {
            return new StalledVerdicts(aws.learning(), aws.learningQueue(), Clock.systemUTC());
        }
    }

    private static final class Holder {
        static final LearningWiring INSTANCE = new LearningWiring(Environment.system(),
                name -> SecretsProvider.create().get(name), Clock.systemUTC());
    }
}
