package com.mailmoat.scanstart;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.adapters.m365.MicrosoftAdapters;
import com.mailmoat.adapters.m365.MicrosoftConfig;
import com.mailmoat.adapters.m365.RetryPolicy;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.microsoft.MicrosoftAccessRefusals;
import com.mailmoat.core.scan.ScanFinisher;
import com.mailmoat.core.scan.ScanStarter;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.snapstart.Priming;
import com.mailmoat.lambda.snapstart.PrimingEvents;
import java.time.Clock;
import java.util.function.UnaryOperator;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/** The scan-start function's composition root (see {@code SignupWiring} for the pattern). */
final class ScanStartWiring {
    final ScanStarter starter;
    final QueueControl queues;
    /** Kept here: CRaC holds registered resources weakly. */
    final Priming priming;

    ScanStartWiring(Settings settings, UnaryOperator<String> secrets, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        // No retries in process: a throttled request waits on the queue for Microsoft's Retry-After.
        MicrosoftAdapters microsoft = new MicrosoftAdapters(MicrosoftConfig.from(settings, secrets)
                .withRetryPolicy(RetryPolicy.NONE));
        ScanFinisher finisher = new ScanFinisher(aws.scans(), aws.detections(), aws.accounts(), aws.notificationQueue(),
                clock, settings.require("CONSOLE_URL"));
        this.starter = new ScanStarter(aws.accounts(), microsoft.mailboxes(), aws.scans(), aws.scanPages(), finisher, clock)
                .withAccessRefusals(new MicrosoftAccessRefusals(aws.accounts(), aws.notificationQueue(), aws.activity(),
                        settings.require("CONSOLE_URL"), clock));
        this.queues = aws.queueControl();
        // Nothing below writes or reaches Microsoft: reads of absent keys, queue attributes, clients built.
        this.priming = Priming.register("scan-start",
                Priming.step("scan lookup", () -> aws.scans().find(PrimingEvents.unknownKey(), PrimingEvents.unknownKey())),
                Priming.step("scan request JSON", () -> com.mailmoat.adapters.aws.scan.ScanMessages.REQUESTS.decode(
                        com.mailmoat.adapters.aws.scan.ScanMessages.REQUESTS.encode(new com.mailmoat.core.scan.ScanRequest(
                                com.mailmoat.core.scan.ScanKind.FIRST, PrimingEvents.unknownKey(), null, clock.instant(), null)))),
                Priming.step("Microsoft clients", microsoft::prime),
                Priming.step("scan-chunks queue", () -> aws.primeSqs("SCAN_CHUNKS_QUEUE_URL")));
    }

    static ScanStartWiring instance() {
        return Holder.INSTANCE;
    }

    /** The daily schedule's wiring: accounts and the scan-start queue only (no Microsoft client). */
    static final class Schedule {
        final com.mailmoat.core.account.AccountRepository accounts;
        final com.mailmoat.core.scan.ScanRequests requests;

        Schedule(Settings settings, Clock clock) {
            AwsAdapters aws = new AwsAdapters(settings, clock);
            this.accounts = aws.accounts();
            this.requests = aws.scanRequests();
        }
    }

    static Schedule schedule() {
        return ScheduleHolder.INSTANCE;
    }

    private static final class ScheduleHolder {
        static final Schedule INSTANCE = new Schedule(Environment.system(), Clock.systemUTC());
    }

    private static final class Holder {
        static final ScanStartWiring INSTANCE = new ScanStartWiring(Environment.system(),
                name -> SecretsProvider.create().get(name), Clock.systemUTC());
    }
}
