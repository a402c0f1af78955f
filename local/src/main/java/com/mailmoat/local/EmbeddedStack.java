package com.mailmoat.local;

import com.mailmoat.local.dynamo.LocalDynamo;
import com.mailmoat.local.http.LocalEndpoint;
import com.mailmoat.local.http.LocalHttpServer;
import com.mailmoat.local.http.RouteTable;
import com.mailmoat.local.iam.IamMode;
import com.mailmoat.local.iam.TemplatePolicies;
import com.mailmoat.local.lambda.FunctionClasspath;
import com.mailmoat.local.lambda.FunctionEnvironments;
import com.mailmoat.local.lambda.LambdaFunction;
import com.mailmoat.local.lambda.SharedEnvironment;
import com.mailmoat.local.queue.LocalQueues;
import com.mailmoat.local.queue.SqsPoller;
import com.mailmoat.local.schedule.LocalScheduler;
import com.mailmoat.local.schedule.ScheduleEndpoint;
import com.mailmoat.local.secrets.TwoStepKeySecret;
import com.mailmoat.local.ses.Outbox;
import com.mailmoat.local.ses.OutboxEndpoint;
import com.mailmoat.local.ses.SesV2Endpoint;
import com.mailmoat.local.sim.SimulatorHook;
import com.mailmoat.local.stepfunctions.ExecutionsEndpoint;
import com.mailmoat.local.stepfunctions.LocalStateMachines;
import com.mailmoat.local.stepfunctions.StepFunctionsEndpoint;
import com.mailmoat.local.template.EventSource;
import com.mailmoat.local.template.FunctionDefinition;
import com.mailmoat.local.template.StackResources;
import com.mailmoat.local.template.Template;
import com.mailmoat.local.template.TemplateException;
import com.mailmoat.local.web.ConsoleSecurityHeaders;
import com.mailmoat.local.web.StaticConsole;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The running local stack: the local stand-ins for AWS (and Microsoft), the template's tables and
 * queues, its functions wired to HTTP routes, queue pollers and schedules, and the console.
 * Everything binds to 127.0.0.1. {@link #close} stops it all, in reverse order.
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    private final List<AutoCloseable> resources = Collections.synchronizedList(new ArrayList<>());
    private final List<SqsPoller> pollers = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closed = new CountDownLatch(1);
    private String consoleUrl;
    private StackResources stack;
    private Outbox outbox;
    private LocalDynamo dynamo;
    private LocalQueues queues;
    private SesV2Endpoint ses;
    private SimulatorHook simulator;
    private volatile LocalStateMachines stateMachines;
    private StepFunctionsEndpoint stepFunctions;
    private Map<String, String> systemProperties;

    private EmbeddedStack() {
    }

    /**
     * Boots the stack; {@code out} receives the user-facing start-up lines (everything but the
     * final ready line, which the caller prints once this returns).
     */
    public static EmbeddedStack start(LocalOptions options, Consumer<String> out) throws Exception {
        EmbeddedStack running = new EmbeddedStack();
        try {
            running.boot(options, out);
            return running;
        } catch (Exception | Error e) {
            running.close();
            throw e;
        }
    }

    private void boot(LocalOptions options, Consumer<String> out) throws Exception {
        long started = System.nanoTime();
        Path templatePath = options.template() != null ? options.template() : Template.locate(searchStarts())
                .orElseThrow(() -> new TemplateException("No template.yaml found above the working directory or the "
                        + "jar; pass --template PATH"));
        Template template = Template.load(templatePath);
        Path data = options.dataDir() == null ? null : options.dataDir().toAbsolutePath().normalize();

        LocalHttpServer http = register(new LocalHttpServer(options.port()));
        consoleUrl = "http://127.0.0.1:" + http.port() + "/";

        outbox = data == null ? Outbox.inMemory() : Outbox.persistent(data.resolve("outbox.jsonl"));
        ses = register(SesV2Endpoint.start(outbox));
        // Its state machines are known once the functions are loaded; the endpoint's address is needed before.
        stepFunctions = register(StepFunctionsEndpoint.start(() -> stateMachines));
        // DynamoDB Local and ElasticMQ are independent; starting them together keeps start-up short.
        CompletableFuture<LocalDynamo> dynamoStart = async(() -> LocalDynamo.start(data == null ? null : data.resolve("dynamodb")));
        CompletableFuture<LocalQueues> queuesStart = async(() -> LocalQueues.start(data == null ? null : data.resolve("sqs")));
        // So is the simulator, whose key generation is the slowest part of start-up on a busy machine.
        CompletableFuture<SimulatorHook> simulatorStart = async(() -> SimulatorHook.start(options, data, consoleUrl));
        try {
            Exception failure = null;
            try {
                dynamo = register(join(dynamoStart));
            } catch (Exception e) {
                failure = e;
            }
            try {
                queues = register(join(queuesStart));
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } catch (Exception | Error e) {
            simulatorStart.thenAccept(SimulatorHook::close);
            throw e;
        }

        Map<String, String> parameters = new LinkedHashMap<>();
        if (template.parameters().containsKey("ConsoleUrl")) {
            parameters.put("ConsoleUrl", consoleUrl.substring(0, consoleUrl.length() - 1));
        }
        List<FunctionDefinition> functions;
        Map<String, String> properties;
        try {
            stack = new StackResources(template, parameters);
            dynamo.createTables(stack);
            queues.createQueues(stack);
            functions = FunctionDefinition.readAll(stack);
            properties = new LinkedHashMap<>(SharedEnvironment.resolve(functions, stack.intrinsics()));
            properties.putAll(awsProperties());
        } catch (Exception | Error e) {
            simulatorStart.thenAccept(SimulatorHook::close);
            throw e;
        }
        // Joined last: generating the demo tenant overlaps with everything above.
        simulator = register(join(simulatorStart));
        LOG.debug("Local services started");

        properties.putAll(simulator.systemProperties());
        // What Secrets Manager holds in AWS, given directly (the functions read no secret store locally).
        Map<String, String> secrets = new LinkedHashMap<>(TwoStepKeySecret.settings(data));
        // No CloudFront in front locally: the connection's address is the caller's, whatever a header says.
        secrets.put("CONSOLE_EDGE_SECRET", ""); // EdgeOrigin.SECRET_SETTING (functions/lambda-support)
        properties.putAll(secrets);
        properties.putAll(options.settings());
        properties.forEach(System::setProperty);
        systemProperties = Map.copyOf(properties);
        Path environments = data != null ? data.resolve("function-env") : temporaryDirectory("mailmoat-function-env");
        Map<String, String> stackSettings = new LinkedHashMap<>(awsProperties());
        stackSettings.putAll(simulator.systemProperties());
        stackSettings.putAll(secrets);
        FunctionEnvironments.write(environments, functions, stack.intrinsics(), stackSettings);

        ClassLoader loader = FunctionClasspath.loader(template.location() == null ? null : template.location().getParent(),
                functions, Thread.currentThread().getContextClassLoader());
        IamMode iam = options.iam();
        List<LambdaFunction> lambdas = functions.stream().map(f -> LambdaFunction.load(f, loader,
                iam == IamMode.OFF ? null : TemplatePolicies.of(stack, f, iam))).toList();
        RouteTable routes = RouteTable.of(lambdas);
        LocalScheduler scheduler = register(new LocalScheduler(lambdas, systemProperties));
        List<LocalEndpoint> endpoints = new ArrayList<>();
        endpoints.add(new OutboxEndpoint(outbox));
        endpoints.add(new com.mailmoat.local.sim.LocalDnsEndpoint(simulator, consoleUrl));
        endpoints.add(new ScheduleEndpoint(scheduler));
        endpoints.add(new ExecutionsEndpoint(() -> stateMachines));
        endpoints.add(console(template));
        http.start(routes, endpoints);

        // Step Functions: the template's state machines, run by the ASL interpreter, behind the SDK's protocol.
        stateMachines = register(new LocalStateMachines(stack, template.location() == null ? Path.of("")
                : template.location().getParent(), lambdas, Double.parseDouble(properties.getOrDefault(
                "MAILMOAT_LOCAL_WAIT_SCALE", "1.0"))));

        SqsClient sqs = register(queues.client());
        for (LambdaFunction lambda : lambdas) {
            for (EventSource event : lambda.definition().events()) {
                if (event instanceof EventSource.Sqs source && source.enabled()) {
                    this.pollers.add(register(new SqsPoller(sqs, (String) stack.ref(source.queueLogicalId()),
                            stack.queueArn(source.queueLogicalId()), source, lambda).start()));
                }
            }
        }
        lambdas.stream().flatMap(l -> l.definition().events().stream()
                        .filter(EventSource.Unsupported.class::isInstance)
                        .map(e -> l.definition().logicalId() + "." + e.name() + " (" + ((EventSource.Unsupported) e).type() + ")"))
                .forEach(idle -> LOG.warn("Event not run locally: {}", idle));
        scheduler.skipped().forEach(idle -> LOG.warn("Schedule not run locally: {}", idle));

        simulator.printAddresses(out);
        simulator.afterStart(out);
        // Operators (and end-to-end tests) may inspect the local tables and queues directly.
        out.accept("DynamoDB Local: " + dynamo.endpoint());
        out.accept("SQS (ElasticMQ): " + queues.endpoint());
        out.accept("Template: " + template.location() + " (" + functions.size() + " functions, "
                + routes.routes().size() + " routes, " + pollers.size() + " queue pollers)");
        out.accept("Data: " + (data == null ? "in memory" : data));
        out.accept("IAM: " + switch (iam) {
            case ENFORCE -> "enforced: a function's AWS call its template Policies do not allow fails with AccessDenied";
            case WARN -> "warn: a function's AWS call its template Policies do not allow is logged, not refused";
            case OFF -> "not checked";
        });
        out.accept("Function environments: " + environments + " (<LogicalId>.env: to run one function in a JVM of its own)");
        LOG.info("Started in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /** The console URL, e.g. {@code http://127.0.0.1:8080/}. */
    public String consoleUrl() {
        return consoleUrl;
    }

    /** The local stack's resources (table names, queue URLs, ...). */
    public StackResources resources() {
        return stack;
    }

    /** The emails sent through the local SES endpoint. */
    public Outbox outbox() {
        return outbox;
    }

    /** DynamoDB Local. */
    public LocalDynamo dynamo() {
        return dynamo;
    }

    /** ElasticMQ. */
    public LocalQueues queues() {
        return queues;
    }

    /** The template's state machines, run locally. */
    public LocalStateMachines stateMachines() {
        return stateMachines;
    }

    /** The Microsoft 365 simulator of this stack. */
    public SimulatorHook simulator() {
        return simulator;
    }

    /** The system properties this stack set for its functions. */
    public Map<String, String> systemProperties() {
        return systemProperties;
    }

    /** Blocks until {@link #close} has run. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        // Let every poller finish its current poll at the same time rather than one after another.
        pollers.forEach(SqsPoller::stopSoon);
        List<AutoCloseable> reverse;
        synchronized (resources) {
            reverse = new ArrayList<>(resources);
            resources.clear();
        }
        Collections.reverse(reverse);
        for (AutoCloseable resource : reverse) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
        closed.countDown();
    }

    /** AWS SDK settings that point every function's clients at the local stand-ins. */
    private Map<String, String> awsProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("aws.region", com.mailmoat.local.template.Intrinsics.REGION);
        properties.put("AWS_REGION", com.mailmoat.local.template.Intrinsics.REGION);
        properties.put("aws.accessKeyId", LocalAws.ACCESS_KEY_ID);
        properties.put("aws.secretAccessKey", LocalAws.SECRET_ACCESS_KEY);
        properties.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint());
        properties.put("AWS_ENDPOINT_URL_SQS", queues.endpoint());
        properties.put("AWS_ENDPOINT_URL_SESV2", ses.url());
        properties.put("AWS_ENDPOINT_URL_SFN", stepFunctions.url());
        properties.put("MAILMOAT_LOCAL", "true");
        return properties;
    }

    /** The checkout's web/ beside the template when present, else the copy packaged in the jar. */
    private static StaticConsole console(Template template) {
        Path web = template.location() == null ? null : template.location().getParent().resolve("web");
        Map<String, List<String>> headers = ConsoleSecurityHeaders.of(template);
        return web != null && Files.isDirectory(web) ? StaticConsole.fromDirectory(web, headers)
                : StaticConsole.fromResources("web", EmbeddedStack.class.getClassLoader(), headers);
    }

    private static List<Path> searchStarts() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(EmbeddedStack.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            LOG.debug("Cannot tell where the jar is", e);
        }
        return starts;
    }

    /** A directory deleted when the stack closes. */
    private Path temporaryDirectory(String prefix) throws java.io.IOException {
        Path dir = Files.createTempDirectory(prefix);
        register(() -> {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        });
        return dir;
    }

    private <T extends AutoCloseable> T register(T resource) {
        resources.add(resource);
        return resource;
    }

    private interface Starter<T> {
        T start() throws Exception;
    }

    private static <T> CompletableFuture<T> async(Starter<T> starter) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(starter.start());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "start");
        thread.setDaemon(true);
        thread.start();
        return future;
    }

    private static <T> T join(CompletableFuture<T> future) throws Exception {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
