package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.mailmoat.local.lambda.FunctionClasspath;
import com.mailmoat.local.template.CloudFormationYaml;
import com.mailmoat.local.template.FunctionDefinition;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** template.yaml is the single source of wiring: these checks keep it deployable and least-privilege. */
class TemplateTest {
    private static Map<String, Object> template;
    private static Map<String, Object> resources;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        template = CloudFormationYaml.load(LocalStack.root().resolve("template.yaml"));
        resources = (Map<String, Object>) template.get("Resources");
    }

    static Stream<String> functions() throws IOException {
        load();
        return functionIds();
    }

    private static Stream<String> functionIds() {
        return resources.entrySet().stream().filter(e -> "AWS::Serverless::Function".equals(type(e.getValue())))
                .map(Map.Entry::getKey);
    }

    @ParameterizedTest
    @MethodSource("functions")
    void everyHandlerIsAClassImplementingTheHandlerInterfaceForItsEvents(String function) throws Exception {
        Map<String, Object> props = properties(function);
        String handler = (String) props.get("Handler");
        // Loaded from the function's own deployment class path, as Lambda would: a handler missing
        // from its package (or a dependency the module forgot) fails here.
        FunctionDefinition definition = new FunctionDefinition(function, function, handler, 3, 128, Map.of(), List.of(),
                (String) props.get("CodeUri"));
        List<Path> classpath = FunctionClasspath.entries(LocalStack.root(), definition);
        assertThat(classpath).as(function + " is built (target/classes and target/lambda-classpath.txt)").isNotEmpty();
        ClassLoader loader = new java.net.URLClassLoader(classpath.stream().map(TemplateTest::url)
                .toArray(java.net.URL[]::new), TemplateTest.class.getClassLoader());
        Class<?> handlerClass = Class.forName(handler.split("::")[0], false, loader);
        assertThat(RequestHandler.class).isAssignableFrom(handlerClass);
        handlerClass.getConstructor(); // Lambda needs the no-argument constructor
        Type[] io = handlerTypes(handlerClass);
        if (eventTypes(function).equals(List.of(STATE_MACHINE_TASK))) {
            // Step Functions passes the Task's JSON input and takes its JSON output.
            assertThat(io).as(function + " input/output types").allSatisfy(t -> assertThat(t.getTypeName())
                    .isEqualTo("java.util.Map<java.lang.String, java.lang.Object>"));
            return;
        }
        Class<?>[] expected = expectedTypes(eventTypes(function));
        assertThat(io).as(function + " input/output types").containsExactly(expected[0], expected[1]);
        assertThat(Files.exists(LocalStack.root().resolve((String) props.get("CodeUri")).getParent()))
                .as("CodeUri of " + function + " lies in a module's target/").isTrue();
    }

    @ParameterizedTest
    @MethodSource("functions")
    void everyFunctionHasSampleEventsThatDeserialiseIntoItsEventType(String function) throws IOException {
        List<Path> samples = sampleEvents(function);
        assertThat(samples).as("events/" + function + "*.json").isNotEmpty();
        String eventType = eventTypes(function).get(0);
        for (Path sample : samples) {
            switch (eventType) {
                case "HttpApi" -> {
                    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(sample.toString());
                    assertThat(routes(function)).as(sample + " routeKey").contains(event.getRouteKey());
                    assertThat(event.getRequestContext().getHttp().getMethod()).isNotBlank();
                }
                case "SQS" -> {
                    SQSEvent event = EventLoader.loadSQSEvent(sample.toString());
                    assertThat(event.getRecords()).isNotEmpty();
                    assertThat(event.getRecords().get(0).getBody()).isNotBlank();
                }
                case "Schedule", "ScheduleV2" -> assertThat(EventLoader.loadScheduledEvent(sample.toString()).getSource()).isNotBlank();
                case STATE_MACHINE_TASK -> {
                    // The Task state's Parameters: the execution's account and upgrade ids.
                    Map<?, ?> input = new com.fasterxml.jackson.databind.ObjectMapper().readValue(sample.toFile(), Map.class);
                    assertThat(input.get("accountId")).as(sample + " accountId").isNotNull();
                    assertThat(input.get("upgradeId")).as(sample + " upgradeId").isNotNull();
                }
                default -> throw new AssertionError("No sample-event check for " + eventType);
            }
        }
    }

    @Test
    void everyQueueThatTriggersAFunctionHasADeadLetterQueueAndALongEnoughVisibilityTimeout() {
        int checked = 0;
        for (String function : functionIds().toList()) {
            for (Map<String, Object> event : events(function).values()) {
                if (!"SQS".equals(event.get("Type"))) {
                    continue;
                }
                String queue = getAttTarget(((Map<?, ?>) event.get("Properties")).get("Queue"));
                Map<String, Object> queueProps = properties(queue);
                Map<?, ?> redrive = (Map<?, ?>) queueProps.get("RedrivePolicy");
                assertThat(redrive).as(queue + " RedrivePolicy").isNotNull();
                assertThat(redrive.get("maxReceiveCount")).as(queue + " maxReceiveCount").isEqualTo(5);
                String dlq = getAttTarget(redrive.get("deadLetterTargetArn"));
                assertThat(type(resources.get(dlq))).isEqualTo("AWS::SQS::Queue");
                int timeout = functionTimeout(function);
                assertThat((Integer) queueProps.get("VisibilityTimeout")).as(queue + " visibility vs " + function + " timeout")
                        .isGreaterThanOrEqualTo(6 * timeout);
                assertThat(properties(function)).as("SQS-triggered " + function + " must not have its own DLQ")
                        .doesNotContainKey("DeadLetterQueue");
                assertThat(String.valueOf(((Map<?, ?>) event.get("Properties")).get("FunctionResponseTypes")))
                        .contains("ReportBatchItemFailures");
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void noPolicyGrantsWildcardActionsOrResources() {
        List<String> wildcards = new ArrayList<>();
        for (String function : functionIds().toList()) {
            Object policies = properties(function).get("Policies");
            if (policies instanceof List<?> list) {
                for (Object policy : list) {
                    if (policy instanceof Map<?, ?> map && map.containsKey("Statement")) {
                        for (Object statement : (List<?>) map.get("Statement")) {
                            Map<?, ?> s = (Map<?, ?>) statement;
                            for (Object action : asList(s.get("Action"))) {
                                if (String.valueOf(action).contains("*")) {
                                    wildcards.add(function + " Action " + action);
                                }
                            }
                            for (Object resource : asList(s.get("Resource"))) {
                                if ("*".equals(resource)) {
                                    wildcards.add(function + " Resource *");
                                }
                            }
                        }
                    } else if (policy instanceof String managed) {
                        wildcards.add(function + " uses a managed policy " + managed + "; use SAM policy templates");
                    }
                }
            }
        }
        assertThat(wildcards).isEmpty();
    }

    /**
     * Least privilege for DynamoDB (issue 19): no SAM CRUD or write template (they grant Scan,
     * BatchWriteItem and DeleteItem on the whole table); explicit statements never allow PartiQL
     * writes or table administration, and a function that answers HTTP requests never scans or
     * batch-writes; all on tables (or their indexes) of this template only.
     */
    @Test
    void dynamoDbPermissionsAreExplicitActionsOnTablesOfThisTemplate() {
        List<String> problems = new ArrayList<>();
        List<String> forbiddenEverywhere = List.of("dynamodb:DeleteTable", "dynamodb:CreateTable",
                "dynamodb:UpdateTable", "dynamodb:PartiQLDelete", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLInsert",
                "dynamodb:UpdateTimeToLive");
        List<String> forbiddenBehindTheApi = List.of("dynamodb:Scan", "dynamodb:BatchWriteItem");
        int statements = 0;
        for (String function : functionIds().toList()) {
            List<String> forbidden = new ArrayList<>(forbiddenEverywhere);
            if (eventTypes(function).contains("HttpApi")) {
                forbidden.addAll(forbiddenBehindTheApi);
            }
            Object policies = properties(function).get("Policies");
            for (Object policy : asList(policies)) {
                if (policy instanceof Map<?, ?> map) {
                    for (Object template : map.keySet()) {
                        if (List.of("DynamoDBCrudPolicy", "DynamoDBWritePolicy").contains(String.valueOf(template))) {
                            problems.add(function + " uses " + template + ": list the actions it needs instead");
                        }
                    }
                    for (Object statement : asList(map.get("Statement"))) {
                        Map<?, ?> s = (Map<?, ?>) statement;
                        List<String> actions = asList(s.get("Action")).stream().map(String::valueOf).toList();
                        if (actions.stream().noneMatch(a -> a.startsWith("dynamodb:"))) {
                            continue;
                        }
                        statements++;
                        actions.stream().filter(forbidden::contains).forEach(a -> problems.add(function + " may " + a));
                        for (Object resource : asList(s.get("Resource"))) {
                            String table = tableOf(resource);
                            if (table == null || !"AWS::DynamoDB::Table".equals(type(resources.get(table)))) {
                                problems.add(function + " grants DynamoDB actions on " + resource + ", not a table's Arn");
                            }
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(statements).isPositive();
    }

    /** The table a resource names: {@code !GetAtt T.Arn}, or {@code !Sub ${T.Arn}/index/...}. */
    private static String tableOf(Object resource) {
        if (!(resource instanceof Map<?, ?> r)) {
            return null;
        }
        Object getAtt = r.get("Fn::GetAtt");
        if (getAtt != null) {
            return getAtt instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(getAtt).split("\\.")[0];
        }
        Object sub = r.get("Fn::Sub");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9]+)\\.Arn}/index/[^$]*")
                .matcher(String.valueOf(sub));
        return m.matches() ? m.group(1) : null;
    }

    /** Routes that send email or check passwords have throttles of their own, stricter than the API's default. */
    @Test
    @SuppressWarnings("unchecked")
    void loginSignUpAndPasswordRoutesHaveTheirOwnStricterThrottles() {
        Map<String, Object> api = (Map<String, Object>) ((Map<String, Object>) resources.get("ConsoleHttpApi")).get("Properties");
        Map<String, Object> defaults = (Map<String, Object>) api.get("DefaultRouteSettings");
        int defaultRate = ((Number) defaults.get("ThrottlingRateLimit")).intValue();
        int defaultBurst = ((Number) defaults.get("ThrottlingBurstLimit")).intValue();
        Map<String, Map<String, Object>> throttled = new LinkedHashMap<>();
        for (String function : functionIds().toList()) {
            for (Map<String, Object> event : events(function).values()) {
                if ("HttpApi".equals(event.get("Type"))) {
                    Map<String, Object> props = (Map<String, Object>) event.get("Properties");
                    throttled.put(props.get("Method").toString().toUpperCase() + " " + props.get("Path"),
                            (Map<String, Object>) props.get("RouteSettings"));
                }
            }
        }
        for (String route : List.of("POST /api/login", "POST /api/signup", "POST /api/password", "POST /api/password/reset")) {
            Map<String, Object> settings = throttled.get(route);
            assertThat(settings).as(route + " RouteSettings").isNotNull();
            assertThat(((Number) settings.get("ThrottlingRateLimit")).intValue()).as(route).isLessThan(defaultRate)
                    .isGreaterThanOrEqualTo(1); // 30 sign-ups a minute from one source must still fit
            assertThat(((Number) settings.get("ThrottlingBurstLimit")).intValue()).as(route).isLessThan(defaultBurst);
        }
    }

    /** Access logs go to a log group with a retention; they never record query strings, bodies or headers. */
    @Test
    @SuppressWarnings("unchecked")
    void theApiWritesAccessLogsWithoutSecretsToALogGroupWithRetention() {
        for (String api : resources.keySet().stream().filter(id -> "AWS::Serverless::HttpApi".equals(type(resources.get(id)))).toList()) {
            Map<String, Object> logs = (Map<String, Object>) properties(api).get("AccessLogSettings");
            assertThat(logs).as(api + " AccessLogSettings").isNotNull();
            assertThat(retentionOf(getAttTarget(logs.get("DestinationArn")))).isBetween(1, 3653);
            assertThat(String.valueOf(logs.get("Format"))).contains("$context.requestId").contains("$context.status")
                    .contains("$context.routeKey").doesNotContain("querystring").doesNotContain("$request.")
                    .doesNotContain("$context.authorizer");
        }
    }

    /** Every function's logs have a retention; Powertools never logs whole events (bodies hold passwords). */
    @Test
    @SuppressWarnings("unchecked")
    void functionLogsHaveARetentionAndNeverIncludeEvents() {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) template.get("Globals")).get("Function");
        for (String function : functionIds().toList()) {
            Map<String, Object> logging = (Map<String, Object>) properties(function).getOrDefault("LoggingConfig",
                    globals.get("LoggingConfig"));
            assertThat(logging).as(function + " LoggingConfig").isNotNull();
            Object group = logging.get("LogGroup");
            String id = group instanceof Map<?, ?> ref ? String.valueOf(ref.get("Ref")) : String.valueOf(group);
            assertThat(retentionOf(id)).as(function + " log retention").isBetween(1, 3653);
            Map<String, Object> variables = new LinkedHashMap<>();
            for (Map<String, Object> props : List.of(globals, properties(function))) {
                Map<String, Object> environment = (Map<String, Object>) props.get("Environment");
                if (environment != null && environment.get("Variables") != null) {
                    variables.putAll((Map<String, Object>) environment.get("Variables"));
                }
            }
            assertThat(String.valueOf(variables.get("POWERTOOLS_LOGGER_LOG_EVENT"))).as(function).isNotEqualTo("true");
        }
    }

    @SuppressWarnings("unchecked")
    private static int retentionOf(String logGroup) {
        assertThat(type(resources.get(logGroup))).as(logGroup).isEqualTo("AWS::Logs::LogGroup");
        return ((Number) ((Map<String, Object>) ((Map<String, Object>) resources.get(logGroup)).get("Properties"))
                .get("RetentionInDays")).intValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionsRunOnJava21WithSnapStartOnPublishedVersions() {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) template.get("Globals")).get("Function");
        assertThat(globals.get("Runtime")).isEqualTo("java21");
        assertThat(globals.get("AutoPublishAlias")).isNotNull();
        assertThat(((Map<String, Object>) globals.get("SnapStart")).get("ApplyOn")).isEqualTo("PublishedVersions");
        for (String function : functionIds().toList()) {
            assertThat(properties(function).getOrDefault("Runtime", "java21")).isEqualTo("java21");
        }
    }

    @Test
    void awsLinterReportsNoErrorOrWarning() throws Exception {
        Process probe;
        try {
            probe = new ProcessBuilder("cfn-lint", "--version").redirectErrorStream(true).start();
            probe.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("*** SKIPPED: cfn-lint is not installed on this machine; template.yaml was NOT linted ***");
            assumeTrue(false, "cfn-lint is not installed");
            return;
        }
        Process lint = new ProcessBuilder("cfn-lint", "template.yaml").directory(LocalStack.root().toFile())
                .redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("cfn-lint output").isBlank();
        assertThat(lint.exitValue()).isZero();
    }

    // --- template helpers ---------------------------------------------------------------------

    private static String type(Object resource) {
        return (String) ((Map<?, ?>) resource).get("Type");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(String logicalId) {
        return (Map<String, Object>) ((Map<String, Object>) resources.get(logicalId)).get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> events(String function) {
        Object events = properties(function).get("Events");
        return events == null ? Map.of() : (Map<String, Map<String, Object>>) events;
    }

    private static List<String> eventTypes(String function) {
        List<String> types = events(function).values().stream().map(e -> (String) e.get("Type")).distinct().toList();
        return types.isEmpty() && stateMachineTask(function) ? List.of(STATE_MACHINE_TASK) : types;
    }

    /** A function without events that a state machine's DefinitionSubstitutions name: one of its Task states. */
    private static final String STATE_MACHINE_TASK = "StateMachineTask";

    private static boolean stateMachineTask(String function) {
        return resources.values().stream().filter(r -> "AWS::Serverless::StateMachine".equals(type(r)))
                .map(r -> ((Map<?, ?>) r).get("Properties"))
                .map(p -> String.valueOf(((Map<?, ?>) p).get("DefinitionSubstitutions")))
                .anyMatch(substitutions -> substitutions.contains("Ref=" + function + ".Alias")
                        || substitutions.contains("Ref=" + function + "}") || substitutions.contains(function + ".Arn"));
    }

    private static List<String> routes(String function) {
        return events(function).values().stream().filter(e -> "HttpApi".equals(e.get("Type")))
                .map(e -> (Map<?, ?>) e.get("Properties"))
                .map(p -> p.get("Method").toString().toUpperCase() + " " + p.get("Path")).toList();
    }

    @SuppressWarnings("unchecked")
    private static int functionTimeout(String function) {
        Object own = properties(function).get("Timeout");
        if (own != null) {
            return (Integer) own;
        }
        return (Integer) ((Map<String, Object>) ((Map<String, Object>) template.get("Globals")).get("Function")).get("Timeout");
    }

    private static java.net.URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String getAttTarget(Object getAtt) {
        Object target = ((Map<?, ?>) getAtt).get("Fn::GetAtt");
        return target instanceof List<?> list ? (String) list.get(0) : target.toString().split("\\.")[0];
    }

    private static List<?> asList(Object value) {
        return value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
    }

    private static List<Path> sampleEvents(String function) throws IOException {
        try (Stream<Path> files = Files.list(LocalStack.root().resolve("events"))) {
            return files.filter(p -> p.getFileName().toString().matches(function + "(-.*)?\\.json")).sorted().toList();
        }
    }

    private static Type[] handlerTypes(Class<?> handlerClass) {
        for (Class<?> c = handlerClass; c != null; c = c.getSuperclass()) {
            for (Type type : c.getGenericInterfaces()) {
                if (type instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return p.getActualTypeArguments();
                }
            }
        }
        throw new AssertionError(handlerClass + " does not implement RequestHandler<I, O>");
    }

    private static Class<?>[] expectedTypes(List<String> eventTypes) {
        assertThat(eventTypes).as("one kind of event source per function").hasSize(1);
        Map<String, Class<?>[]> byType = new LinkedHashMap<>();
        byType.put("HttpApi", new Class<?>[] {APIGatewayV2HTTPEvent.class, APIGatewayV2HTTPResponse.class});
        byType.put("SQS", new Class<?>[] {SQSEvent.class, SQSBatchResponse.class});
        byType.put("Schedule", new Class<?>[] {ScheduledEvent.class, Void.class});
        byType.put("ScheduleV2", new Class<?>[] {ScheduledEvent.class, Void.class});
        Class<?>[] expected = byType.get(eventTypes.get(0));
        assertThat(expected).as("known event type " + eventTypes.get(0)).isNotNull();
        return expected;
    }
}
