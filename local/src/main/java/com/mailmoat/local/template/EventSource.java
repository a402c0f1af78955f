package com.mailmoat.local.template;

/**
 * One {@code Events} entry of a SAM function: what invokes it. The local runtime wires each kind
 * to its local stand-in (HTTP server, queue poller, scheduler); kinds it cannot run yet are kept
 * as {@link Unsupported} so start-up can say which ones are idle.
 */
public sealed interface EventSource {
    /** The event's name under the function's Events. */
    String name();

    /**
     * {@code Type: HttpApi}: an API Gateway HTTP API route (payload format 2.0).
     *
     * @param method HTTP method in upper case, or {@code ANY}
     * @param path   route path, e.g. {@code /api/scans/{scanId}} or {@code /api/{proxy+}}
     */
    record HttpApi(String name, String method, String path) implements EventSource {
        /** API Gateway's route key, e.g. {@code GET /api/account}. */
        public String routeKey() {
            return method + " " + path;
        }
    }

    /**
     * {@code Type: SQS}: an event source mapping from a queue.
     *
     * @param queueLogicalId         the queue's logical id
     * @param batchSize              messages per invocation at most (default 10)
     * @param batchingWindowSeconds  how long to gather a batch (MaximumBatchingWindowInSeconds)
     * @param reportBatchItemFailures whether the function may report partial failures
     * @param enabled                false when the mapping is disabled in the template
     * @param maximumConcurrency     ScalingConfig.MaximumConcurrency: concurrent invocations at most
     *                               ({@link #UNSET} when the template leaves it to Lambda)
     */
    record Sqs(String name, String queueLogicalId, int batchSize, int batchingWindowSeconds,
               boolean reportBatchItemFailures, boolean enabled, int maximumConcurrency) implements EventSource {

        /** Lambda's default when ScalingConfig.MaximumConcurrency is not set: it scales out on its own. */
        public static final int UNSET = 0;

        public Sqs(String name, String queueLogicalId, int batchSize, int batchingWindowSeconds,
                   boolean reportBatchItemFailures, boolean enabled) {
            this(name, queueLogicalId, batchSize, batchingWindowSeconds, reportBatchItemFailures, enabled, UNSET);
        }
    }

    /**
     * {@code Type: Schedule} (EventBridge rule) or {@code ScheduleV2} (EventBridge Scheduler).
     *
     * @param expression {@code rate(...)}, {@code cron(...)} or {@code at(...)}
     * @param input      the constant Input (JSON text) sent instead of the scheduled event, or null
     * @param enabled    false when the schedule is disabled in the template
     */
    record Schedule(String name, String expression, String input, boolean enabled) implements EventSource {
    }

    /** Any other event type; listed at start-up as not run locally. */
    record Unsupported(String name, String type) implements EventSource {
    }
}
