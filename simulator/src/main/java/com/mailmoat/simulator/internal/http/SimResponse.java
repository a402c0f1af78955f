package com.mailmoat.simulator.internal.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transport-neutral HTTP response, written to the wire by the server or embedded in a
 * {@code $batch} answer.
 */
public final class SimResponse {

    /** Graph's JSON content type, as its responses carry it. */
    public static final String GRAPH_JSON =
            "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;

    public SimResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
    }

    public static SimResponse json(int status, Object body) {
        return new SimResponse(status, "application/json; charset=utf-8", Json.bytes(body));
    }

    public static SimResponse graphJson(int status, Object body) {
        return new SimResponse(status, GRAPH_JSON, Json.bytes(body)).header("OData-Version", "4.0");
    }

    public static SimResponse text(int status, String contentType, byte[] body) {
        return new SimResponse(status, contentType, body);
    }

    public static SimResponse html(int status, String html) {
        return new SimResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    public static SimResponse redirect(URI location) {
        return new SimResponse(302, null, null).header("Location", location.toString());
    }

    public static SimResponse empty(int status) {
        return new SimResponse(status, null, null);
    }

    public SimResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    public byte[] body() {
        return body;
    }

    public String contentType() {
        return header("Content-Type");
    }
}
