package com.mailmoat.adapters.m365;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.core.microsoft.MimeResult;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Graph JSON batching ({@code POST /$batch}, json-batching.md) for MIME fetches: up to 20
 * {@code GET /users/{id}/messages/{id}/$value} in one request, each answered on its own (in any
 * order, correlated by id); {@code $value} bodies come back base64-encoded. A request throttled
 * inside the batch answers 429 with its own {@code Retry-After}; Graph (and the SDK) never retries
 * it, so the caller does, after the longest of them. Sent on the Graph client's HTTP stack (TLS,
 * retry policy, telemetry), with the tenant's token, to the configured Graph host only.
 */
final class GraphBatch {
    /** Graph's limit per batch. */
    static final int MAX_REQUESTS = 20;
    private static final MediaType JSON = MediaType.get("application/json");

    private final GraphClients clients;

    GraphBatch(GraphClients clients) {
        this.clients = clients;
    }

    Map<String, MimeResult> fetchMimes(String tenantId, String mailboxId, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        if (messageIds.size() > MAX_REQUESTS) {
            throw new IllegalArgumentException("a Graph batch holds at most " + MAX_REQUESTS + " requests");
        }
        JsonObject body = new JsonObject();
        JsonArray requests = new JsonArray();
        for (int i = 0; i < messageIds.size(); i++) {
            JsonObject item = new JsonObject();
            item.addProperty("id", String.valueOf(i + 1));
            item.addProperty("method", "GET");
            item.addProperty("url", "/users/" + segment(mailboxId) + "/messages/" + segment(messageIds.get(i)) + "/$value");
            JsonObject headers = new JsonObject();
            headers.addProperty("Prefer", GraphMailboxGateway.IMMUTABLE_IDS);
            item.add("headers", headers);
            requests.add(item);
        }
        body.add("requests", requests);
        JsonObject answer = post(tenantId, body.toString());
        Map<String, MimeResult> results = new LinkedHashMap<>();
        JsonArray responses = answer.has("responses") && answer.get("responses").isJsonArray()
                ? answer.getAsJsonArray("responses") : new JsonArray();
        for (JsonElement element : responses) {
            JsonObject response = element.getAsJsonObject();
            int index;
            try {
                index = Integer.parseInt(response.get("id").getAsString()) - 1;
            } catch (RuntimeException e) {
                continue;
            }
            if (index < 0 || index >= messageIds.size()) {
                continue;
            }
            String messageId = messageIds.get(index);
            results.put(messageId, result(messageId, response));
        }
        for (String id : messageIds) {
            results.putIfAbsent(id, new MimeResult.Failed(new MicrosoftUnavailableException(
                    "fetch MIME (batch): Graph's batch answer has no response for message " + id, 0, null)));
        }
        return results;
    }

    private static MimeResult result(String messageId, JsonObject response) {
        int status = response.has("status") ? response.get("status").getAsInt() : 0;
        if (status == 200) {
            JsonElement body = response.get("body");
            if (body == null || !body.isJsonPrimitive()) {
                return new MimeResult.Failed(new MicrosoftException("Graph returned no MIME content for message " + messageId));
            }
            String encoded = body.getAsString();
            try {
                return new MimeResult.Fetched(Base64.getDecoder().decode(encoded));
            } catch (IllegalArgumentException notStrict) {
                return new MimeResult.Fetched(Base64.getMimeDecoder().decode(encoded));
            }
        }
        String code = "";
        String message = "";
        JsonElement body = response.get("body");
        if (body != null && body.isJsonObject() && body.getAsJsonObject().has("error")) {
            JsonObject error = body.getAsJsonObject().getAsJsonObject("error");
            code = error.has("code") ? error.get("code").getAsString() : "";
            message = error.has("message") ? error.get("message").getAsString() : "";
        }
        String detail = "fetch MIME (batch) failed with HTTP " + status + " (" + code + ": " + message + ")";
        return new MimeResult.Failed(failure(status, code, detail, header(response, "Retry-After")));
    }

    /** The batch envelope; a failed envelope throws as a single request would. */
    private JsonObject post(String tenantId, String json) {
        for (int attempt = 0; ; attempt++) {
            Request request = new Request.Builder()
                    .url(clients.graphBaseUrl() + "/$batch")
                    .header("Authorization", "Bearer " + clients.tokens().graphToken(tenantId))
                    .header("Accept", "application/json")
                    .post(RequestBody.create(json.getBytes(StandardCharsets.UTF_8), JSON))
                    .build();
            try (Response response = clients.httpClient().newCall(request).execute()) {
                if (response.code() == 401 && attempt == 0) {
                    clients.tokens().rejectCurrent(tenantId);
                    continue;
                }
                if (response.code() != 200 || response.body() == null) {
                    String code = "";
                    try {
                        JsonObject error = JsonParser.parseString(response.body() == null ? "" : response.body().string())
                                .getAsJsonObject().getAsJsonObject("error");
                        code = error.get("code").getAsString();
                    } catch (RuntimeException unreadable) {
                        // no Graph error body
                    }
                    throw failure(response.code(), code, "fetch MIME (batch) failed with HTTP " + response.code()
                            + " (" + code + ")", response.header("Retry-After"));
                }
                try (Reader reader = response.body().charStream()) {
                    return JsonParser.parseReader(reader).getAsJsonObject();
                }
            } catch (IOException e) {
                throw new MicrosoftUnavailableException("fetch MIME (batch): cannot reach Graph", 0, e);
            } catch (IllegalStateException | com.google.gson.JsonParseException e) {
                throw new MicrosoftUnavailableException("fetch MIME (batch): unreadable answer", 0, e);
            }
        }
    }

    private static MicrosoftException failure(int status, String code, String detail, String retryAfter) {
        if (status == 429) {
            Duration wait = retryAfter == null ? GraphCalls.DEFAULT_THROTTLE_WAIT
                    : RetryAfter.parse(retryAfter, Instant.now()).orElse(GraphCalls.DEFAULT_THROTTLE_WAIT);
            return new MicrosoftThrottledException(detail, wait, code);
        }
        if (status >= 500 || status == 0) {
            return new MicrosoftUnavailableException(detail, status, code, null);
        }
        if (status == 404 || "MailboxNotEnabledForRESTAPI".equals(code)) {
            return new MicrosoftNotFoundException(detail, code, null);
        }
        if (status == 401 || status == 403) {
            return new MicrosoftAccessDeniedException(detail, code, null);
        }
        return new MicrosoftException(detail, code, null);
    }

    private static String header(JsonObject response, String name) {
        JsonElement headers = response.get("headers");
        if (headers == null || !headers.isJsonObject()) {
            return null;
        }
        for (Map.Entry<String, JsonElement> entry : headers.getAsJsonObject().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && entry.getValue().isJsonPrimitive()) {
                return entry.getValue().getAsString();
            }
        }
        return null;
    }

    /** A path segment: ids are URL-safe already; anything else is percent-encoded. */
    private static String segment(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~=@".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
