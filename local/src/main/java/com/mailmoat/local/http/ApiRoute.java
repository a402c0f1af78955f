package com.mailmoat.local.http;

import com.mailmoat.local.lambda.LambdaFunction;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP API route: a method (or ANY), a path template with {@code {param}} segments and an
 * optional trailing greedy {@code {proxy+}}, and the function it invokes. {@code $default}
 * matches any request no other route matches, as in API Gateway.
 *
 * @param method   upper-case method or {@code ANY}
 * @param path     the template path, e.g. {@code /api/scans/{scanId}}
 * @param function the function the route invokes
 */
public record ApiRoute(String method, String path, LambdaFunction function) {

    /** API Gateway's route key: {@code METHOD /path} ({@code $default} for the default route). */
    public String routeKey() {
        return path.equals("$default") ? "$default" : method + " " + path;
    }

    /**
     * The path parameters when {@code rawPath} matches this route's path (values URL-decoded),
     * else empty. Method is not considered here.
     */
    public Optional<Map<String, String>> match(String rawPath) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (path.equals("$default")) {
            return Optional.of(parameters);
        }
        List<String> template = segments(path);
        List<String> actual = segments(rawPath);
        for (int i = 0; i < template.size(); i++) {
            String segment = template.get(i);
            if (segment.startsWith("{") && segment.endsWith("+}")) {
                if (i >= actual.size()) {
                    return Optional.empty();
                }
                parameters.put(segment.substring(1, segment.length() - 2),
                        decode(String.join("/", actual.subList(i, actual.size()))));
                return Optional.of(parameters);
            }
            if (i >= actual.size()) {
                return Optional.empty();
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (actual.get(i).isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(segment.substring(1, segment.length() - 1), decode(actual.get(i)));
            } else if (!segment.equals(actual.get(i))) {
                return Optional.empty();
            }
        }
        return template.size() == actual.size() ? Optional.of(parameters) : Optional.empty();
    }

    /**
     * Specificity, higher wins when several routes match (API Gateway prefers the most specific):
     * per segment a literal beats a parameter beats a greedy parameter; then a method beats ANY.
     */
    long specificity() {
        if (path.equals("$default")) {
            return Long.MIN_VALUE;
        }
        long score = 0;
        for (String segment : segments(path)) {
            score *= 4;
            score += segment.endsWith("+}") ? 1 : segment.startsWith("{") ? 2 : 3;
        }
        return score * 2 + (method.equals("ANY") ? 0 : 1);
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>(List.of(path.split("/", -1)));
        if (!segments.isEmpty() && segments.get(0).isEmpty()) {
            segments.remove(0);
        }
        return segments;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
