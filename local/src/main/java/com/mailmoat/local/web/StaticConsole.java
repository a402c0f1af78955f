package com.mailmoat.local.web;

import com.mailmoat.local.http.HttpApiEvents;
import com.mailmoat.local.http.LocalEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Serves the admin console's static files, as S3 / CloudFront would in AWS: {@code /} is
 * {@code index.html}, an extension-less {@code /x} is {@code x.html} when that exists, and every
 * answer carries {@code Cache-Control: no-cache} so an edited file shows on reload. Files come
 * from the checkout's {@code web/} folder when running from the repository (edits show at once),
 * else from the {@code web/} resources packaged in the jar.
 */
public final class StaticConsole implements LocalEndpoint {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("map", "application/json"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"), Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"),
            Map.entry("xml", "application/xml"), Map.entry("pdf", "application/pdf"),
            Map.entry("wasm", "application/wasm"), Map.entry("webmanifest", "application/manifest+json"));

    private final Path directory;
    private final String resourcePrefix;
    private final ClassLoader loader;
    private final Map<String, List<String>> securityHeaders;

    private StaticConsole(Path directory, String resourcePrefix, ClassLoader loader,
                          Map<String, List<String>> securityHeaders) {
        this.directory = directory;
        this.resourcePrefix = resourcePrefix;
        this.loader = loader;
        this.securityHeaders = Map.copyOf(securityHeaders);
    }

    /**
     * Files from a directory.
     *
     * @param securityHeaders what the CDN adds to every file in AWS ({@link ConsoleSecurityHeaders})
     */
    public static StaticConsole fromDirectory(Path directory, Map<String, List<String>> securityHeaders) {
        return new StaticConsole(directory.toAbsolutePath().normalize(), null, null, securityHeaders);
    }

    /** Files from class-path resources under {@code prefix} (e.g. {@code web}). */
    public static StaticConsole fromResources(String prefix, ClassLoader loader, Map<String, List<String>> securityHeaders) {
        return new StaticConsole(null, prefix.endsWith("/") ? prefix : prefix + "/", loader, securityHeaders);
    }

    /** Where the files come from, for the start-up log. */
    public String source() {
        return directory != null ? directory.toString() : "classpath:" + resourcePrefix;
    }

    @Override
    public Optional<HttpApiEvents.HttpResponse> handle(HttpApiEvents.HttpRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Optional.empty();
        }
        String path = URLDecoder.decode(request.rawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
        if (path.contains("\\") || path.contains("\0") || List.of(path.split("/")).contains("..")) {
            return Optional.empty();
        }
        String relative = path.replaceFirst("^/+", "");
        for (String candidate : candidates(relative)) {
            Optional<byte[]> content = read(candidate);
            if (content.isPresent()) {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                headers.put("Content-Type", List.of(contentType(candidate)));
                headers.put("Cache-Control", List.of("no-cache"));
                headers.putAll(securityHeaders);
                return Optional.of(new HttpApiEvents.HttpResponse(200, headers, content.get()));
            }
        }
        return Optional.empty();
    }

    private static List<String> candidates(String relative) {
        if (relative.isEmpty() || relative.endsWith("/")) {
            return List.of(relative + "index.html");
        }
        String last = relative.substring(relative.lastIndexOf('/') + 1);
        return last.contains(".") ? List.of(relative) : List.of(relative + ".html", relative, relative + "/index.html");
    }

    private Optional<byte[]> read(String relative) {
        try {
            if (directory != null) {
                Path file = directory.resolve(relative).normalize();
                return file.startsWith(directory) && Files.isRegularFile(file)
                        ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
            }
            if (!relative.substring(relative.lastIndexOf('/') + 1).contains(".")) {
                return Optional.empty(); // a directory resource would read as its listing
            }
            try (InputStream in = loader.getResourceAsStream(resourcePrefix + relative)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String file) {
        String extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
