package com.mailmoat.adapters.m365;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the administrator's browser on the simulator's sign-in and consent pages: opens a URL,
 * clicks a link by its id, and reads what Microsoft sends back (a redirect's query, or the fields of
 * a {@code form_post} page), without delivering it, since the callback belongs to the application.
 */
final class Browser {
    private final HttpClient http;

    Browser(SSLContext trust) {
        this.http = HttpClient.newBuilder().sslContext(trust).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Opens {@code page}, clicks the link with {@code linkId} and returns the redirect's query parameters. */
    Map<String, String> clickThrough(URI page, String linkId) {
        HttpResponse<String> html = get(page);
        if (html.statusCode() != 200) {
            throw new AssertionError("GET " + page + " answered " + html.statusCode() + ": " + html.body());
        }
        Matcher link = Pattern.compile("<a id=\"" + Pattern.quote(linkId) + "\"[^>]*href=\"([^\"]+)\"").matcher(html.body());
        if (!link.find()) {
            throw new AssertionError("no link #" + linkId + " on " + page + ":\n" + html.body());
        }
        URI target = page.resolve(link.group(1).replace("&amp;", "&"));
        HttpResponse<String> answer = get(target);
        if (answer.statusCode() == 200) {
            return postedForm(answer.body()); // response_mode=form_post: what the browser would POST back
        }
        String location = answer.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no redirect from " + target + ": " + answer.statusCode()));
        return query(URI.create(location));
    }

    /** The hidden fields of an auto-submitting form_post page. */
    static Map<String, String> postedForm(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher input = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(html);
        while (input.find()) {
            fields.put(input.group(1), input.group(2).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&amp;", "&"));
        }
        if (fields.isEmpty()) {
            throw new AssertionError("neither a redirect nor a form_post page:\n" + html);
        }
        return fields;
    }

    HttpResponse<String> get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.put(key, value);
        }
        return parameters;
    }
}
