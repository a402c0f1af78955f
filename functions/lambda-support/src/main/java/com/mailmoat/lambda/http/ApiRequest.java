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
    private final EdgeOrigin edge;
    private JsonNode jsonBody;

    /** A request that reached API Gateway directly. */
    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this(event, EdgeOrigin.NONE);
    }

    /** A request that may have come through the console's CloudFront distribution ({@code edge}). */
    public ApiRequest(APIGatewayV2HTTPEvent event, EdgeOrigin edge) {
        this.event = event;
        this.edge = edge;
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

    /**
     * The route key for logs: the template's key when API Gateway matched one; otherwise the
     * method alone, since the raw path is whatever the caller typed (and a log is no place for it).
     */
    public String logKey() {
        String key = event.getRouteKey();
        if (key != null && !key.isBlank() && !"$default".equals(key) && key.length() <= 200
                && key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return key;
        }
        String method = method();
        return (method.length() <= 16 && method.chars().allMatch(Character::isLetter) ? method : "?") + " (no route)";
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

    /**
     * A path parameter that names one of our own records (a scan, a detection): our ids are short
     * and plain, so anything else (too long for a DynamoDB key, control characters, slashes) is
     * answered 404 without a lookup, and without repeating it.
     *
     * @param what the record's name for the 404's words, e.g. "scan"
     */
    public String idParameter(String name, String what) {
        return pathParameter(name).filter(ApiRequest::plausibleId)
                .orElseThrow(() -> ApiError.notFound("There is no such " + what + "."));
    }

    /** Whether {@code value} could be one of our ids: 1 to 128 letters, digits and {@code ._~:-}. */
    public static boolean plausibleId(String value) {
        return value != null && !value.isEmpty() && value.length() <= 128
                && value.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || "._~:-".indexOf(c) >= 0));
    }

    /** The caller's address: the viewer's behind the console's distribution (see {@link EdgeOrigin}), else the connection's. */
    public String sourceIp() {
        Optional<String> viewer = edge.viewerAddress(this);
        if (viewer.isPresent()) {
            return viewer.get();
        }
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

    /**
     * The body as {@code application/x-www-form-urlencoded} fields (an HTML form's POST); 400 when a
     * field is malformed or repeated, or there are more than {@code maxFields}.
     */
    public Map<String, String> formFields(int maxFields) {
        String body = new String(bodyBytes(), StandardCharsets.UTF_8);
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        if (body.isEmpty()) {
            return fields;
        }
        String[] pairs = body.split("&", -1);
        if (pairs.length > maxFields) {
            throw ApiError.badRequest("malformed_form", "The form has too many fields.");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (fields.putIfAbsent(name, value) != null) {
                    throw ApiError.badRequest("malformed_form", "A form field is repeated.");
                }
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("malformed_form", "The form is not validly encoded.");
            }
        }
        return fields;
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
            } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
                throw ApiError.badRequest("malformed_json", "The request body is nested too deeply or holds a value "
                        + "too long to be a request.");
            } catch (JsonProcessingException e) {
                // Some parser errors (e.g. nesting too deep) carry no location; the message itself
                // may quote the input, so only the position is reported.
                com.fasterxml.jackson.core.JsonLocation location = e.getLocation();
                String where = location == null || location.getLineNr() < 1 ? ""
                        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
                throw ApiError.badRequest("malformed_json", "The request body is not valid JSON" + where + ".");
            } catch (java.io.IOException | RuntimeException e) {
                throw ApiError.badRequest("malformed_json", "The request body could not be read as JSON.");
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
