package com.mailmoat.testkit;

import com.mailmoat.core.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh set of the template's tables (DynamoDB Local) and queues (ElasticMQ), and a function's
 * settings as template.yaml gives them, pointed at these: for tests of a function's wiring (its
 * composition root and SnapStart priming) with real clients.
 *
 * <pre>{@code
 * LocalAws.Stack stack = LocalAws.stack();
 * SignupWiring wiring = new SignupWiring(stack.settings("SignupFunction", Map.of()), Stack.noSecretStore(), clock);
 * }</pre>
 */
public final class LocalAws {
    private static final Pattern SUB = Pattern.compile("\\$\\{([A-Za-z0-9:]+)}");

    private LocalAws() {
    }

    /** Fresh tables and queues; sets dummy AWS credentials and region for the SDK's default providers. */
    public static Stack stack() {
        System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "local"));
        System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "local"));
        System.setProperty("aws.region", System.getProperty("aws.region", "us-east-1"));
        return new Stack(LocalDynamoDb.tables(), LocalSqs.queues());
    }

    /**
     * @param tables logical id → table name
     * @param queues logical id → queue URL
     */
    public record Stack(Map<String, String> tables, Map<String, String> queues) {

        /**
         * The function's environment from template.yaml (Globals, then its own variables) with
         * references to tables, queues and parameters resolved to this stack and the parameters'
         * defaults, plus the endpoints of the local stand-ins; {@code overrides} last.
         */
        public Settings settings(String functionLogicalId, Map<String, String> overrides) {
            Map<String, String> parameters = TemplateFile.parameterDefaults();
            Map<String, String> values = new LinkedHashMap<>();
            TemplateFile.environment(functionLogicalId).forEach((name, raw) -> values.put(name, resolve(raw, parameters)));
            values.put("AWS_REGION", "us-east-1");
            values.put("AWS_ENDPOINT_URL_DYNAMODB", LocalDynamoDb.endpoint());
            values.put("AWS_ENDPOINT_URL_SQS", LocalSqs.endpoint());
            values.putAll(overrides);
            return Settings.of(values);
        }

        /**
         * A Microsoft-talking function's settings for priming tests: its template settings with a
         * client secret given directly and login and Graph hosts that cannot resolve, so a priming step
         * that tried to reach Microsoft would fail.
         */
        public Settings primingSettings(String functionLogicalId) {
            return settings(functionLogicalId, Map.of(
                    "M365_CLIENT_SECRET", "priming-secret",
                    "M365_LOGIN_BASE_URL", "https://login.priming.invalid",
                    "M365_GRAPH_BASE_URL", "https://graph.priming.invalid/v1.0"));
        }

        /** A secret reader for wirings whose secret is configured directly: reading one is a test failure. */
        public static java.util.function.UnaryOperator<String> noSecretStore() {
            return name -> {
                throw new AssertionError("the secret is configured directly, not read from " + name);
            };
        }

        /** Items in all tables plus messages in all queues: zero for a stack nothing wrote to. */
        public int writes() {
            int items = tables.values().stream().mapToInt(LocalDynamoDb::itemCount).sum();
            return items + queues.values().stream().mapToInt(LocalSqs::messageCount).sum();
        }

        private String resolve(String raw, Map<String, String> parameters) {
            if (tables.containsKey(raw)) {
                return tables.get(raw);
            }
            if (queues.containsKey(raw)) {
                return queues.get(raw);
            }
            if (parameters.containsKey(raw)) {
                return parameters.get(raw);
            }
            Matcher sub = SUB.matcher(raw);
            StringBuilder resolved = new StringBuilder();
            while (sub.find()) {
                String name = sub.group(1);
                String value = parameters.containsKey(name) ? parameters.get(name)
                        : tables.containsKey(name) ? tables.get(name) : queues.getOrDefault(name, sub.group());
                sub.appendReplacement(resolved, Matcher.quoteReplacement(value));
            }
            sub.appendTail(resolved);
            return resolved.toString();
        }
    }
}
