package com.mailmoat.local.schedule;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.local.lambda.LambdaFunction;
import com.mailmoat.local.template.EventSource;
import com.mailmoat.local.template.Intrinsics;
import com.mailmoat.local.template.TemplateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the functions' {@code Schedule} / {@code ScheduleV2} events: a {@code rate(...)} expression
 * invokes the function with an EventBridge {@link ScheduledEvent} (or the event's constant Input)
 * every period, the first time one period after start-up, as a new EventBridge rule does.
 * {@code cron(...)} and {@code at(...)} are listed at start-up and not run locally. Any schedule
 * (also a cron one) can be fired at once with {@link #runNow} ({@code POST /local/schedules/...}).
 */
public final class LocalScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalScheduler.class);
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> skipped = new ArrayList<>();
    private final Map<String, Runnable> byId = new java.util.LinkedHashMap<>();

    /** Setting prefix of a period override: {@code --set MAILMOAT_LOCAL_SCHEDULE_SECONDS.<id>=N}. */
    public static final String PERIOD_OVERRIDE = "MAILMOAT_LOCAL_SCHEDULE_SECONDS.";

    private final Map<String, String> settings;

    /** Schedules every enabled rate() event of {@code functions}. */
    public LocalScheduler(List<LambdaFunction> functions) {
        this(functions, Map.of());
    }

    /**
     * Schedules every enabled rate() event of {@code functions}; a setting
     * {@code MAILMOAT_LOCAL_SCHEDULE_SECONDS.<FunctionLogicalId>.<EventName>} runs that schedule every
     * so many seconds instead (tests shorten a period that is minutes in AWS, e.g. the catch-up's).
     */
    public LocalScheduler(List<LambdaFunction> functions, Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
        for (LambdaFunction function : functions) {
            for (EventSource event : function.definition().events()) {
                if (event instanceof EventSource.Schedule schedule && schedule.enabled()) {
                    schedule(function, schedule);
                }
            }
        }
    }

    /** The schedules by id ({@code <FunctionLogicalId>.<EventName>}). */
    public java.util.Set<String> ids() {
        return byId.keySet();
    }

    /**
     * Fires the schedule {@code id} now, in the caller's thread, exactly as its timer would (the same
     * event or Input); false when there is no such schedule. The function's failure is rethrown.
     */
    public boolean runNow(String id) {
        Runnable run = byId.get(id);
        if (run == null) {
            return false;
        }
        run.run();
        return true;
    }

    /** The schedules that are not run locally (cron and one-time expressions), for the start-up log. */
    public List<String> skipped() {
        return skipped;
    }

    /** The period of a {@code rate(...)} expression, or null for other expressions. */
    public static Duration rate(String expression) {
        Matcher matcher = RATE.matcher(expression.trim());
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(amount);
            case "hour", "hours" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private void schedule(LambdaFunction function, EventSource.Schedule schedule) {
        String id = function.definition().logicalId() + "." + schedule.name();
        String override = settings.get(PERIOD_OVERRIDE + id);
        Duration period = override != null ? Duration.ofSeconds(Long.parseLong(override.strip()))
                : rate(schedule.expression());
        Object input = schedule.input() == null ? null : parse(schedule.input(), id);
        String ruleArn = "arn:aws:events:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":rule/" + id;
        byId.put(id, () -> function.invoke(input != null ? input : scheduledEvent(ruleArn)));
        if (period == null) {
            skipped.add(id + " " + schedule.expression());
            return;
        }
        executor.scheduleAtFixedRate(() -> {
            try {
                function.invoke(input != null ? input : scheduledEvent(ruleArn));
            } catch (RuntimeException e) {
                LOG.warn("Scheduled {} failed", id, e.getCause() == null ? e : e.getCause());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ScheduledEvent scheduledEvent(String ruleArn) {
        return new ScheduledEvent()
                .withVersion("0")
                .withId(UUID.randomUUID().toString())
                .withDetailType("Scheduled Event")
                .withSource("aws.events")
                .withAccount(Intrinsics.ACCOUNT_ID)
                .withTime(new DateTime(DateTimeZone.UTC).withMillisOfSecond(0))
                .withRegion(Intrinsics.REGION)
                .withResources(List.of(ruleArn))
                .withDetail(Map.of());
    }

    private static Object parse(String input, String id) {
        try {
            return JSON.readValue(input, Object.class);
        } catch (JsonProcessingException e) {
            throw new TemplateException(id + ".Input is not JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
