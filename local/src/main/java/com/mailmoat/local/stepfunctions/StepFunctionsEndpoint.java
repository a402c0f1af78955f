package com.mailmoat.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A local stand-in for AWS Step Functions on 127.0.0.1, speaking its JSON 1.0 protocol
 * ({@code X-Amz-Target: AWSStepFunctions.<Operation>}) well enough for the SDK's {@code SfnClient}:
 * StartExecution, DescribeExecution and ListExecutions, over {@link LocalStateMachines}. Errors come back
 * as {@code {"__type", "message"}} so the SDK raises its typed exceptions.
 */
public final class StepFunctionsEndpoint implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final HttpServer server;
    private final java.util.function.Supplier<LocalStateMachines> machineSource;

    private StepFunctionsEndpoint(HttpServer server, java.util.function.Supplier<LocalStateMachines> machines) {
        this.server = server;
        this.machineSource = machines;
    }

    /** @param machines the state machines (known once the stack's functions are loaded) */
    public static StepFunctionsEndpoint start(java.util.function.Supplier<LocalStateMachines> machines) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        StepFunctionsEndpoint endpoint = new StepFunctionsEndpoint(server, machines);
        server.createContext("/", endpoint::exchange);
        server.start();
        return endpoint;
    }

    /** The endpoint URL for {@code AWS_ENDPOINT_URL_SFN}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            LocalStateMachines machines = machineSource.get();
            if (machines == null) {
                error(exchange, "ServiceUnavailable", "The local state machines are not loaded yet");
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(exchange.getRequestBody());
            } catch (IOException e) {
                error(exchange, "SerializationException", "The body is not JSON");
                return;
            }
            switch (target) {
                case "AWSStepFunctions.StartExecution" -> {
                    try {
                        Execution execution = machines.start(request.path("stateMachineArn").asText(),
                                request.path("name").asText(null), request.path("input").asText("{}"));
                        ObjectNode answer = JSON.createObjectNode().put("executionArn", execution.arn())
                                .put("startDate", execution.startDate().toEpochMilli() / 1000.0);
                        respond(exchange, 200, answer);
                    } catch (IllegalArgumentException e) {
                        error(exchange, "StateMachineDoesNotExist", e.getMessage());
                    } catch (IllegalStateException e) {
                        error(exchange, "ExecutionAlreadyExists", e.getMessage());
                    }
                }
                case "AWSStepFunctions.DescribeExecution" -> {
                    var found = machines.execution(request.path("executionArn").asText());
                    if (found.isEmpty()) {
                        error(exchange, "ExecutionDoesNotExist", "Execution Does Not Exist");
                        return;
                    }
                    respond(exchange, 200, describe(found.get()));
                }
                case "AWSStepFunctions.ListExecutions" -> {
                    ObjectNode answer = JSON.createObjectNode();
                    var list = answer.putArray("executions");
                    String machine = request.path("stateMachineArn").asText();
                    machines.executions().stream().filter(e -> e.stateMachineArn().equals(machine))
                            .forEach(e -> list.add(describe(e)));
                    respond(exchange, 200, answer);
                }
                default -> error(exchange, "UnknownOperationException", "The local Step Functions endpoint does not "
                        + "support " + target);
            }
        }
    }

    static ObjectNode describe(Execution e) {
        ObjectNode json = JSON.createObjectNode().put("executionArn", e.arn()).put("stateMachineArn", e.stateMachineArn())
                .put("name", e.name()).put("status", e.status().name())
                .put("startDate", e.startDate().toEpochMilli() / 1000.0).put("input", e.input());
        if (e.stopDate() != null) {
            json.put("stopDate", e.stopDate().toEpochMilli() / 1000.0);
        }
        if (e.output() != null) {
            json.put("output", e.output());
        }
        if (e.error() != null) {
            json.put("error", e.error()).put("cause", e.cause());
        }
        return json;
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        respond(exchange, 400, JSON.createObjectNode().put("__type", type).put("message", message));
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
