package com.mailmoat.local.schedule;

import com.mailmoat.local.http.HttpApiEvents;
import com.mailmoat.local.http.LocalEndpoint;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /local/schedules/<FunctionLogicalId>.<EventName>}: fires that schedule now and
 * answers once the function returned ({@code 200 {"ran": id}}; 404 for an unknown schedule, 502
 * when the function failed). {@code GET /local/schedules} lists the ids. For a local user who does
 * not want to wait a day, and for end-to-end tests.
 */
public final class ScheduleEndpoint implements LocalEndpoint {
    /** The endpoint's path on the console server. */
    public static final String PATH = "/local/schedules";
    private final LocalScheduler scheduler;

    public ScheduleEndpoint(LocalScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Optional<HttpApiEvents.HttpResponse> handle(HttpApiEvents.HttpRequest request) {
        String path = request.rawPath();
        if (path.equals(PATH) && request.method().equals("GET")) {
            return Optional.of(HttpApiEvents.json(200, Map.of("schedules", scheduler.ids())));
        }
        if (!path.startsWith(PATH + "/")) {
            return Optional.empty();
        }
        if (!request.method().equals("POST")) {
            return Optional.of(HttpApiEvents.gatewayError(405, "Method Not Allowed"));
        }
        String id = path.substring(PATH.length() + 1);
        try {
            if (!scheduler.runNow(id)) {
                return Optional.of(HttpApiEvents.json(404, Map.of("error", "no_such_schedule", "schedules", scheduler.ids())));
            }
        } catch (RuntimeException e) {
            return Optional.of(HttpApiEvents.json(502, Map.of("error", "function_failed", "schedule", id)));
        }
        return Optional.of(HttpApiEvents.json(200, Map.of("ran", id)));
    }
}
