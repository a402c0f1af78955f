package com.mailmoat.bench.scan;

import com.mailmoat.adapters.detect.learning.DetectionTrainer;
import com.mailmoat.adapters.detect.learning.TenantModels;
import com.mailmoat.adapters.m365.MicrosoftAdapters;
import com.mailmoat.adapters.m365.MicrosoftConfig;
import com.mailmoat.adapters.m365.RetryPolicy;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.learning.Feedback;
import com.mailmoat.core.learning.Learner;
import com.mailmoat.core.learning.LearningService;
import com.mailmoat.core.learning.LearningWork;
import com.mailmoat.core.remediation.RemediationRequests;
import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.simulator.Simulator;
import com.mailmoat.simulator.SimulatorOptions;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryLearning;
import com.mailmoat.testkit.InMemoryRemediations;
import com.mailmoat.testkit.InMemoryScans;
import com.mailmoat.testkit.RecordingRemediationQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * "Report a missed threat" named by its Message-ID only, in a large tenant: the learner's search of
 * every mailbox for the message and its copies, through the real Graph adapter against the simulator
 * (HTTPS, Graph latency per request), one mailbox after another against {@code --threads} at a time.
 * The learning function has 60 s. See bench/README.md ("Report a missed threat in a large tenant").
 *
 * <pre>bench/scripts/missed-threat-search.sh --mailboxes 500 --copies 25 --latency-ms 40 --threads 8</pre>
 */
public final class MissedThreatSearchBenchmark {
    private MissedThreatSearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("mailboxes", "500", "copies", "25", "latency-ms", "40",
                "threads", "8", "messages", "3"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int mailboxes = Integer.parseInt(opt.get("mailboxes"));
        int copies = Integer.parseInt(opt.get("copies"));
        int threads = Integer.parseInt(opt.get("threads"));
        System.err.println("options " + opt);
        Path work = Files.createTempDirectory("mailmoat-missed-bench");
        try (Simulator sim = Simulator.start(SimulatorOptions.builder().faultSpec("latencyMs=" + opt.get("latency-ms")).build())) {
            String domain = "bench-missed.example";
            String tenantId = ScanBenchmark.loadTenant(sim, work, domain, mailboxes, Integer.parseInt(opt.get("messages")));
            sim.grantConsent(tenantId);
            Map<String, String> settings = Map.of("M365_LOGIN_BASE_URL", sim.baseUrl(), "M365_GRAPH_BASE_URL",
                    sim.graphBaseUrl(), "M365_CLIENT_ID", sim.clientId(), "M365_CLIENT_SECRET", sim.clientSecret(),
                    "M365_TRUSTED_CERT", ScanBenchmark.pem(sim, work).toString());
            MicrosoftAdapters microsoft = new MicrosoftAdapters(MicrosoftConfig.from(
                    name -> Optional.ofNullable(settings.get(name)), name -> null).withRetryPolicy(RetryPolicy.NONE));
            microsoft.mailboxes().listMailboxes(tenantId); // token, TLS and class loading once, as a warm instance has them

            ExecutorService pool = Executors.newFixedThreadPool(threads);
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                    "## Report a missed threat: %d mailboxes, %d copies, Graph latency %s ms%n%n"
                            + "| search | mailboxes searched | copies removed | learner time | Graph requests |%n|---|---|---|---|---|%n",
                    mailboxes, copies, opt.get("latency-ms")));
            // Each run reports its own campaign, so nothing is found quarantined by the run before.
            for (String run : List.of("sequential", "parallel")) {
                String messageId = "<campaign-" + run + "-" + System.nanoTime() + "@invoice-portal.example>";
                for (int c = 0; c < copies; c++) {
                    // Spread over the whole tenant, the last copy in the last mailbox.
                    int box = (int) ((long) (c + 1) * (mailboxes - 1) / copies);
                    String upn = String.format(Locale.ROOT, "user%04d@%s", box, domain);
                    sim.deliver(tenantId, upn, campaign(messageId, upn), Instant.now().minus(Duration.ofHours(2)), "inbox");
                }
                Executor searchers = run.equals("sequential") ? Runnable::run : pool;
                long before = sim.summary(tenantId).graphRequests();
                Result result = reportAndLearn(microsoft, tenantId, domain, messageId, searchers);
                long requests = sim.summary(tenantId).graphRequests() - before;
                report.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f s | %d |%n",
                        run.equals("sequential") ? "one mailbox at a time" : threads + " at a time",
                        Math.min(mailboxes, 500), result.removed(), result.seconds(), requests));
                System.err.println(run + ": " + result);
            }
            pool.shutdownNow();
            System.err.print(report);
        }
    }

    private record Result(double seconds, int removed, String outcome) {
    }

    private static Result reportAndLearn(MicrosoftAdapters microsoft, String tenantId, String domain, String messageId,
                                         Executor searchers) {
        Clock clock = Clock.systemUTC();
        InMemoryAccounts accounts = new InMemoryAccounts();
        accounts.create(Account.signedUp("acct-bench", "admin@" + domain, "Bench", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById("acct-bench").orElseThrow().withTenant(tenantId, List.of(domain), "Bench"));
        InMemoryLearning learning = new InMemoryLearning();
        InMemoryDetections detections = new InMemoryDetections();
        RecordingRemediationQueue removals = new RecordingRemediationQueue();
        DetectionEngine engine = DetectionEngine.withDefaultRules();
        Learner learner = new Learner(learning, learning, new DetectionTrainer(engine, TenantModels.emptyBase(engine)),
                accounts, microsoft.mailboxes(), microsoft.messageLookup(),
                new TenantProfiles(microsoft.directory(), learning, clock, Duration.ofMinutes(15)), clock)
                .withRemoval(detections, new RemediationRequests(accounts, detections, new InMemoryScans(),
                        new InMemoryRemediations(detections), removals, clock))
                .withSearchers(searchers);
        LearningService service = new LearningService(learning, learning, learning, detections, accounts, clock);
        Feedback reported = service.reportMissed("acct-bench", messageId, "");
        long start = System.nanoTime();
        Learner.Outcome outcome = learner.process(new LearningWork("acct-bench", reported.key()));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(seconds, removals.drain().size(), outcome.toString());
    }

    private static byte[] campaign(String messageId, String to) {
        return ("From: \"Accounts Payable\" <billing@invoice-portal.example>\r\nTo: " + to + "\r\n"
                + "Subject: Invoice overdue: settle today\r\nMessage-ID: " + messageId + "\r\n"
                + "Date: Mon, 07 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Your invoice is overdue. Settle it today at http://invoice-portal.example/pay to avoid a late fee.\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
