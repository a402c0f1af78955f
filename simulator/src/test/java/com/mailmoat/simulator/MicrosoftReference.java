package com.mailmoat.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Microsoft's documented examples from {@code shared/reference/microsoft/*.md}: the fenced code
 * blocks under a markdown heading, parsed as an HTTP response ({@code HTTP/1.1 200 OK}, headers, body),
 * a bare JSON body, or a redirect URL whose query parameters matter.
 */
final class MicrosoftReference {

    /** Microsoft's samples carry trailing commas and "truncated" comments; parse them leniently. */
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*$");
    private static final Pattern FENCE = Pattern.compile("^```\\s*([\\w-]*).*$");
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1\\s+(\\d{3})\\b.*$");

    private final Path directory;
    private final Map<String, List<Block>> blocksByFile = new ConcurrentHashMap<>();

    private MicrosoftReference(Path directory) {
        this.directory = directory;
    }

    /**
     * The reference directory, found by walking up from the working directory (the module) to an
     * ancestor holding {@code shared/reference/microsoft} — the repository's sibling {@code ../shared}.
     */
    static Optional<MicrosoftReference> locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("reference").resolve("microsoft");
            if (Files.isDirectory(candidate)) {
                return Optional.of(new MicrosoftReference(candidate));
            }
        }
        return Optional.empty();
    }

    Path directory() {
        return directory;
    }

    /** A fenced code block: the heading it sits under, its info string (json, http, none, ...) and text. */
    record Block(String file, String heading, String language, String text) {
    }

    /** A documented HTTP response: status, headers (lower-cased names) and body (JSON or null). */
    record DocumentedResponse(int status, Map<String, String> headers, JsonNode json, String text) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The first documented {@code HTTP/1.1 ...} response under the heading. */
    DocumentedResponse response(String file, String heading) {
        Block block = blocks(file, heading).stream()
                .filter(b -> STATUS_LINE.matcher(firstLine(b.text())).matches())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no HTTP response block under '" + heading + "' in " + file));
        return parseResponse(block.text());
    }

    /** The n-th (0-based) JSON code block under the heading. */
    JsonNode json(String file, String heading, int index) {
        List<Block> json = blocks(file, heading).stream().filter(b -> b.language().equals("json")).toList();
        if (index >= json.size()) {
            throw new AssertionError("only " + json.size() + " json block(s) under '" + heading + "' in " + file);
        }
        String text = json.get(index).text().strip();
        // A documented fragment such as "@odata.nextLink": "..." is a member, not a document.
        return parseJson(text.startsWith("\"") ? "{" + text + "}" : text);
    }

    /** The JSON body of the n-th (0-based) request block with a body ({@code POST ...}) under the heading. */
    JsonNode requestBody(String file, String heading, int index) {
        List<Block> requests = blocks(file, heading).stream()
                .filter(b -> firstLine(b.text()).matches("^(GET|POST|PATCH|PUT|DELETE)\\s.*"))
                .filter(b -> b.text().contains("\n\n"))
                .toList();
        String text = requests.get(index).text();
        int blank = text.indexOf("\n\n");
        return parseJson(text.substring(blank + 2));
    }

    /** The query parameters of the n-th (0-based) documented redirect URL under the heading, in order. */
    Map<String, String> redirectParameters(String file, String heading, int index) {
        String text = blocks(file, heading).get(index).text();
        // Microsoft breaks such URLs over lines "for legibility"; join them back.
        String url = text.lines().map(String::strip).reduce("", String::concat).replaceFirst("^GET\\s+", "");
        Map<String, String> params = new LinkedHashMap<>();
        int question = url.indexOf('?');
        if (question < 0) {
            throw new AssertionError("no query in documented redirect under '" + heading + "': " + url);
        }
        for (String pair : url.substring(question + 1).split("&")) {
            int eq = pair.indexOf('=');
            params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        return params;
    }

    /** Every fenced block under the heading (the exact heading text, without the leading #s). */
    List<Block> blocks(String file, String heading) {
        List<Block> found = blocksByFile.computeIfAbsent(file, this::parse).stream()
                .filter(b -> b.heading().equals(heading))
                .toList();
        if (found.isEmpty()) {
            throw new AssertionError("no code blocks under heading '" + heading + "' in " + directory.resolve(file));
        }
        return found;
    }

    private List<Block> parse(String file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(directory.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        String heading = "";
        String language = null;
        StringBuilder text = null;
        for (String line : lines) {
            if (text != null) {
                if (line.strip().equals("```")) {
                    blocks.add(new Block(file, heading, language, text.toString()));
                    text = null;
                } else {
                    text.append(line).append('\n');
                }
                continue;
            }
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                language = fence.group(1).toLowerCase(Locale.ROOT);
                text = new StringBuilder();
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                heading = h.group(2);
            }
        }
        return blocks;
    }

    private static DocumentedResponse parseResponse(String text) {
        List<String> lines = text.lines().toList();
        Matcher status = STATUS_LINE.matcher(lines.get(0));
        if (!status.matches()) {
            throw new AssertionError("not a status line: " + lines.get(0));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int i = 1;
        for (; i < lines.size() && !lines.get(i).isBlank(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        String body = String.join("\n", lines.subList(Math.min(i + 1, lines.size()), lines.size())).strip();
        boolean json = body.startsWith("{") || body.startsWith("[");
        return new DocumentedResponse(Integer.parseInt(status.group(1)), headers, json ? parseJson(body) : null, body);
    }

    private static JsonNode parseJson(String text) {
        try {
            return LENIENT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("documented JSON does not parse: " + e.getOriginalMessage() + "\n" + text, e);
        }
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").strip();
    }
}
