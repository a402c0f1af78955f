package com.mailmoat.lambda.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.lambda.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A read-only view of an API Gateway HTTP API (payload 2.0) request. */
public final class ApiRequest {
    private final APIGatewayV2HTTPEvent event;
    private JsonNode jsonBody;

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
    }

    public APIGatewayV2HTTPEvent event() {
        return event;
    }

    /** "METHOD /path/{param}" as in template.yaml, or built from method and path when absent. */
    public String routeKey() {
        String key = event.getRouteKey();
        if (key != null && !key.isBlank() && !"$default".equals(key)) {
            return key;
        }
        return method() + " " + path();
    }

    public String method() {
        APIGatewayV2HTTPEvent.RequestContext ctx = event.getRequestContext();
        if (ctx != null && ctx.getHttp() != null && ctx.getHttp().getMethod() != null) {
            return ctx.getHttp().getMethod().toUpperCase(Locale.ROOT);
        }
        return "GET";
    }

    public String path() {
        return event.getRawPath() == null ? "/" : event.getRawPath();
    }

    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.ofNullable(e.getValue());
            }
        }
        return Optional.empty();
    }

    public Optional<String> cookie(String name) {
        List<String> cookies = new ArrayList<>();
        if (event.getCookies() != null) {
            cookies.addAll(event.getCookies());
        }
        header("cookie").ifPresent(h -> cookies.addAll(List.of(h.split("[;,]"))));
        for (String cookie : cookies) {
            int eq = cookie.indexOf('=');
            if (eq > 0 && cookie.substring(0, eq).trim().equals(name)) {
                String value = cookie.substring(eq + 1).trim();
                // RFC 2965 clients (e.g. java.net.CookieManager) quote values: "abc" is abc.
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    public Optional<String> queryParameter(String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? Optional.empty() : Optional.ofNullable(query.get(name));
    }

    public Optional<String> pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(name));
    }

    public String sourceIp() {
        APIGatewayV2HTTPEvent.RequestContext ctx = event.getRequestContext();
        return ctx != null && ctx.getHttp() != null && ctx.getHttp().getSourceIp() != null
                ? ctx.getHttp().getSourceIp() : "unknown";
    }

    public byte[] bodyBytes() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("malformed_body", "The request body is not valid base64.");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** The body as a JSON object; 400 when it is missing, not JSON, or not an object. */
    public JsonNode json() {
        if (jsonBody == null) {
            byte[] bytes = bodyBytes();
            if (bytes.length == 0) {
                throw ApiError.badRequest("malformed_json", "The request body must be a JSON object.");
            }
            try {
                jsonBody = Json.MAPPER.readTree(bytes);
            } catch (JsonProcessingException e) {
                // Some parser errors (e.g. nesting too deep) carry no location.
                String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                        + ", column " + e.getLocation().getColumnNr() + ")";
                throw ApiError.badRequest("malformed_json", "The request body is not valid JSON" + where + ".");
            } catch (java.io.IOException e) {
                throw ApiError.badRequest("malformed_json", "The request body could not be read.");
            }
            if (jsonBody == null || !jsonBody.isObject()) {
                throw ApiError.badRequest("malformed_json", "The request body must be a JSON object.");
            }
        }
        return jsonBody;
    }

    /**
     * The named string fields of the JSON body, in order; 400 listing every missing or non-string
     * field at once.
     */
    public List<String> requireStrings(String... fields) {
        JsonNode body = json();
        List<FieldError> errors = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String field : fields) {
            JsonNode value = body.get(field);
            if (value == null || value.isNull()) {
                errors.add(new FieldError(field, "is required"));
                values.add(null);
            } else if (!value.isTextual()) {
                errors.add(new FieldError(field, "must be a string"));
                values.add(null);
            } else {
                values.add(value.asText());
            }
        }
        if (!errors.isEmpty()) {
            throw ApiError.badRequest("invalid_request", errors);
        }
        return values;
    }
}
