package com.mailmoat.lambda.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.lambda.Json;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds HTTP API responses with the headers every Mailmoat response carries. */
public final class ApiResponses {
    private ApiResponses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return json(status, body, Map.of(), List.of());
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> extraHeaders,
                                                List<String> cookies) {
        Map<String, String> headers = baseHeaders();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.putAll(extraHeaders);
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(status);
        response.setHeaders(headers);
        response.setBody(Json.write(body));
        response.setIsBase64Encoded(false);
        if (!cookies.isEmpty()) {
            response.setCookies(cookies);
        }
        return response;
    }

    public static APIGatewayV2HTTPResponse error(ApiError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("details", error.details());
        Map<String, String> headers = error instanceof RetryableApiError retry
                ? Map.of("Retry-After", Long.toString(retry.retryAfterSeconds())) : Map.of();
        return json(error.status(), body, headers, List.of());
    }

    public static APIGatewayV2HTTPResponse noContent(List<String> cookies) {
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(204);
        response.setHeaders(baseHeaders());
        if (!cookies.isEmpty()) {
            response.setCookies(cookies);
        }
        return response;
    }

    /** A 302 to {@code location} (browser navigations such as the Microsoft sign-in round trip). */
    public static APIGatewayV2HTTPResponse redirect(String location) {
        Map<String, String> headers = baseHeaders();
        headers.put("Location", location);
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(302);
        response.setHeaders(headers);
        return response;
    }

    /**
     * A 303 to {@code location}: after a cross-site form POST, the browser follows it with a GET
     * (a top-level, same-origin navigation that carries the SameSite=Lax session cookie).
     */
    public static APIGatewayV2HTTPResponse seeOther(String location) {
        APIGatewayV2HTTPResponse response = redirect(location);
        response.setStatusCode(303);
        return response;
    }

    /** A plain-text answer (Graph's validation handshake echoes its token this way). */
    public static APIGatewayV2HTTPResponse text(int status, String body) {
        Map<String, String> headers = baseHeaders();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(status);
        response.setHeaders(headers);
        response.setBody(body);
        response.setIsBase64Encoded(false);
        return response;
    }

    /**
     * A CSV file to save ({@code Content-Disposition: attachment}), with the headers every answer carries and
     * {@code extraHeaders} (row counts); {@code fileName} must already be a safe file name.
     */
    public static APIGatewayV2HTTPResponse csvAttachment(String fileName, String csv, Map<String, String> extraHeaders) {
        Map<String, String> headers = baseHeaders();
        headers.put("Content-Type", "text/csv; charset=utf-8");
        headers.put("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        headers.putAll(extraHeaders);
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(200);
        response.setHeaders(headers);
        response.setBody(csv);
        response.setIsBase64Encoded(false);
        return response;
    }

    /** A 202 without a body: accepted, to be processed later (Graph's change notifications). */
    public static APIGatewayV2HTTPResponse accepted() {
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(202);
        response.setHeaders(baseHeaders());
        return response;
    }

    private static Map<String, String> baseHeaders() {
        Map<String, String> headers = new HashMap<>();
        // API answers are per user and often secret: never cached, never sniffed, never framed.
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        // Browsers keep to HTTPS for the console's host from then on (they ignore it over plain HTTP, as locally).
        headers.put("Strict-Transport-Security", "max-age=31536000");
        return headers;
    }
}
