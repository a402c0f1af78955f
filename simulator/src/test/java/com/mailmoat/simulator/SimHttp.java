package com.mailmoat.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A raw HTTPS client for tests: the JDK's HttpClient trusting only the simulator's certificate. */
final class SimHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path FABRIKAM = Path.of("src/test/resources/tenants/fabrikam");
    static final Path TRIAL = Path.of("src/test/resources/tenants/trial");
    static final String FABRIKAM_ID = "0c5e3d7a-1f4b-4e2a-9d8c-6b7a5f4e3d21";
    static final String PAT = "pat.lee@fabrikam-test.example";
    static final String REDIRECT = "http://127.0.0.1:9/callback";

    private final Simulator simulator;
    private final HttpClient client;

    SimHttp(Simulator simulator) {
        this.simulator = simulator;
        this.client = HttpClient.newBuilder()
                .sslContext(simulator.clientSslContext())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    HttpResponse<String> get(String url, String token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String url, String token) {
        HttpRequest request = HttpRequest.newBuilder(uri(url)).header("Authorization", "Bearer " + token).GET().build();
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> postJson(String url, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String url, String json) {
        HttpRequest request = HttpRequest.newBuilder(uri(url))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(uri(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** An app-only Graph token for the tenant (the tenant must have consented). */
    String appToken(String tenantId) {
        HttpResponse<String> response = postForm(simulator.baseUrl() + "/" + tenantId + "/oauth2/v2.0/token", Map.of(
                "client_id", simulator.clientId(),
                "client_secret", simulator.clientSecret(),
                "scope", "https://graph.microsoft.com/.default",
                "grant_type", "client_credentials"));
        if (response.statusCode() != 200) {
            throw new AssertionError("token request failed: " + response.body());
        }
        return json(response.body()).get("access_token").asText();
    }

    String graph(String pathAndQuery) {
        return simulator.graphBaseUrl() + pathAndQuery;
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Query parameters of a redirect Location. */
    static Map<String, String> queryOf(String location) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = URI.create(location).getRawQuery();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static URI uri(String url) {
        // Graph query strings carry '$', spaces in $filter etc.; encode what java.net.URI refuses.
        return URI.create(url.replace(" ", "%20").replace("'", "%27").replace("\"", "%22"));
    }

    HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
