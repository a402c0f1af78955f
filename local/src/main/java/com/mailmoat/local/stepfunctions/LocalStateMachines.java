package com.mailmoat.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.local.lambda.LambdaFunction;
import com.mailmoat.local.template.Intrinsics;
import com.mailmoat.local.template.StackResources;
import com.mailmoat.local.template.Template;
import com.mailmoat.local.template.TemplateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The template's state machines ({@code AWS::Serverless::StateMachine} with a {@code DefinitionUri}),
 * run locally: each definition is read from its file, {@code DefinitionSubstitutions} applied, and
 * executions run by the {@link AslInterpreter} on threads of their own, invoking the template's
 * functions in-process as Step Functions would invoke Lambda (a task ARN names a function, possibly
 * with an alias). Executions live in memory.
 */
public final class LocalStateMachines implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStateMachines.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TYPE = "AWS::Serverless::StateMachine";

    private final Map<String, JsonNode> definitions = new LinkedHashMap<>();
    private final Map<String, LambdaFunction> functionsByName = new LinkedHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final ExecutorService threads;
    private final double waitScale;

    public LocalStateMachines(StackResources stack, Path templateDir, List<LambdaFunction> functions, double waitScale) {
        this.waitScale = waitScale;
        Intrinsics intrinsics = stack.intrinsics();
        for (LambdaFunction function : functions) {
            functionsByName.put(function.definition().functionName(), function);
        }
        for (Template.Resource resource : stack.resources().values()) {
            if (!resource.type().equals(TYPE) && !resource.type().equals("AWS::StepFunctions::StateMachine")) {
                continue;
            }
            Map<String, Object> properties = resource.properties();
            Object uri = properties.get("DefinitionUri");
            String text;
            try {
                if (uri instanceof String file) {
                    text = Files.readString(templateDir.resolve(file));
                } else if (properties.get("Definition") != null) {
                    text = JSON.writeValueAsString(intrinsics.resolve(properties.get("Definition")));
                } else {
                    throw new TemplateException(resource.logicalId() + " has no DefinitionUri file or Definition");
                }
            } catch (IOException e) {
                throw new TemplateException(resource.logicalId() + ": cannot read " + uri + ": " + e.getMessage());
            }
            Object substitutions = intrinsics.resolve(properties.get("DefinitionSubstitutions"));
            if (substitutions instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    text = text.replace("${" + entry.getKey() + "}", String.valueOf(entry.getValue()));
                }
            }
            definitions.put((String) stack.ref(resource.logicalId()), AslInterpreter.parse(text));
        }
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "state-machine-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The ARNs of the state machines. */
    public List<String> stateMachineArns() {
        return List.copyOf(definitions.keySet());
    }

    /**
     * Starts an execution; the same name again returns the first one when its input is the same, as
     * Step Functions does, and is refused otherwise.
     *
     * @throws IllegalArgumentException for an unknown state machine
     * @throws IllegalStateException    when the name was used with another input
     */
    public Execution start(String stateMachineArn, String name, String input) {
        JsonNode definition = definitions.get(stateMachineArn);
        if (definition == null) {
            throw new IllegalArgumentException("State Machine Does Not Exist: '" + stateMachineArn + "'");
        }
        String executionName = name == null || name.isBlank() ? java.util.UUID.randomUUID().toString() : name;
        String arn = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + executionName;
        JsonNode parsed = AslInterpreter.parse(input == null || input.isBlank() ? "{}" : input);
        Execution execution = new Execution(arn, stateMachineArn, executionName, parsed.toString(), Instant.now());
        Execution existing = executions.putIfAbsent(arn, execution);
        if (existing != null) {
            if (existing.input().equals(parsed.toString())) {
                return existing;
            }
            throw new IllegalStateException("Execution Already Exists: '" + arn + "'");
        }
        LOG.info("Execution {} started", arn);
        threads.execute(() -> {
            new AslInterpreter(definition, this::invoke, waitScale).run(parsed, execution);
            LOG.info("Execution {} {}{}", arn, execution.status(), execution.error() == null ? "" : " (" + execution.error() + ")");
        });
        return execution;
    }

    public Optional<Execution> execution(String executionArn) {
        return Optional.ofNullable(executions.get(executionArn));
    }

    public List<Execution> executions() {
        List<Execution> all = new ArrayList<>(executions.values());
        all.sort(java.util.Comparator.comparing(Execution::startDate));
        return all;
    }

    private JsonNode invoke(String resourceArn, JsonNode input, Duration timeout) {
        LambdaFunction function = functionsByName.get(functionName(resourceArn));
        if (function == null) {
            throw new AslException("States.Runtime", "No function of this stack at " + resourceArn);
        }
        long started = System.nanoTime();
        try {
            Object result = function.invoke(JSON.convertValue(input, Map.class));
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(timeout) > 0) {
                throw new AslException("States.Timeout", "The task ran longer than its TimeoutSeconds");
            }
            return JSON.valueToTree(result);
        } catch (LambdaFunction.FunctionError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw AslInterpreter.lambdaError(cause, LocalStateMachines::errorDocument);
        }
    }

    /** Lambda's Java error document, as the Cause of a task's error. */
    private static String errorDocument(Throwable failure) {
        ObjectNode document = JSON.createObjectNode();
        document.put("errorMessage", failure.getMessage() == null ? "" : failure.getMessage());
        document.put("errorType", failure.getClass().getName());
        document.putArray("stackTrace");
        return document.toString();
    }

    /** {@code arn:aws:lambda:<region>:<account>:function:<name>[:<alias or version>]} → name. */
    static String functionName(String arn) {
        String[] parts = arn.split(":");
        if (parts.length >= 7 && parts[2].equals("lambda") && parts[5].equals("function")) {
            return parts[6];
        }
        return arn;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
