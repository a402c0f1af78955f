package com.mailmoat.bench.realtime;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.adapters.aws.account.DynamoAccountRepository;
import com.mailmoat.adapters.aws.realtime.DynamoRealTimeStats;
import com.mailmoat.adapters.aws.realtime.RealTimeMessages;
import com.mailmoat.adapters.aws.realtime.SqsSyncRequests;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.realtime.MailEvent;
import com.mailmoat.core.realtime.RealTimeAction;
import com.mailmoat.core.realtime.RealTimeEvent;
import com.mailmoat.core.realtime.SyncRequest;
import com.mailmoat.mailevents.MailEventsHandler;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The real-time path's benchmark against a running local runtime (issue 15, item 6):
 *
 * <ol>
 *   <li><b>Notification to quarantine</b>: an account in Protect with one subscription per mailbox;
 *       messages delivered to the simulator (its notifications POSTed to the runtime's webhook, every
 *       Graph call delayed by the simulator's {@code latencyMs}) at a steady rate, one in
 *       {@code malicious-every} malicious. For each malicious message, the time from delivery to
 *       seeing it in the quarantine folder (the simulator's own listing, polled every 25 ms); for
 *       every message, the notification-to-verdict time the check recorded.</li>
 *   <li><b>One instance's throughput</b>: the mail-events function's handler built once in this JVM
 *       (its wiring from the function's environment, as Lambda builds one execution environment) and
 *       fed the same kind of messages, ten per SQS batch, one batch after another; messages/s with and
 *       without Graph latency.</li>
 * </ol>
 * Run by {@code bench/scripts/realtime.sh}, which starts the runtime and sets the class path (the
 * mail-events zip's {@code lib/} plus this module's classes).
 */
public final class RealTimeBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("e2e/src/test/resources/realmail");

    private final Map<String, Map<String, String>> env = new HashMap<>();
    private final String simulator;
    private final HttpClient http;
    private final Options options;
    String tenantId;
    String accountId;
    final List<String> mailboxes = new ArrayList<>();

    record Options(Path envDir, String simulatorUrl, int mailboxCount, int latencyMessages, double perSecond,
                   int maliciousEvery, int throughputMessages, int graphLatencyMs) {
        static Options parse(String[] args) {
            Map<String, String> a = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            return new Options(Path.of(a.get("env-dir")), a.get("simulator"), Integer.parseInt(a.getOrDefault("mailboxes", "5")),
                    Integer.parseInt(a.getOrDefault("messages", "200")), Double.parseDouble(a.getOrDefault("rate", "4")),
                    Integer.parseInt(a.getOrDefault("malicious-every", "4")),
                    Integer.parseInt(a.getOrDefault("throughput-messages", "300")),
                    Integer.parseInt(a.getOrDefault("latency-ms", "40")));
        }
    }

    RealTimeBench(Options options) throws Exception {
        this.options = options;
        this.simulator = options.simulatorUrl().replaceFirst("/$", "");
        for (String function : List.of("MailEventsFunction", "SubscriptionSyncFunction")) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : Files.readAllLines(options.envDir().resolve(function + ".env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            env.put(function, values);
        }
        // The handler built here reads its settings as the local runtime's functions do (system properties).
        env.get("MailEventsFunction").forEach(System::setProperty);
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        this.http = HttpClient.newBuilder().sslContext(trusting(Path.of(env.get("MailEventsFunction").get("M365_TRUSTED_CERT"))))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    Options options() {
        return options;
    }

    public static void main(String[] args) throws Exception {
        RealTimeBench bench = new RealTimeBench(Options.parse(args));
        bench.protectedTenant();
        bench.latency();
        bench.throughput(0);
        bench.throughput(bench.options.graphLatencyMs());
        System.exit(0);
    }

    // ---- set-up: a tenant in the simulator, an account in Protect, its subscriptions ---------------

    void protectedTenant() throws Exception {
        Path dir = Files.createTempDirectory("realtime-bench-tenant");
        String domain = "rt-bench-" + Long.toString(System.nanoTime(), 36) + ".example";
        ObjectNode tenant = JSON.createObjectNode().put("tenantId", UUID.randomUUID().toString()).put("displayName", "Realtime Bench").put("isTrial", false);
        tenant.putArray("domains").add(domain);
        tenant.putArray("globalAdmins").add("admin@" + domain);
        ArrayNode users = JSON.createArrayNode();
        for (int i = 0; i < options.mailboxCount(); i++) {
            String upn = (i == 0 ? "admin" : "user" + i) + "@" + domain;
            userIds.put(upn, UUID.randomUUID().toString());
            users.addObject().put("id", userIds.get(upn)).put("userPrincipalName", upn).put("mail", upn).put("displayName", "User " + i);
            mailboxes.add(upn);
        }
        Files.writeString(dir.resolve("tenant.json"), tenant.toString());
        Files.writeString(dir.resolve("users.json"), users.toString());
        tenantId = sim("POST", "/_sim/tenants", JSON.createObjectNode().put("directory", dir.toString()).toString())
                .path("tenantId").asText();
        sim("POST", "/_sim/tenants/" + tenantId + "/consent", null);

        Map<String, String> e = env.get("MailEventsFunction");
        AccountRepository accounts = new DynamoAccountRepository(dynamo(e), e.get("ACCOUNTS_TABLE"));
        accountId = UUID.randomUUID().toString();
        accounts.create(Account.signedUp(accountId, "bench-" + accountId + "@" + domain, "Bench", Region.US, Instant.now()));
        accounts.linkTenant(accounts.findById(accountId).orElseThrow().withTenant(tenantId, List.of(domain)));
        accounts.update(accounts.findById(accountId).orElseThrow().withMode(Mode.PROTECT, TargetedTo.EVERYONE));
        Map<String, String> s = env.get("SubscriptionSyncFunction");
        new SqsSyncRequests(sqs(s), s.get("SUBSCRIPTION_SYNC_QUEUE_URL"))
                .request(SyncRequest.of(accountId, SyncRequest.Reason.MODE_CHANGED));
        Instant deadline = Instant.now().plusSeconds(120);
        while (sim("GET", "/_sim/tenants/" + tenantId + "/subscriptions", null).path("value").size() < mailboxes.size()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("subscriptions were not created");
            }
            Thread.sleep(200);
        }
        System.out.printf("set-up: tenant %s, %d mailboxes subscribed, account %s in PROTECT%n", tenantId, mailboxes.size(),
                accountId);
    }

    // ---- phase 1: notification to quarantine -----------------------------------------------------------

    private void latency() throws Exception {
        faults("latencyMs=" + options.graphLatencyMs());
        Map<String, Instant> delivered = new ConcurrentHashMap<>();
        Map<String, String> ownerOf = new ConcurrentHashMap<>();
        Map<String, Instant> quarantined = new ConcurrentHashMap<>();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    for (String upn : mailboxes) {
                        for (JsonNode m : sim("GET", "/_sim/tenants/" + tenantId + "/mailboxes/" + upn + "/messages", null)
                                .path("value")) {
                            String id = m.path("immutableId").asText();
                            if (delivered.containsKey(id) && m.path("folder").asText().startsWith("Mailmoat")) {
                                quarantined.putIfAbsent(id, Instant.now());
                            }
                        }
                    }
                    Thread.sleep(25);
                } catch (InterruptedException ie) {
                    return;
                } catch (Exception ignored) {
                    // next round
                }
            }
        }, "quarantine-watcher");
        watcher.setDaemon(true);
        watcher.start();
        long gap = Math.round(1000 / options.perSecond());
        List<String> malicious = new ArrayList<>();
        String load = load();
        Instant started = Instant.now();
        for (int i = 0; i < options.latencyMessages(); i++) {
            boolean bad = i % options.maliciousEvery() == 0;
            String upn = mailboxes.get(i % mailboxes.size());
            Instant at = Instant.now();
            JsonNode message = deliver(upn, bad ? (i % 2 == 0 ? "phish-password.eml" : "phish-invoice-attachment.eml")
                    : "ham-lunch.eml", null);
            String id = message.path("immutableId").asText();
            delivered.put(id, at);
            ownerOf.put(id, upn);
            if (bad) {
                malicious.add(id);
            }
            long sleep = started.plusMillis(gap * (i + 1)).toEpochMilli() - System.currentTimeMillis();
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
        Instant deadline = Instant.now().plusSeconds(120);
        while (quarantined.keySet().containsAll(malicious) == false && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        watcher.interrupt();
        List<Long> toQuarantine = new ArrayList<>();
        for (String id : malicious) {
            if (quarantined.containsKey(id)) {
                toQuarantine.add(Duration.between(delivered.get(id), quarantined.get(id)).toMillis());
            }
        }
        Map<String, String> e = env.get("MailEventsFunction");
        List<Long> toVerdict = new ArrayList<>();
        List<RealTimeEvent> events = new DynamoRealTimeStats(dynamo(e), e.get("REALTIME_TABLE")).latest(accountId, options.latencyMessages());
        events.forEach(ev -> toVerdict.add(ev.latencyMillis()));
        long blocked = events.stream().filter(ev -> ev.action() == RealTimeAction.QUARANTINED).count();
        System.out.printf("latency: %d messages at %.1f/s over %d mailboxes, %d malicious, Graph latency %d ms, load %s%n",
                options.latencyMessages(), options.perSecond(), mailboxes.size(), malicious.size(), options.graphLatencyMs(), load);
        System.out.printf("  delivery -> in quarantine: p50 %d ms, p99 %d ms, max %d ms (%d of %d quarantined)%n",
                pct(toQuarantine, 50), pct(toQuarantine, 99), pct(toQuarantine, 100), toQuarantine.size(), malicious.size());
        System.out.printf("  notification -> verdict (the check's own record of %d messages, %d blocked): p50 %d ms, p99 %d ms%n",
                toVerdict.size(), blocked, pct(toVerdict, 50), pct(toVerdict, 99));
        faults(null);
    }

    // ---- phase 2: one instance's throughput ------------------------------------------------------------

    private void throughput(int graphLatencyMs) throws Exception {
        // The runtime's own consumer must not see these messages: their notifications are dropped.
        faults("notifyDrop=1,latencyMs=" + graphLatencyMs);
        List<MailEvent> events = new ArrayList<>();
        int warmUp = 30;
        for (int i = 0; i < options.throughputMessages() + warmUp; i++) {
            String upn = mailboxes.get(i % mailboxes.size());
            boolean bad = i % 20 == 0;
            JsonNode m = deliver(upn, bad ? "phish-password.eml" : (i % 2 == 0 ? "ham-lunch.eml" : "ham-quarterly.eml"), null);
            events.add(new MailEvent(accountId, "bench", userId(upn), upn, m.path("immutableId").asText(), Instant.now()));
        }
        MailEventsHandler handler = instance();
        run(handler, events.subList(0, warmUp));
        String load = load();
        long started = System.nanoTime();
        int failed = run(handler, events.subList(warmUp, events.size()));
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("one instance, batches of 10 one after another, Graph latency %d ms: %d messages in %.1f s = %.1f msgs/s"
                + " (%d failed), load %s%n", graphLatencyMs, options.throughputMessages(), seconds,
                options.throughputMessages() / seconds, failed, load);
        faults(null);
    }

    private MailEventsHandler handler;

    private MailEventsHandler instance() {
        if (handler == null) {
            handler = new MailEventsHandler();
        }
        return handler;
    }

    private static int run(MailEventsHandler handler, List<MailEvent> events) {
        int failed = 0;
        for (int from = 0; from < events.size(); from += 10) {
            SQSEvent batch = new SQSEvent();
            List<SQSEvent.SQSMessage> records = new ArrayList<>();
            for (MailEvent event : events.subList(from, Math.min(events.size(), from + 10))) {
                SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
                record.setMessageId(UUID.randomUUID().toString());
                record.setBody(RealTimeMessages.MAIL_EVENTS.encode(event));
                record.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:bench");
                record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
                records.add(record);
            }
            batch.setRecords(records);
            SQSBatchResponse response = handler.handleRequest(batch, null);
            failed += response.getBatchItemFailures().size();
        }
        return failed;
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private final Map<String, String> userIds = new ConcurrentHashMap<>();

    private String userId(String upn) {
        return userIds.get(upn);
    }

    JsonNode deliver(String upn, String fixture, String folder) throws Exception {
        String eml = Files.readString(FIXTURES.resolve(fixture)).replaceFirst("(?mi)^Message-ID:.*$",
                "Message-ID: <" + UUID.randomUUID() + "@rt-bench.example>");
        return sim("POST", "/_sim/tenants/" + tenantId + "/deliver", JSON.createObjectNode().put("to", upn).put("eml", eml)
                .put("folder", folder == null ? "inbox" : folder).toString());
    }

    void faults(String spec) throws Exception {
        if (spec == null) {
            sim("DELETE", "/_sim/faults", null);
        } else {
            sim("PUT", "/_sim/faults", JSON.createObjectNode().put("spec", spec).toString());
        }
    }

    JsonNode sim(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator + path)).timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static DynamoDbClient dynamo(Map<String, String> e) {
        return DynamoDbClient.builder().endpointOverride(URI.create(e.get("AWS_ENDPOINT_URL_DYNAMODB")))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    private static SqsClient sqs(Map<String, String> e) {
        return SqsClient.builder().endpointOverride(URI.create(e.get("AWS_ENDPOINT_URL_SQS")))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("simulator", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    static long pct(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
