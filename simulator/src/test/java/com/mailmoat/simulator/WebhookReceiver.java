package com.mailmoat.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-HTTP webhook on 127.0.0.1 standing in for Mailmoat's notification endpoint: answers
 * Graph's validation handshake (echo, or a chosen misbehaviour) and records every notification POST,
 * answering each with the next scripted status (then 202).
 */
final class WebhookReceiver implements AutoCloseable {

    /** How the receiver answers {@code ?validationToken=}. */
    enum Validation { ECHO, WRONG_TEXT, STATUS_500, SLOW }

    /** A received POST: path, content type, body. */
    record Received(String path, String contentType, JsonNode body, Instant at) {
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Received> notifications = new LinkedBlockingQueue<>();
    private final List<String> validations = new CopyOnWriteArrayList<>();
    private final List<String> validationContentTypes = new CopyOnWriteArrayList<>();
    private final List<Integer> scriptedStatuses = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile Validation validation = Validation.ECHO;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    WebhookReceiver validation(Validation mode) {
        this.validation = mode;
        return this;
    }

    /** The statuses the next notification POSTs get, in order (afterwards 202). */
    WebhookReceiver answer(Integer... statuses) {
        scriptedStatuses.addAll(List.of(statuses));
        return this;
    }

    /** Decoded validation tokens received, in order. */
    List<String> validations() {
        return validations;
    }

    List<String> validationContentTypes() {
        return validationContentTypes;
    }

    /** The next notification POST, or null after the wait. */
    Received next(Duration wait) throws InterruptedException {
        return notifications.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every notification POST received within the wait. */
    List<Received> drain(Duration wait) throws InterruptedException {
        Thread.sleep(wait.toMillis());
        List<Received> all = new ArrayList<>();
        notifications.drainTo(all);
        return all;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getRawQuery();
            String token = null;
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.startsWith("validationToken=")) {
                        token = URLDecoder.decode(pair.substring("validationToken=".length()), StandardCharsets.UTF_8);
                    }
                }
            }
            if (token != null) {
                validations.add(token);
                validationContentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                switch (validation) {
                    case ECHO -> respond(exchange, 200, "text/plain", token);
                    case WRONG_TEXT -> respond(exchange, 200, "text/plain", "not-the-token");
                    case STATUS_500 -> respond(exchange, 500, "text/plain", "broken");
                    case SLOW -> {
                        sleep(3_000);
                        respond(exchange, 200, "text/plain", token);
                    }
                    default -> throw new IllegalStateException();
                }
                return;
            }
            notifications.add(new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), SimHttp.json(new String(body,
                    StandardCharsets.UTF_8)), Instant.now()));
            int index = answered.getAndIncrement();
            int status = index < scriptedStatuses.size() ? scriptedStatuses.get(index) : 202;
            respond(exchange, status, "text/plain", "");
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
