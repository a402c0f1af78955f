package com.mailmoat.simulator.internal.graph;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Page sizes and {@code @odata.nextLink} URLs: directory collections page with an opaque
 * {@code $skiptoken}, mail collections with {@code $skip}; either way the link repeats every other
 * query parameter of the original request, as Graph's do.
 */
final class Paging {

    private static final String SKIPTOKEN_PREFIX = "DSpt";

    private Paging() {
    }

    /** {@code $top}, defaulted and bounded; out-of-range values are refused. */
    static int top(Call call, int defaultSize, int maxSize) {
        String top = call.param("$top");
        if (top == null) {
            return defaultSize;
        }
        try {
            int value = Integer.parseInt(top.trim());
            if (value < 1 || value > maxSize) {
                throw GraphException.badRequest("Request_BadRequest",
                        "Invalid page size specified: '" + value + "'. Must be between 1 and " + maxSize + " inclusive.");
            }
            return value;
        } catch (NumberFormatException e) {
            throw GraphException.badRequest("BadRequest", "Invalid value '" + top + "' for query option '$top'.");
        }
    }

    static int skip(Call call) {
        String skip = call.param("$skip");
        if (skip == null) {
            return 0;
        }
        try {
            int value = Integer.parseInt(skip.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw GraphException.badRequest("BadRequest", "Invalid value '" + skip + "' for query option '$skip'.");
        }
    }

    static int skipTokenOffset(Call call) {
        String token = call.param("$skiptoken");
        if (token == null) {
            return 0;
        }
        try {
            String hex = token.startsWith("X'") && token.endsWith("'") ? token.substring(2, token.length() - 1) : token;
            String decoded = new String(HexFormat.of().parseHex(hex), StandardCharsets.US_ASCII);
            if (!decoded.startsWith(SKIPTOKEN_PREFIX)) {
                throw new IllegalArgumentException();
            }
            return Integer.parseInt(decoded.substring(SKIPTOKEN_PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            throw GraphException.badRequest("Request_BadRequest", "Invalid paging token specified.");
        }
    }

    static String skipToken(int offset) {
        String payload = SKIPTOKEN_PREFIX + String.format("%012d", offset);
        return "X'" + HexFormat.of().withUpperCase().formatHex(payload.getBytes(StandardCharsets.US_ASCII)) + "'";
    }

    /** The same request URL with {@code $skip}/{@code $skiptoken} replaced by the given one. */
    static String nextLink(Call call, String pagingParameter, String value) {
        StringBuilder url = new StringBuilder(call.graphBase());
        for (String segment : call.path()) {
            url.append('/').append(encode(segment, "$'()=:@,"));
        }
        char separator = '?';
        for (Map.Entry<String, String> param : call.query().entrySet()) {
            if (List.of("$skip", "$skiptoken").contains(param.getKey())) {
                continue;
            }
            url.append(separator).append(encode(param.getKey(), "$")).append('=')
                    .append(encode(param.getValue(), "$',():@/"));
            separator = '&';
        }
        url.append(separator).append(pagingParameter).append('=').append(encode(value, "'"));
        return url.toString();
    }

    /** Percent-encodes everything but unreserved characters and the given extra ones. */
    static String encode(String text, String keep) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0
                    || keep.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
