package com.mailmoat.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * An HTTP client with its own cookie jar, standing in for one administrator's browser. Redirects
 * are not followed automatically, so tests can look at each hop.
 */
final class Browser {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final CookieManager cookies = new CookieManager();

    Browser(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static Browser forLocalStack() {
        return new Browser(LocalStack.get().consoleUrl());
    }

    CookieManager cookies() {
        return cookies;
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response postJson(String path, Object body) {
        return postRaw(path, "application/json", body instanceof String s ? s : write(body));
    }

    Response postRaw(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            Response answer = new Response(response.statusCode(), response.body(), response.headers().map());
            checkAgainstOpenApi(built, answer);
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every answer of a documented console route is checked against openapi.yaml as it arrives: a
     * status the document does not list, or a body that does not match its schema, fails the test.
     */
    private static void checkAgainstOpenApi(HttpRequest request, Response answer) {
        String path = request.uri().getRawPath();
        if (!path.startsWith("/api/")) {
            return;
        }
        OpenApi.get().operation(request.method(), path).ifPresent(op -> {
            java.util.List<String> problems = OpenApi.get().problems(op, answer.status(), answer.header("content-type"),
                    answer.body());
            if (!problems.isEmpty()) {
                throw new AssertionError("The answer to " + request.method() + " " + path + " does not match openapi.yaml: "
                        + problems + "\n" + answer);
            }
        });
    }

    URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : base + path);
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
