package com.mailmoat.simulator.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A transport-neutral HTTP request: what the simulator's handlers see, whether it came over the
 * wire or out of a Graph {@code $batch} body.
 *
 * @param method  upper-case HTTP method
 * @param rawPath the path as sent (still percent-encoded)
 * @param rawQuery the query string as sent, or null
 * @param headers header values keyed by lower-case name
 * @param body    the request body (empty when none)
 */
public record SimRequest(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {

    public SimRequest {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        headers = Collections.unmodifiableMap(lower);
        body = body == null ? new byte[0] : body;
    }

    /** A header value by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Decoded, non-empty path segments. */
    public List<String> segments() {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(percentDecode(segment, false));
            }
        }
        return segments;
    }

    /** Query parameters with decoded names and values, first occurrence wins, in request order. */
    public Map<String, String> query() {
        return parseForm(rawQuery);
    }

    /** The body read as an {@code application/x-www-form-urlencoded} form. */
    public Map<String, String> form() {
        return parseForm(new String(body, StandardCharsets.UTF_8));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public static Map<String, String> parseForm(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), true);
            values.putIfAbsent(name, value);
        }
        return values;
    }

    /** Percent-decoding as UTF-8; {@code plusIsSpace} only for query strings and forms. */
    public static String percentDecode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    out.write(high * 16 + low);
                    i += 2;
                    continue;
                }
                out.write('%');
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    bytes = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
