package com.mailmoat.scanchunk;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.adapters.aws.learning.DynamoLearningStore;
import com.mailmoat.adapters.detect.EngineInspector;
import com.mailmoat.adapters.m365.MicrosoftAdapters;
import com.mailmoat.adapters.m365.MicrosoftConfig;
import com.mailmoat.adapters.m365.RetryPolicy;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.exchange.MaliciousSenderWatch;
import com.mailmoat.core.policy.ScanPolicies;
import com.mailmoat.core.remediation.PolicyRemediation;
import com.mailmoat.core.remediation.RemediationRequests;
import com.mailmoat.core.scan.PageHook;
import com.mailmoat.core.scan.ScanFinisher;
import com.mailmoat.core.scan.ScanPageProcessor;
import com.mailmoat.lambda.DaemonThreads;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.snapstart.Priming;
import com.mailmoat.lambda.snapstart.PrimingEvents;
import com.mailmoat.lambda.sqs.MicrosoftWaits;
import com.mailmoat.lambda.sqs.QueueControl;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/** The scan-chunk function's composition root (see {@code SignupWiring} for the pattern). */
final class ScanChunkWiring {
    /** Microsoft allows 4 concurrent requests per mailbox and app. */
    private static final int FETCHES_PER_MAILBOX = 4;
    /** A message written for priming: the engine's parser and analyzers run once before the snapshot. */
    private static final byte[] PRIMING_MESSAGE = ("From: Priming <priming@priming.invalid>\r\nTo: a@priming.invalid\r\n"
            + "Subject: priming\r\nContent-Type: text/html\r\n\r\n<p>Please verify <a href=\"https://priming.invalid/x\">here</a></p>")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    final ScanPageProcessor processor;
    final QueueControl queues;
    final int pagesAtOnce;
    /** Kept here: CRaC holds registered resources weakly. */
    final Priming priming;

    ScanChunkWiring(Settings settings, UnaryOperator<String> secrets, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        MicrosoftAdapters microsoft = new MicrosoftAdapters(MicrosoftConfig.from(settings, secrets)
                .withRetryPolicy(RetryPolicy.NONE));
        ScanFinisher finisher = new ScanFinisher(aws.scans(), aws.detections(), aws.accounts(), aws.notificationQueue(),
                clock, settings.require("CONSOLE_URL"));
        // Each account's learnt model (what its administrators released and reported) applies on top of the rules.
        DynamoLearningStore learning = aws.learning();
        EngineInspector engine = EngineInspector.withDefaultRules(learning);
        ExecutorService fetchers = Executors.newFixedThreadPool(settings.getInt("SCAN_FETCH_THREADS", 16), DaemonThreads.named("scan-fetch"));
        this.processor = new ScanPageProcessor(aws.scans(), aws.accounts(), microsoft.mailboxes(),
                engine,
                // A malicious sender found: Mailmoat's transport rules block it before delivery (rule-sync queue).
                new MaliciousSenderWatch(aws.detections(), aws.ruleSyncRequests()::request, clock, Duration.ofSeconds(10)),
                // the sender history (domains of mail found clean): first-contact and correspondent-lookalike checks
                new TenantProfiles(microsoft.directory(), learning, clock, Duration.ofMinutes(15)), aws.scanPages(), finisher,
                fetchers, settings.getInt("SCAN_PAGE_SIZE", 50), FETCHES_PER_MAILBOX, clock, testHook(settings),
                new ScanPolicies(aws.policies(), aws.directory()), new PolicyRemediation(new RemediationRequests(
                        aws.accounts(), aws.detections(), aws.scans(), aws.remediations(), aws.remediationQueue(), clock)))
                .withMimeBatch(settings.getInt("SCAN_MIME_BATCH", 20))
                // Which mailboxes keep a quarantine folder their users can see (made before it was created hidden).
                .withQuarantineFolders(aws.remediations())
                .withFailureRetry(MicrosoftWaits.unavailable(settings, ScanPageProcessor.FAILURE_RETRY));
        this.queues = aws.queueControl();
        this.pagesAtOnce = settings.getInt("SCAN_PAGES_AT_ONCE", 10);
        // Nothing below writes or reaches Microsoft: a page of a scan that does not exist, the engine on a
        // message written here, queue attributes, clients built.
        this.priming = Priming.register("scan-chunk",
                Priming.step("page of an unknown scan", () -> processor.process(new com.mailmoat.core.scan.ScanPageWork(
                        PrimingEvents.unknownKey(), PrimingEvents.unknownKey(), PrimingEvents.unknownKey(), 0))),
                Priming.step("detection engine", () -> engine.inspect(PRIMING_MESSAGE, null)),
                Priming.step("Microsoft clients", microsoft::prime),
                Priming.step("scan-chunks queue", () -> aws.primeSqs("SCAN_CHUNKS_QUEUE_URL")));
    }

    /**
     * The local runtime's crash test: {@code MAILMOAT_TEST_CRASH_SCAN_PAGES=N} or {@code N@<tenantId>}
     * (honoured only with {@code MAILMOAT_LOCAL=true}) makes the first N pages (of that tenant's scans)
     * that recorded a detection fail between recording it and committing the cursor, as a crashed
     * invocation would.
     */
    private static PageHook testHook(Settings settings) {
        String spec = settings.get("MAILMOAT_TEST_CRASH_SCAN_PAGES", "");
        if (spec.isBlank() || !"true".equals(settings.get("MAILMOAT_LOCAL", "false"))) {
            return PageHook.NONE;
        }
        int at = spec.indexOf('@');
        String onlyTenant = at < 0 ? null : spec.substring(at + 1);
        AtomicInteger left = new AtomicInteger(Integer.parseInt(at < 0 ? spec.strip() : spec.substring(0, at).strip()));
        return (work, tenantId, written) -> {
            if (written > 0 && (onlyTenant == null || onlyTenant.equalsIgnoreCase(tenantId)) && left.getAndDecrement() > 0) {
                throw new IllegalStateException("Test hook: scan page crashed after recording " + written
                        + " detection(s), before its cursor write");
            }
        };
    }

    static ScanChunkWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final ScanChunkWiring INSTANCE = new ScanChunkWiring(Environment.system(),
                name -> SecretsProvider.create().get(name), Clock.systemUTC());
    }
}
