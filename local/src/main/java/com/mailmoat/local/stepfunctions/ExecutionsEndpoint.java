package com.mailmoat.local.stepfunctions;

import com.mailmoat.local.http.HttpApiEvents;
import com.mailmoat.local.http.LocalEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /local/executions}: every state machine execution of this run, oldest first, with its
 * status, error and the states it went through (each attempt of a retried task is listed).
 */
public final class ExecutionsEndpoint implements LocalEndpoint {
    public static final String PATH = "/local/executions";
    private final java.util.function.Supplier<LocalStateMachines> machineSource;

    public ExecutionsEndpoint(java.util.function.Supplier<LocalStateMachines> machines) {
        this.machineSource = machines;
    }

    @Override
    public Optional<HttpApiEvents.HttpResponse> handle(HttpApiEvents.HttpRequest request) {
        if (!request.rawPath().equals(PATH)) {
            return Optional.empty();
        }
        if (!request.method().equals("GET")) {
            return Optional.of(HttpApiEvents.gatewayError(405, "Method Not Allowed"));
        }
        LocalStateMachines machines = machineSource.get();
        List<Map<String, Object>> list = (machines == null ? List.<Execution>of() : machines.executions()).stream().map(e -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("executionArn", e.arn());
            view.put("name", e.name());
            view.put("status", e.status().name());
            view.put("input", e.input());
            view.put("error", e.error());
            view.put("cause", e.cause());
            view.put("states", e.states());
            return view;
        }).toList();
        HttpApiEvents.HttpResponse json = HttpApiEvents.json(200, list);
        json.headers().put("Cache-Control", List.of("no-store"));
        return Optional.of(json);
    }
}
