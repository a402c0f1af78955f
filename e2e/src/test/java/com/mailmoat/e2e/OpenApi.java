package com.mailmoat.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's {@code openapi.yaml} (OpenAPI 3.1) as the tests use it: its operations, and the
 * validation of a real answer against the schema the document gives for that operation and status
 * (JSON Schema 2020-12 with the OpenAPI 3.1 dialect, every {@code $ref} resolved in the document).
 */
final class OpenApi {
    private static final String BASE = "https://mailmoat.example/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static OpenApi instance;

    /** One operation: its method, path template and whether it is a pending contract ({@code x-pending}). */
    record Operation(String method, String path, boolean pending, Pattern matcher) {
        String key() {
            return method + " " + path;
        }
    }

    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();
    private final JsonSchemaFactory factory;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private OpenApi(JsonNode document) {
        this.document = document;
        String json = document.toString();
        // The OpenAPI 3.1 dialect, told that the document's own top-level keys are not schema keywords.
        com.networknt.schema.JsonMetaSchema dialect = com.networknt.schema.JsonMetaSchema.builder(OpenApi31.getInstance())
                .keywords(List.of("openapi", "info", "servers", "security", "tags", "paths", "components").stream()
                        .map(com.networknt.schema.NonValidationKeyword::new).toList())
                .build();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(dialect)
                .defaultMetaSchemaIri(dialect.getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, json))));
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                            op.getValue().has("x-pending"), Pattern.compile(
                            path.getKey().replaceAll("\\{[^}/]+}", "[^/]+").replace(".", "\\."))));
                }
            }
        }
    }

    static synchronized OpenApi get() {
        if (instance == null) {
            instance = new OpenApi(load(LocalStack.root().resolve("openapi.yaml")));
        }
        return instance;
    }

    static JsonNode load(Path file) {
        try {
            Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            return Browser.JSON.valueToTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return document;
    }

    List<Operation> operations() {
        return operations;
    }

    /** The documented operation serving {@code method} on a concrete path, if any (exact templates first). */
    Optional<Operation> operation(String method, String path) {
        String bare = path.split("\\?")[0];
        Operation best = null;
        for (Operation op : operations) {
            if (op.method().equalsIgnoreCase(method) && op.matcher().matcher(bare).matches()) {
                // "/api/scans/current" beats "/api/scans/{id}": fewer path parameters wins.
                if (best == null || params(op.path()) < params(best.path())) {
                    best = op;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static long params(String path) {
        return path.chars().filter(c -> c == '{').count();
    }

    /**
     * The problems of a real answer: its status must be documented for the operation (or be an
     * error answered in the documented error shape), and its JSON body must match the schema.
     */
    List<String> problems(Operation op, int status, String contentType, String body) {
        JsonNode responses = document.path("paths").path(op.path()).path(op.method().toLowerCase(Locale.ROOT)).path("responses");
        String statusKey = String.valueOf(status);
        String pointer;
        JsonNode response = responses.path(statusKey);
        if (!response.isMissingNode()) {
            pointer = "/paths/" + escape(op.path()) + "/" + op.method().toLowerCase(Locale.ROOT) + "/responses/" + statusKey;
            if (response.has("$ref")) {
                pointer = response.path("$ref").asText().substring(1);
                response = at(pointer);
            }
        } else if (status >= 400) {
            // Not listed for this operation: it must still be one of the two documented error shapes.
            return validate("/components/responses/TooManyRequests/content/application~1json/schema", body,
                    op.key() + " " + status);
        } else {
            return List.of(op.key() + " answered " + status + ", which openapi.yaml does not document");
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return body == null || body.isBlank() ? List.of()
                    : List.of(op.key() + " " + status + " has a body the document does not describe: " + body);
        }
        if (!content.has("application/json")) {
            return List.of();
        }
        if (contentType == null || !contentType.startsWith("application/json")) {
            return List.of(op.key() + " " + status + " answered " + contentType + ", not application/json");
        }
        return validate(pointer + "/content/application~1json/schema", body, op.key() + " " + status);
    }

    private List<String> validate(String pointer, String body, String what) {
        JsonNode json;
        try {
            json = Browser.JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return List.of(what + ": not JSON: " + body);
        }
        if (json == null || json.isMissingNode()) {
            return List.of(what + ": empty body");
        }
        JsonSchema schema = schemas.computeIfAbsent(pointer, p -> factory.getSchema(SchemaLocation.of(BASE + "#" + p)));
        Set<ValidationMessage> messages = schema.validate(json);
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : messages) {
            problems.add(what + ": " + message.getMessage());
        }
        return problems;
    }

    /** Compiles every schema the document gives (every $ref must resolve); returns the failures. */
    List<String> compileAll() {
        Set<String> pointers = new LinkedHashSet<>();
        document.path("components").path("schemas").fieldNames()
                .forEachRemaining(name -> pointers.add("/components/schemas/" + name));
        for (Operation op : operations) {
            String opPointer = "/paths/" + escape(op.path()) + "/" + op.method().toLowerCase(Locale.ROOT);
            at(opPointer).path("responses").fields().forEachRemaining(r -> {
                if (r.getValue().path("content").has("application/json")) {
                    pointers.add(opPointer + "/responses/" + r.getKey() + "/content/application~1json/schema");
                }
            });
            if (at(opPointer).path("requestBody").path("content").has("application/json")) {
                pointers.add(opPointer + "/requestBody/content/application~1json/schema");
            }
        }
        Map<String, String> failures = new LinkedHashMap<>();
        for (String pointer : pointers) {
            try {
                // An empty object validates against nothing in particular: this resolves every $ref.
                factory.getSchema(SchemaLocation.of(BASE + "#" + pointer)).validate(Browser.JSON.createObjectNode());
            } catch (RuntimeException e) {
                failures.put(pointer, e.toString());
            }
        }
        return failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    JsonNode at(String pointer) {
        return document.at(pointer);
    }

    static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
