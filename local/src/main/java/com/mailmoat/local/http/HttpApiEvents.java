package com.mailmoat.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.local.template.Intrinsics;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Translates between HTTP and the API Gateway HTTP API payload format 2.0, as API Gateway does:
 * lower-cased headers with repeated values comma-joined, the Cookie header turned into the
 * {@code cookies} list, repeated query parameters comma-joined, non-text bodies base64-encoded,
 * and the response's {@code cookies} sent as one Set-Cookie header each.
 */
public final class HttpApiEvents {
    /** API Gateway's id for the local API. */
    public static final String API_ID = "local";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpApiEvents() {
    }

    /**
     * An HTTP request as seen by API Gateway.
     *
     * @param method         upper-case method
     * @param rawPath        the path as sent (still percent-encoded)
     * @param rawQueryString the query string as sent, without {@code ?} ("" when none)
     * @param headers        header name (any case) to its values in order
     * @param body           the body bytes (empty when none)
     * @param sourceIp       the client's address
     * @param protocol       e.g. {@code HTTP/1.1}
     */
    public record HttpRequest(String method, String rawPath, String rawQueryString,
                              Map<String, List<String>> headers, byte[] body, String sourceIp, String protocol) {
    }

    /**
     * An HTTP response to send.
     *
     * @param status  status code
     * @param headers header name to its values (Set-Cookie may repeat)
     * @param body    body bytes
     */
    public record HttpResponse(int status, Map<String, List<String>> headers, byte[] body) {
    }

    /** The event API Gateway delivers to the route's function for {@code request}. */
    public static APIGatewayV2HTTPEvent toEvent(HttpRequest request, RouteTable.Match match) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("cookie")) {
                for (String header : values) {
                    for (String cookie : header.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                }
            } else {
                headers.merge(key, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        headers.putIfAbsent("x-forwarded-for", request.sourceIp());
        headers.putIfAbsent("x-forwarded-proto", "http");
        String host = headers.getOrDefault("host", "127.0.0.1");
        int colon = host.lastIndexOf(':');
        headers.putIfAbsent("x-forwarded-port", colon > 0 ? host.substring(colon + 1) : "80");

        Instant now = Instant.now();
        String contentType = headers.getOrDefault("content-type", "");
        boolean text = isText(contentType);
        String body = null;
        if (request.body().length > 0) {
            body = text ? new String(request.body(), StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(request.body());
        }
        String routeKey = match.route().routeKey();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(request.rawPath())
                .withRawQueryString(request.rawQueryString())
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(request.rawQueryString()))
                .withPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters())
                .withBody(body)
                .withIsBase64Encoded(body != null && !text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId(Intrinsics.ACCOUNT_ID)
                        .withApiId(API_ID)
                        .withDomainName(host)
                        .withDomainPrefix(host.split("[.:]")[0])
                        .withStage("$default")
                        .withRequestId(requestId())
                        .withRouteKey(routeKey)
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(request.method())
                                .withPath(request.rawPath())
                                .withProtocol(request.protocol())
                                .withSourceIp(request.sourceIp())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    /**
     * The HTTP response API Gateway sends for what the function returned: an
     * {@link APIGatewayV2HTTPResponse}, or (as payload 2.0 allows) any other value, which is
     * read as a response when it has a {@code statusCode} and otherwise sent as a JSON body.
     */
    public static HttpResponse toHttp(Object result) {
        APIGatewayV2HTTPResponse response = result instanceof APIGatewayV2HTTPResponse typed ? typed : infer(result);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> headers.put(name, new ArrayList<>(List.of(value))));
        }
        if (response.getCookies() != null && !response.getCookies().isEmpty()) {
            headers.computeIfAbsent("Set-Cookie", k -> new ArrayList<>()).addAll(response.getCookies());
        }
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        return new HttpResponse(response.getStatusCode() == 0 ? 200 : response.getStatusCode(), headers, bytes);
    }

    /** A JSON error body in API Gateway's own shape, e.g. {@code {"message":"Not Found"}}. */
    public static HttpResponse gatewayError(int status, String message) {
        return json(status, Map.of("message", message));
    }

    /** A JSON response. */
    public static HttpResponse json(int status, Object body) {
        try {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("Content-Type", List.of("application/json"));
            return new HttpResponse(status, headers, JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static APIGatewayV2HTTPResponse infer(Object result) {
        try {
            if (result instanceof Map<?, ?> map && map.containsKey("statusCode")) {
                Map<String, Object> fields = (Map<String, Object>) map;
                APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
                response.setStatusCode(Integer.parseInt(String.valueOf(fields.get("statusCode"))));
                response.setHeaders((Map<String, String>) fields.get("headers"));
                response.setMultiValueHeaders((Map<String, List<String>>) fields.get("multiValueHeaders"));
                response.setCookies((List<String>) fields.get("cookies"));
                response.setBody(fields.get("body") == null ? null : String.valueOf(fields.get("body")));
                response.setIsBase64Encoded(Boolean.TRUE.equals(fields.get("isBase64Encoded")));
                return response;
            }
            if (result != null && !(result instanceof Map) && !(result instanceof String) && !(result instanceof List)) {
                Map<String, Object> converted = JSON.convertValue(result, Map.class);
                if (converted.containsKey("statusCode")) {
                    return infer(converted);
                }
            }
            APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
            response.setStatusCode(200);
            response.setHeaders(Map.of("Content-Type", "application/json"));
            response.setBody(result instanceof String text ? text : JSON.writeValueAsString(result));
            return response;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Function result is not serialisable: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    /** Whether API Gateway passes a body of this content type as text rather than base64. */
    static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript");
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String requestId() {
        byte[] id = new byte[10];
        ThreadLocalRandom.current().nextBytes(id);
        return Base64.getEncoder().withoutPadding().encodeToString(id).replace('+', 'A').replace('/', 'B') + "=";
    }
}
