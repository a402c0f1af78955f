package com.mailmoat.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Amazon States Language definition, state by state, on the calling thread: the states and
 * fields Mailmoat's state machines use — Task (a Lambda function by ARN; Parameters, ResultSelector,
 * ResultPath, TimeoutSeconds, Retry, Catch), Choice (Variable with BooleanEquals, StringEquals,
 * NumericEquals, IsPresent; And, Or, Not; Default), Wait (Seconds, SecondsPath), Pass (Result,
 * Parameters, ResultPath), Succeed and Fail, plus InputPath and OutputPath. Errors are named as Step
 * Functions names them: the function's exception type (its fully qualified class name, as Lambda's Java
 * runtime reports it), {@code Lambda.Unknown} when the function died, {@code States.Timeout},
 * {@code States.Runtime}; {@code States.ALL} matches any of them in Retry and Catch.
 */
public final class AslInterpreter {
    private static final Logger LOG = LoggerFactory.getLogger(AslInterpreter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Invokes a task's Lambda function: the function's answer, or an {@link AslException} naming its error. */
    public interface Tasks {
        JsonNode invoke(String resourceArn, JsonNode input, Duration timeout);
    }

    private final JsonNode definition;
    private final Tasks tasks;
    private final double waitScale;

    /**
     * @param waitScale how long Retry intervals and Wait states really wait, relative to the definition
     *                  (1.0 in the local runtime; tests may shorten them)
     */
    public AslInterpreter(JsonNode definition, Tasks tasks, double waitScale) {
        this.definition = definition;
        this.tasks = tasks;
        this.waitScale = waitScale;
    }

    /** Runs the definition with {@code input} to its end; records states and the outcome on {@code execution}. */
    public void run(JsonNode input, Execution execution) {
        JsonNode states = definition.path("States");
        String name = definition.path("StartAt").asText();
        JsonNode data = input;
        try {
            while (true) {
                JsonNode state = states.get(name);
                if (state == null) {
                    throw new AslException("States.Runtime", "No state " + name);
                }
                execution.entered(name);
                String type = state.path("Type").asText();
                JsonNode effective = path(data, state, "InputPath");
                switch (type) {
                    case "Task" -> {
                        Step step = task(name, state, effective, data, execution);
                        if (step.next == null) {
                            execution.succeeded(step.data);
                            return;
                        }
                        data = step.data;
                        name = step.next;
                        continue;
                    }
                    case "Pass" -> {
                        JsonNode result = state.has("Result") ? state.get("Result")
                                : state.has("Parameters") ? parameters(state.get("Parameters"), effective) : effective;
                        data = output(state, JsonPaths.write(data, resultPath(state), result));
                    }
                    case "Choice" -> {
                        String next = choose(state, effective);
                        if (next == null) {
                            throw new AslException("States.NoChoiceMatched", "No choice of " + name + " matched");
                        }
                        name = next;
                        continue;
                    }
                    case "Wait" -> {
                        double seconds = state.has("SecondsPath") ? JsonPaths.read(effective, state.get("SecondsPath").asText())
                                .asDouble() : state.path("Seconds").asDouble(0);
                        sleep(Duration.ofMillis((long) (seconds * 1000)));
                        data = output(state, data);
                    }
                    case "Succeed" -> {
                        execution.succeeded(output(state, effective));
                        return;
                    }
                    case "Fail" -> {
                        execution.failed(state.path("Error").asText("States.Failed"), state.path("Cause").asText(""));
                        return;
                    }
                    default -> throw new AslException("States.Runtime", "Unsupported state type " + type + " (" + name + ")");
                }
                if (state.path("End").asBoolean(false)) {
                    execution.succeeded(data);
                    return;
                }
                name = state.path("Next").asText();
            }
        } catch (AslException e) {
            execution.failed(e.error(), e.causeText());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            execution.failed("States.Runtime", "The local runtime stopped");
        }
    }

    private record Step(JsonNode data, String next) {
    }

    /** A Task with its retries; a caught error continues at the Catch's Next. */
    private Step task(String name, JsonNode state, JsonNode effective, JsonNode data, Execution execution)
            throws InterruptedException {
        JsonNode input = state.has("Parameters") ? parameters(state.get("Parameters"), effective) : effective;
        Duration timeout = Duration.ofSeconds(state.path("TimeoutSeconds").asLong(60));
        Map<JsonNode, Integer> attempts = new java.util.IdentityHashMap<>();
        while (true) {
            try {
                JsonNode result = tasks.invoke(state.path("Resource").asText(), input, timeout);
                if (state.has("ResultSelector")) {
                    result = parameters(state.get("ResultSelector"), result);
                }
                JsonNode out = output(state, JsonPaths.write(data, resultPath(state), result));
                return new Step(out, state.path("End").asBoolean(false) ? null : state.path("Next").asText());
            } catch (AslException e) {
                JsonNode retrier = matching(state.path("Retry"), e.error());
                if (retrier != null) {
                    int done = attempts.merge(retrier, 1, Integer::sum);
                    int max = retrier.path("MaxAttempts").asInt(3);
                    if (done <= max) {
                        double interval = retrier.path("IntervalSeconds").asDouble(1)
                                * Math.pow(retrier.path("BackoffRate").asDouble(2.0), done - 1);
                        if (retrier.has("MaxDelaySeconds")) {
                            interval = Math.min(interval, retrier.get("MaxDelaySeconds").asDouble());
                        }
                        LOG.info("State {} failed with {}; retry {} of {} in {} s", name, e.error(), done, max, interval);
                        sleep(Duration.ofMillis((long) (interval * 1000)));
                        execution.entered(name);
                        continue;
                    }
                }
                JsonNode catcher = matching(state.path("Catch"), e.error());
                if (catcher == null) {
                    throw e;
                }
                ObjectNode error = JsonNodeFactory.instance.objectNode().put("Error", e.error()).put("Cause", e.causeText());
                String path = catcher.has("ResultPath") ? (catcher.get("ResultPath").isNull() ? null
                        : catcher.get("ResultPath").asText()) : "$";
                LOG.info("State {} failed with {}; caught, next {}", name, e.error(), catcher.path("Next").asText());
                return new Step(JsonPaths.write(data, path, error), catcher.path("Next").asText());
            }
        }
    }

    /** The first Retry or Catch entry whose ErrorEquals names the error (States.ALL: any). */
    private static JsonNode matching(JsonNode entries, String error) {
        for (JsonNode entry : entries) {
            for (JsonNode name : entry.path("ErrorEquals")) {
                String wanted = name.asText();
                if (wanted.equals(error) || wanted.equals("States.ALL")
                        || wanted.equals("States.TaskFailed") && !error.startsWith("States.")) {
                    return entry;
                }
            }
        }
        return null;
    }

    private String choose(JsonNode state, JsonNode input) {
        for (JsonNode rule : state.path("Choices")) {
            if (matches(rule, input)) {
                return rule.path("Next").asText();
            }
        }
        return state.has("Default") ? state.get("Default").asText() : null;
    }

    private boolean matches(JsonNode rule, JsonNode input) {
        if (rule.has("And")) {
            for (JsonNode r : rule.get("And")) {
                if (!matches(r, input)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode r : rule.get("Or")) {
                if (matches(r, input)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), input);
        }
        JsonNode value = JsonPaths.read(input, rule.path("Variable").asText("$"));
        if (rule.has("IsPresent")) {
            return (value != null && !value.isMissingNode()) == rule.get("IsPresent").asBoolean();
        }
        if (value == null) {
            return false;
        }
        if (rule.has("BooleanEquals")) {
            return value.isBoolean() && value.asBoolean() == rule.get("BooleanEquals").asBoolean();
        }
        if (rule.has("StringEquals")) {
            return value.isTextual() && value.asText().equals(rule.get("StringEquals").asText());
        }
        if (rule.has("NumericEquals")) {
            return value.isNumber() && value.asDouble() == rule.get("NumericEquals").asDouble();
        }
        throw new AslException("States.Runtime", "Unsupported choice rule " + rule);
    }

    /** Parameters / ResultSelector: fields ending in {@code .$} take the value at their path. */
    static JsonNode parameters(JsonNode template, JsonNode input) {
        if (template.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().endsWith(".$")) {
                    JsonNode value = JsonPaths.read(input, field.getValue().asText());
                    if (value == null) {
                        throw new AslException("States.Runtime", "The path " + field.getValue().asText()
                                + " of " + field.getKey() + " matched nothing");
                    }
                    out.set(field.getKey().substring(0, field.getKey().length() - 2), value);
                } else {
                    out.set(field.getKey(), parameters(field.getValue(), input));
                }
            }
            return out;
        }
        return template;
    }

    private static String resultPath(JsonNode state) {
        if (!state.has("ResultPath")) {
            return "$";
        }
        return state.get("ResultPath").isNull() ? null : state.get("ResultPath").asText();
    }

    private static JsonNode path(JsonNode data, JsonNode state, String field) {
        if (!state.has(field)) {
            return data;
        }
        if (state.get(field).isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode value = JsonPaths.read(data, state.get(field).asText());
        return value == null ? JsonNodeFactory.instance.nullNode() : value;
    }

    private static JsonNode output(JsonNode state, JsonNode data) {
        return path(data, state, "OutputPath");
    }

    private void sleep(Duration duration) throws InterruptedException {
        long millis = (long) (duration.toMillis() * waitScale);
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** Parses a definition (after DefinitionSubstitutions). */
    public static JsonNode parse(String definition) {
        try {
            return JSON.readTree(definition);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Not a state machine definition: " + e.getMessage(), e);
        }
    }

    /** A function's error as Step Functions names it (used by {@link Tasks} implementations). */
    static AslException lambdaError(Throwable failure, Function<Throwable, String> causeJson) {
        if (failure instanceof Error) {
            return new AslException("Lambda.Unknown", "The cause could not be determined because Lambda did not "
                    + "return an error type. (" + failure.getMessage() + ")");
        }
        return new AslException(failure.getClass().getName(), causeJson.apply(failure));
    }
}
