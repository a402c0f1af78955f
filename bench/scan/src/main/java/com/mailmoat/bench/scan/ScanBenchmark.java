package com.mailmoat.bench.scan;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.adapters.detect.EngineInspector;
import com.mailmoat.adapters.m365.MicrosoftAdapters;
import com.mailmoat.adapters.m365.MicrosoftConfig;
import com.mailmoat.adapters.m365.RetryPolicy;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.detection.MessageInspector;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.policy.PolicyRemovals;
import com.mailmoat.core.policy.ScanPolicies;
import com.mailmoat.core.scan.PageHook;
import com.mailmoat.core.scan.Scan;
import com.mailmoat.core.scan.ScanFinisher;
import com.mailmoat.core.scan.ScanKind;
import com.mailmoat.core.scan.ScanPageProcessor;
import com.mailmoat.core.scan.ScanRequest;
import com.mailmoat.core.scan.ScanStarter;
import com.mailmoat.scanchunk.ScanChunkHandler;
import com.mailmoat.simulator.Simulator;
import com.mailmoat.simulator.SimulatorOptions;
import com.mailmoat.simulator.TenantSummary;
import com.mailmoat.simulator.generate.GeneratedTenant;
import com.mailmoat.simulator.generate.GeneratorOptions;
import com.mailmoat.simulator.generate.TenantGenerator;
import com.mailmoat.testkit.LocalAws;
import com.mailmoat.testkit.LocalSqs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The Threat Scan end to end against the simulator with Graph latency: the real scan-start and
 * scan-chunk code (Graph SDK and $batch against the simulator over HTTPS, DynamoDB Local, ElasticMQ
 * with the template's FIFO scan-pages queue), with {@code --workers} threads each playing one Lambda
 * instance (receive one page, invoke the handler, delete it), as the SQS event source does. Reports
 * throughput, Graph requests, wall and CPU time per message split into Graph, detection and the rest,
 * DynamoDB and SQS requests per message, the ratio to what Microsoft's limits allow, and the AWS cost
 * per million messages at list prices. See bench/README.md.
 */
public final class ScanBenchmark {
    // AWS list prices, us-east-1, as published on the AWS pricing pages (Lambda, DynamoDB, SQS) in 2025.
    static final double LAMBDA_ARM_GB_SECOND = 0.0000133334;
    static final double LAMBDA_REQUEST = 0.20 / 1e6;
    static final double DYNAMO_WRU = 0.625 / 1e6;
    static final double DYNAMO_RRU = 0.125 / 1e6;
    static final double SQS_FIFO_REQUEST = 0.50 / 1e6;
    /** Outlook: 4 concurrent requests (per mailbox, or per app across mailboxes: both readings are reported). */
    static final int OUTLOOK_CONCURRENCY = 4;
    /** Graph: 2,000 requests per second per app across all tenants. */
    static final double GRAPH_APP_RPS = 2000;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("mailboxes", "200", "messages", "300", "latency-ms", "40",
                "workers", "16", "slots", "16", "batch", "20", "page", "50", "memory-mb", "1536",
                "fetch-threads", "16", "faults", ""));
        opt.put("batch-size", "10");
        opt.put("aws-latency-ms", "0");
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int mailboxes = Integer.parseInt(opt.get("mailboxes"));
        int perMailbox = Integer.parseInt(opt.get("messages"));
        int latencyMs = Integer.parseInt(opt.get("latency-ms"));
        int workers = Integer.parseInt(opt.get("workers"));
        double memoryGb = Integer.parseInt(opt.get("memory-mb")) / 1024.0;
        AwsRequestCounter.dynamoLatencyMs = Integer.parseInt(opt.get("aws-latency-ms"));
        System.err.println("options " + opt);

        Path work = Files.createTempDirectory("mailmoat-scan-bench");
        String faults = "latencyMs=" + latencyMs + (opt.get("faults").isBlank() ? "" : "," + opt.get("faults"));
        try (Simulator sim = Simulator.start(SimulatorOptions.builder().faultSpec(faults).build())) {
            String domain = "bench-scale.example";
            String tenantId = loadTenant(sim, work, domain, mailboxes, perMailbox);
            sim.grantConsent(tenantId);
            TenantSummary loaded = sim.summary(tenantId);
            System.err.printf("tenant: %d mailboxes, %d messages in the window%n", loaded.mailboxes(), loaded.messagesLast30Days());

            LocalAws.Stack stack = LocalAws.stack();
            Map<String, String> overrides = new LinkedHashMap<>();
            overrides.put("M365_LOGIN_BASE_URL", sim.baseUrl());
            overrides.put("M365_GRAPH_BASE_URL", sim.graphBaseUrl());
            overrides.put("M365_CLIENT_ID", sim.clientId());
            overrides.put("M365_CLIENT_SECRET", sim.clientSecret());
            overrides.put("M365_TRUSTED_CERT", pem(sim, work).toString());
            overrides.put("SCAN_SLOTS_PER_TENANT", opt.get("slots"));
            overrides.put("SCAN_PAGE_SIZE", opt.get("page"));
            Settings settings = stack.settings("ScanChunkFunction", overrides);
            Clock clock = Clock.systemUTC();
            AwsAdapters aws = new AwsAdapters(settings, clock);
            MicrosoftAdapters microsoft = new MicrosoftAdapters(MicrosoftConfig.from(settings, name -> null)
                    .withRetryPolicy(RetryPolicy.NONE));

            Timed graph = new Timed();
            Timed detection = new Timed();
            MailboxGateway gateway = graph.wrap(MailboxGateway.class, microsoft.mailboxes());
            MessageInspector inspector = detection.wrap(MessageInspector.class, EngineInspector.withDefaultRules());
            Set<Long> fetcherThreads = ConcurrentHashMap.newKeySet();
            AtomicInteger fetcherCount = new AtomicInteger();
            ExecutorService fetchers = Executors.newFixedThreadPool(Integer.parseInt(opt.get("fetch-threads")), runnable -> {
                Thread thread = new Thread(runnable, "scan-fetch-" + fetcherCount.incrementAndGet());
                thread.setDaemon(true);
                fetcherThreads.add(thread.getId());
                return thread;
            });
            ScanFinisher finisher = new ScanFinisher(aws.scans(), aws.detections(), aws.accounts(), aws.notificationQueue(),
                    clock, "https://console.mailmoat.example/");
            ScanPageProcessor processor = new ScanPageProcessor(aws.scans(), aws.accounts(), gateway, inspector,
                    aws.detections(), new TenantProfiles(microsoft.directory(), clock, Duration.ofMinutes(15)),
                    aws.scanPages(), finisher, fetchers, Integer.parseInt(opt.get("page")), 4, clock, PageHook.NONE,
                    new ScanPolicies(aws.policies(), aws.directory()), PolicyRemovals.NONE)
                    .withMimeBatch(Integer.parseInt(opt.get("batch")));
            int batchSize = Integer.parseInt(opt.get("batch-size"));
            ScanChunkHandler handler = new ScanChunkHandler(processor, aws.queueControl(), batchSize);
            ScanStarter starter = new ScanStarter(aws.accounts(), gateway, aws.scans(), aws.scanPages(), finisher, clock);

            String accountId = "bench-account";
            AccountRepository accounts = aws.accounts();
            accounts.create(Account.signedUp(accountId, "admin@" + domain, "Bench", Region.US, clock.instant()));
            accounts.linkTenant(accounts.findById(accountId).orElseThrow().withTenant(tenantId, List.of(domain)));
            warmUp(gateway, tenantId);
            sim.faults().apply(faults);
            resetCounters(sim, tenantId);
            AwsRequestCounter.reset();

            // scan-start: one invocation (mailboxes, the scan, a cursor and a first page per mailbox)
            Instant began = Instant.now();
            long startCpu = Timed.THREADS.getCurrentThreadCpuTime();
            String mainName = Thread.currentThread().getName();
            Thread.currentThread().setName("scan-start");
            ScanStarter.Outcome outcome = starter.start(new ScanRequest(ScanKind.FIRST, accountId, tenantId, clock.instant(), null));
            Thread.currentThread().setName(mainName);
            double startWall = Duration.between(began, Instant.now()).toNanos() / 1e9;
            double startCpuS = (Timed.THREADS.getCurrentThreadCpuTime() - startCpu) / 1e9;
            String scanId = ((ScanStarter.Outcome.Started) outcome).scanId();
            System.err.printf("scan %s started in %.1f s%n", scanId, startWall);

            // scan-chunk: W "instances" polling the FIFO queue, one page per invocation (BatchSize 1)
            String queueUrl = settings.require("SCAN_CHUNKS_QUEUE_URL");
            // The template's visibility timeout (testkit creates queues with SQS's default of 30 s).
            LocalSqs.client().setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(Map.of(
                    software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT, "360")));
            String queueArn = "arn:aws:sqs:us-east-1:000000000000:" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
            AtomicBoolean done = new AtomicBoolean();
            LongAdder invocations = new LongAdder();
            LongAdder records = new LongAdder();
            LongAdder invocationWall = new LongAdder();
            LongAdder handlerCpu = new LongAdder();
            LongAdder emptyReceives = new LongAdder();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Thread thread = new Thread(() -> poll(LocalSqs.client(), queueUrl, queueArn, handler, batchSize, done,
                        invocations, records, invocationWall, handlerCpu, emptyReceives), "instance-" + w);
                thread.setDaemon(true);
                threads.add(thread);
            }
            long fetchCpuBefore = cpu(fetcherThreads) + cpu(recordThreads());
            threads.forEach(Thread::start);
            Scan scan;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
            while (true) {
                scan = aws.scans().find(accountId, scanId).orElseThrow();
                if (scan.status().finished() || Instant.now().isAfter(deadline)) {
                    break;
                }
                Thread.sleep(250);
            }
            double elapsed = Duration.between(began, Instant.now()).toNanos() / 1e9;
            done.set(true);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            long fetchCpu = cpu(fetcherThreads) + cpu(recordThreads()) - fetchCpuBefore;
            TenantSummary summary = sim.summary(tenantId);
            report(opt, scan, summary, loaded, elapsed, startWall, startCpuS, invocations.sum(),
                    invocationWall.sum() / 1e9, (handlerCpu.sum() + fetchCpu) / 1e9, graph, detection, memoryGb,
                    emptyReceives.sum(), mailboxes, latencyMs, records.sum());
        }
        // DynamoDB Local and ElasticMQ keep non-daemon threads: end the run here.
        System.exit(0);
    }

    private static void poll(SqsClient sqs, String queueUrl, String queueArn, ScanChunkHandler handler, int batchSize,
                             AtomicBoolean done, LongAdder invocations, LongAdder records, LongAdder invocationWall,
                             LongAdder handlerCpu, LongAdder emptyReceives) {
        while (!done.get()) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                    .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (messages.isEmpty()) {
                emptyReceives.increment();
                continue;
            }
            List<SQSEvent.SQSMessage> batch = new ArrayList<>();
            for (Message message : messages) {
                SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
                record.setMessageId(message.messageId());
                record.setReceiptHandle(message.receiptHandle());
                record.setBody(message.body());
                record.setAttributes(new LinkedHashMap<>(message.attributesAsStrings()));
                record.setMessageAttributes(Map.of());
                record.setEventSource("aws:sqs");
                record.setEventSourceArn(queueArn);
                batch.add(record);
            }
            SQSEvent event = new SQSEvent();
            event.setRecords(batch);
            long cpu = Timed.THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            SQSBatchResponse response;
            try {
                response = handler.handleRequest(event, null);
            } catch (RuntimeException e) {
                System.err.println("invocation failed: " + e);
                continue;
            } finally {
                invocationWall.add(System.nanoTime() - start);
                handlerCpu.add(Timed.THREADS.getCurrentThreadCpuTime() - cpu);
                invocations.increment();
                records.add(batch.size());
            }
            Set<String> failed = new java.util.HashSet<>();
            if (response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
            // Lambda's event source mapping deletes what succeeded (one DeleteMessageBatch, billed like the rest).
            List<software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry> delete = new ArrayList<>();
            for (Message message : messages) {
                if (!failed.contains(message.messageId())) {
                    delete.add(software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder()
                            .id(String.valueOf(delete.size())).receiptHandle(message.receiptHandle()).build());
                }
            }
            if (!delete.isEmpty()) {
                sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(delete));
            }
        }
    }

    private static Set<Long> recordThreads() {
        Set<Long> ids = new java.util.HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("sqs-record-")) {
                ids.add(thread.getId());
            }
        }
        return ids;
    }

    private static long cpu(Set<Long> threads) {
        long total = 0;
        for (long id : threads) {
            long cpu = Timed.THREADS.getThreadCpuTime(id);
            total += Math.max(0, cpu);
        }
        return total;
    }

    private static void warmUp(MailboxGateway gateway, String tenantId) {
        // Token, TLS and class loading once, as a warm Lambda instance has them (SnapStart primes the rest).
        gateway.listMailboxes(tenantId);
    }

    private static void resetCounters(Simulator sim, String tenantId) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(sim.clientSslContext()).build();
        client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/_sim/tenants/" + tenantId
                + "/counters")).DELETE().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
    }

    static Path pem(Simulator sim, Path dir) throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(sim.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return Files.writeString(dir.resolve("simulator.pem"), pem);
    }

    /**
     * A tenant of {@code mailboxes} users, each receiving {@code perMailbox} messages over the last 30 days:
     * real-looking mail (with planted threats) from the tenant generator, whose 10 mailboxes' mail is dealt
     * out to every mailbox with its received times (the generator has a fixed cast of people).
     */
    static String loadTenant(Simulator sim, Path work, String domain, int mailboxes, int perMailbox) throws IOException {
        Path source = work.resolve("source");
        GeneratedTenant generated = TenantGenerator.generate(source, GeneratorOptions.defaults().withSeed(16)
                .withMailboxes(10).withMessagesPerMailboxPerDay(12).withDomain(domain, "Bench Scale"));
        ObjectMapper json = new ObjectMapper();
        List<byte[]> pool = new ArrayList<>();
        List<Instant> received = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        Instant windowStart = Instant.now().minus(Duration.ofDays(30)).plus(Duration.ofHours(2));
        try (var dirs = Files.list(source.resolve("mailboxes"))) {
            for (Path box : dirs.sorted().toList()) {
                for (JsonNode entry : json.readTree(box.resolve("messages.json").toFile())) {
                    Instant at = Instant.parse(entry.path("receivedDateTime").asText());
                    if (at.isAfter(windowStart) && at.isBefore(Instant.now().minus(Duration.ofMinutes(5)))) {
                        pool.add(Files.readAllBytes(box.resolve(entry.path("file").asText())));
                        received.add(at);
                        folders.add(entry.path("folder").asText("inbox"));
                    }
                }
            }
        }
        Path dir = Files.createDirectories(work.resolve("tenant"));
        JsonNode tenant = json.readTree(source.resolve("tenant.json").toFile());
        Files.writeString(dir.resolve("tenant.json"), tenant.toString());
        var users = json.createArrayNode();
        for (int i = 0; i < mailboxes; i++) {
            String upn = String.format(Locale.ROOT, "user%04d@%s", i, domain);
            users.addObject().put("userPrincipalName", upn).put("mail", upn).put("displayName", "User " + i);
        }
        String admin = tenant.path("globalAdmins").path(0).asText();
        users.addObject().put("userPrincipalName", admin).put("mail", (String) null).put("displayName", "Administrator");
        Files.writeString(dir.resolve("users.json"), users.toString());
        String tenantId = sim.loadTenant(dir);
        System.err.printf("dealing %d messages to each of %d mailboxes from a pool of %d (generator: %d messages)%n",
                perMailbox, mailboxes, pool.size(), generated.messages());
        for (int i = 0; i < mailboxes; i++) {
            String upn = String.format(Locale.ROOT, "user%04d@%s", i, domain);
            int from = (int) ((long) i * 7919 % pool.size());
            for (int k = 0; k < perMailbox; k++) {
                int m = (from + k) % pool.size();
                sim.deliver(tenantId, upn, pool.get(m), received.get(m), folders.get(m));
            }
        }
        return tenantId;
    }

    private static void report(Map<String, String> opt, Scan scan, TenantSummary summary, TenantSummary loaded,
                               double elapsed, double startWall, double startCpu, long invocations, double invocationWall,
                               double chunkCpu, Timed graph, Timed detection, double memoryGb, long emptyReceives,
                               int mailboxes, int latencyMs, long records) {
        long messages = scan.counts().messagesScanned();
        double perM = 1e6 / messages;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "## Scan benchmark: %d mailboxes x %d messages, Graph latency %d ms%n",
                mailboxes, Integer.parseInt(opt.get("messages")), latencyMs));
        out.append("options: ").append(opt).append('\n');
        out.append(String.format(Locale.ROOT, "status %s, scanned %d of %d in the window (exact: %s), threats %d%n",
                scan.status(), messages, loaded.messagesLast30Days(), messages == loaded.messagesLast30Days(),
                scan.counts().threatsFound()));
        out.append(String.format(Locale.ROOT, "elapsed %.1f s (scan-start %.1f s) -> %.0f messages/s%n", elapsed, startWall,
                messages / elapsed));
        double graphRequests = summary.graphRequests();
        long httpCalls = graph.calls("listReceived") + graph.calls("fetchMimes") + graph.calls("fetchMime")
                + graph.calls("findFolder") + graph.calls("listMailboxes");
        out.append(String.format(Locale.ROOT, "Graph requests (as Microsoft counts them, batch items each) per message: %.3f"
                        + " (%d, of which MIME %d); our HTTP requests per message: %.3f (list %d, $batch %d, single MIME %d, folder %d)%n",
                graphRequests / messages, (long) graphRequests, summary.mimeFetches(), (double) httpCalls / messages,
                graph.calls("listReceived"), graph.calls("fetchMimes"), graph.calls("fetchMime"), graph.calls("findFolder")));
        out.append(String.format(Locale.ROOT, "peak requests in flight: tenant %d, one mailbox %d; refusals by the"
                        + " concurrency cap %d, by the budget %d%n", summary.load().peakInFlight(),
                summary.load().peakInFlightPerMailbox(), summary.load().concurrencyRefusals(), summary.load().budgetRefusals()));
        double totalCpu = chunkCpu + startCpu;
        double graphCpu = graph.cpuNanos.sum() / 1e9;
        double detectCpu = detection.cpuNanos.sum() / 1e9;
        double ownCpu = totalCpu - graphCpu - detectCpu;
        double graphWaitHandler = graph.handlerWallNanos.sum() / 1e9;
        double billed = invocationWall + startWall;
        double pagesPerInvocation = (double) records / Math.max(1, invocations);
        out.append(String.format(Locale.ROOT, "invocations %d (scan-chunk, %.1f pages each) + 1 (scan-start); handler wall"
                        + " (billed duration) per message %.2f ms; a page's wait on Graph per message %.2f ms (pages of one"
                        + " invocation wait side by side)%n",
                invocations, pagesPerInvocation, billed * 1000 / messages, graphWaitHandler * 1000 / messages));
        out.append(String.format(Locale.ROOT, "CPU per message %.3f ms: Graph client %.3f ms, detection %.3f ms, own overhead"
                        + " (storage, queue, JSON, scan logic) %.3f ms%n", totalCpu * 1000 / messages,
                graphCpu * 1000 / messages, detectCpu * 1000 / messages, ownCpu * 1000 / messages));
        long dynamoRequests = AwsRequestCounter.count("DynamoDb.");
        long dynamoWrites = AwsRequestCounter.count("DynamoDb.PutItem") + AwsRequestCounter.count("DynamoDb.UpdateItem")
                + AwsRequestCounter.count("DynamoDb.TransactWriteItems") + AwsRequestCounter.count("DynamoDb.BatchWriteItem");
        double wru = AwsRequestCounter.WRITE_UNITS.sum();
        double rru = AwsRequestCounter.READ_UNITS.sum();
        long sqsRequests = AwsRequestCounter.count("Sqs.") - emptyReceives;
        out.append(String.format(Locale.ROOT, "DynamoDB per message: %.4f write requests (%.4f WRU), %.4f requests in all"
                        + " (%.4f RRU); SQS requests per message %.4f (empty receives left out: %d)%n",
                (double) dynamoWrites / messages, wru / messages, (double) dynamoRequests / messages, rru / messages,
                (double) sqsRequests / messages, emptyReceives));
        out.append("AWS requests by operation: ").append(new java.util.TreeMap<>(AwsRequestCounter.REQUESTS)).append('\n');

        double perRequest = graphRequests / messages;
        double perMailboxBound = Math.min(GRAPH_APP_RPS, mailboxes * OUTLOOK_CONCURRENCY * 1000.0 / latencyMs) / perRequest;
        double perAppBound = OUTLOOK_CONCURRENCY * 1000.0 / latencyMs / perRequest;
        double rate = messages / elapsed;
        out.append(String.format(Locale.ROOT, "Microsoft's bound: 4 concurrent per mailbox -> %.0f messages/s (ratio %.2f);"
                        + " 4 concurrent per app across mailboxes -> %.0f messages/s (ratio %.2f); CPU bound of this"
                        + " machine's 2 cores at the measured CPU per message: %.0f messages/s (ratio %.2f)%n",
                perMailboxBound, rate / perMailboxBound, perAppBound, rate / perAppBound,
                2 / (totalCpu / messages), rate / (2 / (totalCpu / messages))));

        double lambdaCompute = billed * memoryGb * LAMBDA_ARM_GB_SECOND * perM;
        double lambdaRequests = (invocations + 1) * LAMBDA_REQUEST * perM;
        double dynamo = (wru * DYNAMO_WRU + rru * DYNAMO_RRU) * perM;
        double sqs = sqsRequests * SQS_FIFO_REQUEST * perM;
        double total = lambdaCompute + lambdaRequests + dynamo + sqs;
        out.append(String.format(Locale.ROOT, "cost per million messages: $%.3f = Lambda compute $%.3f (%.0f GB-s at %.2f GB)"
                        + " + Lambda requests $%.3f + DynamoDB $%.3f + SQS $%.3f%n", total, lambdaCompute,
                billed * memoryGb * perM, memoryGb, lambdaRequests, dynamo, sqs));
        // On Lambda each instance has its own ~0.87 vCPU (1,536 MB); here W instances share 2 busy cores, which
        // stretches every invocation. A floor for the billed time: the Graph wait on the handler's thread plus
        // the whole CPU time as if it never overlapped that wait.
        double modelled = (graphWaitHandler / Math.max(1, pagesPerInvocation) + totalCpu / (memoryGb * 1024 / 1769.0))
                * memoryGb * LAMBDA_ARM_GB_SECOND * perM;
        out.append(String.format(Locale.ROOT, "  Lambda compute modelled for its own vCPU share (a page's Graph wait per invocation + all CPU / %.2f vCPU, no overlap):"
                + " $%.3f -> total $%.3f%n", memoryGb * 1024 / 1769.0, modelled, modelled + lambdaRequests + dynamo + sqs));
        System.out.print(out);
        System.err.print(out);
        String file = opt.get("report");
        if (file != null) {
            try {
                Files.writeString(Path.of(file), out.toString());
            } catch (IOException e) {
                System.err.println("cannot write " + file + ": " + e);
            }
        }
    }
}
