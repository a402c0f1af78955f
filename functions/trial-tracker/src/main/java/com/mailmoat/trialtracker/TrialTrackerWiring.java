package com.mailmoat.trialtracker;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.trial.TrialTracker;
import com.mailmoat.lambda.config.Environment;
import java.time.Clock;

/** The trial tracker's composition root (see {@code SignupWiring} for the pattern). */
final class TrialTrackerWiring {
    final TrialTracker tracker;

    TrialTrackerWiring(Settings settings, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        this.tracker = new TrialTracker(aws.trialAccounts(), aws.notificationQueue(), clock,
                settings.require("CONSOLE_URL"));
    }

    static TrialTrackerWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final TrialTrackerWiring INSTANCE = new TrialTrackerWiring(Environment.system(), Clock.systemUTC());
    }
}
