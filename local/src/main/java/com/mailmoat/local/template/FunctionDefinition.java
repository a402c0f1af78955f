package com.mailmoat.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SAM function as the local runtime runs it, with Globals.Function already applied.
 *
 * @param logicalId      its key under Resources
 * @param functionName   FunctionName, or the logical id
 * @param handler        {@code package.Class::method} or {@code package.Class}
 * @param timeoutSeconds Timeout (default 3, as Lambda's)
 * @param memoryMb       MemorySize (default 128)
 * @param environment    Environment.Variables (globals, then the function's), still unevaluated
 * @param events         what invokes it
 * @param codeUri        CodeUri, the deployment package relative to the template (e.g.
 *                       {@code functions/signup/target/signup.zip}); null when not a plain path
 */
public record FunctionDefinition(String logicalId, String functionName, String handler, int timeoutSeconds,
                                 int memoryMb, Map<String, Object> environment, List<EventSource> events,
                                 String codeUri) {

    /** A function without a deployment package of its own (its handler is on the caller's class path). */
    public FunctionDefinition(String logicalId, String functionName, String handler, int timeoutSeconds,
                              int memoryMb, Map<String, Object> environment, List<EventSource> events) {
        this(logicalId, functionName, handler, timeoutSeconds, memoryMb, environment, events, null);
    }

    /** The handler class name (the part before {@code ::}). */
    public String handlerClass() {
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    /** Every {@code AWS::Serverless::Function} of the stack. */
    public static List<FunctionDefinition> readAll(StackResources stack) {
        Intrinsics intrinsics = stack.intrinsics();
        Map<String, Object> globals = stack.template().functionGlobals();
        List<FunctionDefinition> functions = new ArrayList<>();
        for (Template.Resource resource : stack.resources().values()) {
            if (!resource.type().equals(StackResources.FUNCTION)) {
                continue;
            }
            Map<String, Object> properties = resource.properties();
            String id = resource.logicalId();
            Object handler = properties.getOrDefault("Handler", globals.get("Handler"));
            if (handler == null) {
                throw new TemplateException("Function " + id + " has no Handler");
            }
            Map<String, Object> environment = new LinkedHashMap<>(variables(globals, "Globals.Function"));
            environment.putAll(variables(properties, id));
            functions.add(new FunctionDefinition(id, stack.physicalName(id),
                    intrinsics.resolveString(handler, id + ".Handler"),
                    integer(intrinsics, properties.getOrDefault("Timeout", globals.get("Timeout")), 3, id + ".Timeout"),
                    integer(intrinsics, properties.getOrDefault("MemorySize", globals.get("MemorySize")), 128,
                            id + ".MemorySize"),
                    environment, events(stack, id, Template.asMap(properties.get("Events"), id + ".Events")),
                    properties.getOrDefault("CodeUri", globals.get("CodeUri")) instanceof String uri ? uri : null));
        }
        return functions;
    }

    private static Map<String, Object> variables(Map<String, Object> properties, String where) {
        Map<String, Object> environment = Template.asMap(properties.get("Environment"), where + ".Environment");
        return Template.asMap(environment.get("Variables"), where + ".Environment.Variables");
    }

    private static List<EventSource> events(StackResources stack, String functionId, Map<String, Object> events) {
        Intrinsics intrinsics = stack.intrinsics();
        List<EventSource> sources = new ArrayList<>();
        events.forEach((name, raw) -> {
            Map<String, Object> event = Template.asMap(raw, functionId + ".Events." + name);
            String type = String.valueOf(event.get("Type"));
            String where = functionId + ".Events." + name;
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) intrinsics.resolve(
                    Template.asMap(event.get("Properties"), where + ".Properties"));
            switch (type) {
                case "HttpApi" -> sources.add(new EventSource.HttpApi(name,
                        String.valueOf(properties.getOrDefault("Method", "ANY")).toUpperCase(),
                        String.valueOf(properties.getOrDefault("Path", "$default"))));
                case "SQS" -> sources.add(new EventSource.Sqs(name, queueFor(stack, properties.get("Queue"), where),
                        integer(intrinsics, properties.get("BatchSize"), 10, where + ".BatchSize"),
                        integer(intrinsics, properties.get("MaximumBatchingWindowInSeconds"), 0, where),
                        String.valueOf(properties.get("FunctionResponseTypes")).contains("ReportBatchItemFailures"),
                        !"false".equalsIgnoreCase(String.valueOf(properties.getOrDefault("Enabled", "true"))),
                        integer(intrinsics, Template.asMap(properties.get("ScalingConfig"), where + ".ScalingConfig")
                                .get("MaximumConcurrency"), EventSource.Sqs.UNSET, where + ".ScalingConfig")));
                case "Schedule" -> sources.add(new EventSource.Schedule(name,
                        String.valueOf(properties.get("Schedule")), (String) properties.get("Input"),
                        !"false".equalsIgnoreCase(String.valueOf(properties.getOrDefault("Enabled", "true")))));
                case "ScheduleV2" -> sources.add(new EventSource.Schedule(name,
                        String.valueOf(properties.get("ScheduleExpression")), (String) properties.get("Input"),
                        !"DISABLED".equalsIgnoreCase(String.valueOf(properties.getOrDefault("State", "ENABLED")))));
                default -> sources.add(new EventSource.Unsupported(name, type));
            }
        });
        return sources;
    }

    /** The logical id of the queue whose ARN the SQS event names. */
    private static String queueFor(StackResources stack, Object arn, String where) {
        for (Template.Resource resource : stack.resources().values()) {
            if (resource.type().equals(StackResources.QUEUE)
                    && stack.queueArn(resource.logicalId()).equals(String.valueOf(arn))) {
                return resource.logicalId();
            }
        }
        throw new TemplateException(where + ".Queue is not a queue of this template: " + arn);
    }

    private static int integer(Intrinsics intrinsics, Object value, int fallback, String where) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(intrinsics.resolveString(value, where));
        } catch (NumberFormatException e) {
            throw new TemplateException(where + " must be a whole number: " + value);
        }
    }
}
