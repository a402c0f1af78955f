package com.mailmoat.local.http;

import com.mailmoat.local.lambda.LambdaFunction;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server on 127.0.0.1, playing API Gateway: a request that matches a route
 * invokes its function with a payload 2.0 event; other requests go to the local endpoints
 * (static console, outbox); anything else is API Gateway's {@code 404 {"message":"Not Found"}}.
 * Bodies over API Gateway's 10 MB limit get {@code 413}. The port is bound at construction, so
 * it is known (for the console URL) before the routes exist.
 *
 * <p>Only requests addressed to this server by its own name ({@code Host: 127.0.0.1:<port>} or
 * {@code localhost:<port>}) are served: a web page on another site that rebinds its DNS name to
 * 127.0.0.1 (DNS rebinding) could otherwise read the console, and {@code /local/outbox}'s live
 * set-password links, as same-origin. Anything else gets {@code 421 Misdirected Request}.
 */
public final class LocalHttpServer implements AutoCloseable {
    /** API Gateway's request payload limit. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(LocalHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile RouteTable routes;
    private volatile List<LocalEndpoint> endpoints = List.of();

    /** Binds 127.0.0.1:{@code port} (0 picks a free port); requests wait until {@link #start}. */
    public LocalHttpServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(32, runnable -> {
            Thread thread = new Thread(runnable, "http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Starts serving {@code routes}, then {@code endpoints} in order for everything else. */
    public void start(RouteTable routes, List<LocalEndpoint> endpoints) {
        this.routes = routes;
        this.endpoints = List.copyOf(endpoints);
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            HttpApiEvents.HttpResponse response;
            try {
                response = respond(exchange);
            } catch (RuntimeException e) {
                // The path only: query strings carry states and tokens.
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
                response = HttpApiEvents.gatewayError(500, "Internal Server Error");
            }
            send(exchange, response);
        }
    }

    private HttpApiEvents.HttpResponse respond(HttpExchange exchange) throws IOException {
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_BODY_BYTES);
        if (body == null) {
            return HttpApiEvents.gatewayError(413, "Request Entity Too Large");
        }
        List<String> host = exchange.getRequestHeaders().get("Host");
        if (!isOwnHost(host)) {
            return HttpApiEvents.gatewayError(421, "Misdirected Request");
        }
        String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String canonical = "127.0.0.1:" + port();
        if (!host.get(0).trim().equals(canonical) && (method.equals("GET") || method.equals("HEAD"))) {
            // The console's URL names 127.0.0.1, the only Origin the API accepts changes from: a page
            // opened as localhost could not sign in, so it moves to the console's own address.
            String rawQuery = exchange.getRequestURI().getRawQuery();
            return new HttpApiEvents.HttpResponse(308, Map.of("Location", List.of("http://" + canonical
                    + exchange.getRequestURI().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery))), new byte[0]);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach(headers::put);
        String rawQuery = exchange.getRequestURI().getRawQuery();
        HttpApiEvents.HttpRequest request = new HttpApiEvents.HttpRequest(exchange.getRequestMethod().toUpperCase(),
                exchange.getRequestURI().getRawPath(), rawQuery == null ? "" : rawQuery, headers, body,
                exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getProtocol());

        Optional<RouteTable.Match> match;
        try {
            match = routes.match(request.method(), request.rawPath());
        } catch (IllegalArgumentException e) {
            // A path parameter that does not percent-decode: API Gateway answers 400 too.
            return HttpApiEvents.gatewayError(400, "Bad Request");
        }
        if (match.isPresent()) {
            return invoke(match.get(), request);
        }
        for (LocalEndpoint endpoint : endpoints) {
            Optional<HttpApiEvents.HttpResponse> response = endpoint.handle(request);
            if (response.isPresent()) {
                return response.get();
            }
        }
        return HttpApiEvents.gatewayError(404, "Not Found");
    }

    private static HttpApiEvents.HttpResponse invoke(RouteTable.Match match, HttpApiEvents.HttpRequest request) {
        LambdaFunction function = match.route().function();
        try {
            return HttpApiEvents.toHttp(function.invoke(HttpApiEvents.toEvent(request, match)));
        } catch (LambdaFunction.FunctionError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.error("{} ({}) threw", match.route().routeKey(), function.definition().logicalId(), cause);
            // As API Gateway: the caller learns nothing of what went wrong (the log has it).
            return HttpApiEvents.gatewayError(500, "Internal Server Error");
        }
    }

    /** Whether the Host header names this server: 127.0.0.1, localhost or [::1], with its port. */
    private boolean isOwnHost(List<String> hosts) {
        if (hosts == null || hosts.size() != 1) {
            return false;
        }
        String host = hosts.get(0).trim().toLowerCase(java.util.Locale.ROOT);
        String port = ":" + port();
        return host.equals("127.0.0.1" + port) || host.equals("localhost" + port) || host.equals("[::1]" + port);
    }

    private static void send(HttpExchange exchange, HttpApiEvents.HttpResponse response) throws IOException {
        response.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
        boolean noBody = response.body().length == 0 || exchange.getRequestMethod().equalsIgnoreCase("HEAD")
                || response.status() == 204 || response.status() == 304;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    /**
     * The whole stream, or null when it is longer than {@code limit}. An oversized body is still
     * read to its end (and dropped), so the client, which is still sending, gets the 413 rather
     * than a connection reset.
     */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
        return bytes;
    }
}
