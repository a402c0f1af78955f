package com.mailmoat.simulator.internal.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.Faults;
import com.mailmoat.simulator.internal.http.Json;
import com.mailmoat.simulator.internal.http.SimRequest;
import com.mailmoat.simulator.internal.http.SimResponse;
import com.mailmoat.simulator.internal.login.AccessToken;
import com.mailmoat.simulator.internal.login.TokenService;
import com.mailmoat.simulator.internal.notify.SubscriptionService;
import com.mailmoat.simulator.internal.tenant.Mailbox;
import com.mailmoat.simulator.internal.tenant.Tenant;
import com.mailmoat.simulator.internal.tenant.TenantRegistry;
import com.mailmoat.simulator.internal.tenant.User;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The simulated Microsoft Graph v1.0 endpoint: authenticates the bearer token, applies the
 * configured faults (latency, random 429/503, per-mailbox budget and concurrency cap), routes
 * to the directory or mail endpoints and answers {@code POST /$batch} item by item.
 */
public final class GraphService implements AutoCloseable {

    private static final List<String> GRAPH_AUDIENCES =
            List.of("https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final int BATCH_LIMIT = 20;
    /** Graph hands Outlook at most four items of one batch at a time. */
    private static final int BATCH_PARALLELISM = 4;

    private final TenantRegistry tenants;
    private final TokenService tokens;
    private final Faults faults;
    private final Supplier<String> graphBase;
    private final Supplier<String> loginBase;
    private final DirectoryEndpoints directory = new DirectoryEndpoints();
    private final MailEndpoints mail;
    private final SubscriptionEndpoints subscriptions;
    private final MailboxLimiter limiter = new MailboxLimiter();
    private final ExecutorService batchWorkers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sim-graph-batch");
        thread.setDaemon(true);
        return thread;
    });

    public GraphService(TenantRegistry tenants, TokenService tokens, Faults faults, Supplier<String> graphBase,
                        Supplier<String> loginBase, SubscriptionService subscriptionService, DeltaTokens deltaTokens) {
        this.tenants = tenants;
        this.tokens = tokens;
        this.faults = faults;
        this.graphBase = graphBase;
        this.loginBase = loginBase;
        this.mail = new MailEndpoints(faults, deltaTokens);
        this.subscriptions = new SubscriptionEndpoints(subscriptionService);
    }

    /** Answers a request whose path starts with {@code /v1.0}. */
    public SimResponse handle(SimRequest request) {
        List<String> segments = request.segments();
        List<String> path = segments.subList(1, segments.size());
        String requestId = UUID.randomUUID().toString();
        String clientRequestId = request.header("client-request-id") != null ? request.header("client-request-id")
                : requestId;
        SimResponse response;
        if (path.size() == 1 && path.get(0).equals("$batch")) {
            response = batch(request, requestId, clientRequestId);
        } else {
            response = single(request, path, requestId, clientRequestId);
        }
        return response.header("request-id", requestId).header("client-request-id", clientRequestId)
                .header("x-ms-ags-diagnostic", "{\"ServerInfo\":{\"DataCenter\":\"Loopback\",\"Slice\":\"E\","
                        + "\"Ring\":\"SIM\",\"ScaleUnit\":\"000\",\"RoleInstance\":\"SIMULATOR\"}}")
                .header("Cache-Control", "no-cache");
    }

    private SimResponse single(SimRequest request, List<String> path, String requestId, String clientRequestId) {
        AccessToken token;
        TokenService.Check check = tokens.check(bearer(request), GRAPH_AUDIENCES);
        if (check instanceof TokenService.Invalid invalid) {
            return error(401, "InvalidAuthenticationToken", invalid.message(), requestId, clientRequestId)
                    .header("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"" + loginBase.get()
                            + "/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"");
        }
        token = ((TokenService.Valid) check).token();
        Tenant tenant = tenants.byId(token.tenantId()).orElse(null);
        if (tenant == null) {
            return error(401, "InvalidAuthenticationToken", "Access token validation failure.", requestId,
                    clientRequestId);
        }
        if (path.isEmpty()) {
            return error(400, "BadRequest", "Invalid version.", requestId, clientRequestId);
        }
        path = resolveMe(GraphPath.normalize(path), token);
        if (path == null) {
            return error(400, "BadRequest", "/me request is only valid with delegated authentication flow.", requestId,
                    clientRequestId);
        }
        boolean mailPath = MailEndpoints.isMailPath(path);
        User mailUser = mailPath ? tenant.user(path.get(1)).orElse(null) : null;
        tenant.counters().graphRequest(mailUser == null ? null : mailUser.userPrincipalName());

        Faults.Outcome outcome = faults.roll();
        if (outcome == Faults.Outcome.THROTTLE) {
            return mailPath
                    ? applicationThrottled("MailboxConcurrency", faults.retryAfterSeconds())
                    : throttled("Please retry after", faults.retryAfterSeconds(), requestId, clientRequestId);
        }
        if (outcome == Faults.Outcome.UNAVAILABLE) {
            return unavailable(requestId, clientRequestId);
        }
        if (outcome == Faults.Outcome.GATEWAY_TIMEOUT) {
            return gatewayTimeout(requestId, clientRequestId);
        }

        Call call = new Call(request, token, tenant, graphBase.get(), path);
        String limiterKey = null;
        try {
            Authorization.check(token, request.method(), path);
            if (path.get(0).equals("subscriptions")) {
                sleep(faults.latency().toMillis());
                return subscriptions.handle(call);
            }
            if (mailPath) {
                User user = mailUser;
                if (user == null) {
                    throw new GraphException(404, "ErrorInvalidUser", "The requested user '" + call.path().get(1)
                            + "' is invalid.");
                }
                Mailbox mailbox = tenant.mailbox(user.id()).orElseThrow(() -> new GraphException(404,
                        "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted"
                        + " on-premise."));
                String key = token.appId() + "|" + tenant.tenantId() + "|" + user.id();
                MailboxLimiter.Refusal refusal = limiter.tryAcquire(key, faults.mailboxBudget(), faults.budgetWindow(),
                        faults.mailboxConcurrency(), faults.retryAfterSeconds());
                if (refusal != null) {
                    tenant.counters().refused(refusal.limit());
                    return applicationThrottled(refusal.limit(), refusal.retryAfterSeconds());
                }
                limiterKey = key;
                tenant.counters().mailStarted(limiter.inFlightAfterAcquire());
                // Latency is spent holding the mailbox slot, so slow calls pile up against the cap.
                sleep(faults.latency().toMillis());
                SimResponse answer = mail.handle(call, user, mailbox);
                if (answer.status() < 300 && !request.method().equals("GET") && !request.method().equals("HEAD")) {
                    // The write is done; the answer may still be lost on the way back.
                    int failure = faults.rollCommitThenFail();
                    if (failure == 504) {
                        return gatewayTimeout(requestId, clientRequestId);
                    }
                    if (failure == 503) {
                        return unavailable(requestId, clientRequestId);
                    }
                }
                return answer;
            }
            sleep(faults.latency().toMillis());
            return directory.handle(call);
        } catch (GraphException e) {
            return error(e.status(), e.code(), e.getMessage(), requestId, clientRequestId);
        } finally {
            if (limiterKey != null) {
                limiter.release(limiterKey);
                tenant.counters().mailEnded();
            }
        }
    }

    private static List<String> resolveMe(List<String> path, AccessToken token) {
        if (!path.get(0).equals("me")) {
            return path;
        }
        if (token.isAppOnly()) {
            return null;
        }
        List<String> resolved = new ArrayList<>();
        resolved.add("users");
        resolved.add(token.userObjectId());
        resolved.addAll(path.subList(1, path.size()));
        return resolved;
    }

    // ---- $batch --------------------------------------------------------------------------------

    private SimResponse batch(SimRequest request, String requestId, String clientRequestId) {
        if (!request.method().equals("POST")) {
            return error(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.",
                    requestId, clientRequestId);
        }
        TokenService.Check check = tokens.check(bearer(request), GRAPH_AUDIENCES);
        if (check instanceof TokenService.Invalid invalid) {
            return error(401, "InvalidAuthenticationToken", invalid.message(), requestId, clientRequestId);
        }
        JsonNode body;
        try {
            body = Json.parse(request.body());
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null || !body.path("requests").isArray()) {
            return error(400, "BadRequest", "Invalid batch payload format.", requestId, clientRequestId);
        }
        JsonNode items = body.get("requests");
        if (items.size() > BATCH_LIMIT) {
            return error(400, "BadRequest", "The number of requests in the batch exceeds the limit of "
                    + BATCH_LIMIT + ".", requestId, clientRequestId);
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode item : items) {
            String id = item.path("id").asText("");
            if (id.isEmpty() || !ids.add(id.toLowerCase(Locale.ROOT)) || !item.hasNonNull("method")
                    || !item.hasNonNull("url")) {
                return error(400, "BadRequest", "Each request in a batch needs a unique id, a method and a url.",
                        requestId, clientRequestId);
            }
        }
        boolean sequenced = false;
        for (JsonNode item : items) {
            sequenced |= item.has("dependsOn");
        }
        Map<String, ObjectNode> answers = new LinkedHashMap<>();
        if (sequenced) {
            Map<String, Integer> statuses = new HashMap<>();
            for (JsonNode item : items) {
                boolean failedDependency = false;
                for (JsonNode dependency : item.path("dependsOn")) {
                    Integer status = statuses.get(dependency.asText().toLowerCase(Locale.ROOT));
                    failedDependency |= status == null || status >= 400;
                }
                ObjectNode answer = failedDependency ? failedDependency(item) : runItem(request, item);
                statuses.put(item.get("id").asText().toLowerCase(Locale.ROOT), answer.get("status").asInt());
                answers.put(item.get("id").asText(), answer);
            }
        } else {
            List<Future<ObjectNode>> futures = new ArrayList<>();
            java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(BATCH_PARALLELISM);
            for (JsonNode item : items) {
                futures.add(batchWorkers.submit(() -> {
                    slots.acquire();
                    try {
                        return runItem(request, item);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<ObjectNode> future : futures) {
                try {
                    ObjectNode answer = future.get();
                    answers.put(answer.get("id").asText(), answer);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return error(503, "serviceNotAvailable", "Interrupted.", requestId, clientRequestId);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        ObjectNode envelope = Json.object();
        ArrayNode responses = envelope.putArray("responses");
        // "Individual responses might appear in a different order than the requests" (json-batching).
        faults.batchOrder(new ArrayList<>(answers.values())).forEach(responses::add);
        return SimResponse.json(200, envelope);
    }

    private ObjectNode runItem(SimRequest envelope, JsonNode item) {
        String url = item.get("url").asText();
        int versionAt = url.indexOf("/v1.0/");
        if (url.startsWith("http") && versionAt >= 0) {
            url = url.substring(versionAt + "/v1.0".length());
        }
        if (!url.startsWith("/")) {
            url = "/" + url;
        }
        int question = url.indexOf('?');
        String rawPath = "/v1.0" + (question < 0 ? url : url.substring(0, question));
        String rawQuery = question < 0 ? null : url.substring(question + 1);
        Map<String, String> headers = new LinkedHashMap<>();
        if (envelope.header("Authorization") != null) {
            headers.put("Authorization", envelope.header("Authorization"));
        }
        item.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        byte[] body = null;
        JsonNode bodyNode = item.get("body");
        if (bodyNode != null && !bodyNode.isNull()) {
            body = bodyNode.isTextual() ? decodeBase64OrText(bodyNode.asText()) : Json.bytes(bodyNode);
        }
        SimRequest sub = new SimRequest(item.get("method").asText().toUpperCase(Locale.ROOT), rawPath, rawQuery,
                headers, body);
        SimResponse response;
        if (sub.segments().size() > 1 && sub.segments().get(1).equals("$batch")) {
            response = error(400, "BadRequest", "A batch request cannot contain another batch.", "", "");
        } else {
            response = handle(sub);
        }
        ObjectNode answer = Json.object().put("id", item.get("id").asText()).put("status", response.status());
        ObjectNode answerHeaders = answer.putObject("headers");
        response.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("request-id") && !name.equalsIgnoreCase("client-request-id")
                    && !name.equalsIgnoreCase("x-ms-ags-diagnostic")) {
                answerHeaders.put(name, value);
            }
        });
        if (response.body().length > 0) {
            String contentType = response.contentType() == null ? "" : response.contentType();
            if (contentType.startsWith("application/json")) {
                answer.set("body", Json.parse(response.body()));
            } else {
                // Graph base64-encodes non-JSON bodies (such as $value) inside a batch answer.
                answer.put("body", Base64.getEncoder().encodeToString(response.body()));
            }
        }
        return answer;
    }

    private static byte[] decodeBase64OrText(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static ObjectNode failedDependency(JsonNode item) {
        ObjectNode answer = Json.object().put("id", item.get("id").asText()).put("status", 424);
        answer.putObject("headers").put("Content-Type", "application/json");
        answer.putObject("body").putObject("error").put("code", "FailedDependency")
                .put("message", "The request was not executed because a request it depends on failed.");
        return answer;
    }

    // ---- answers -------------------------------------------------------------------------------

    private SimResponse throttled(String innerMessage, double retryAfterSeconds, String requestId,
                                  String clientRequestId) {
        ObjectNode inner = Json.object()
                .put("code", "429")
                .put("date", date())
                .put("message", innerMessage)
                .put("request-id", requestId)
                .put("status", "429");
        ObjectNode error = Json.object().put("code", "TooManyRequests");
        error.set("innerError", inner);
        error.put("message", "Please retry again later.");
        ObjectNode body = Json.object();
        body.set("error", error);
        return new SimResponse(429, "application/json", Json.bytes(body))
                .header("Retry-After", retryAfter(retryAfterSeconds));
    }

    /**
     * Outlook's own 429 for mail endpoints: {@code ApplicationThrottled}, "Application is over its
     * {limit} limit.", no innerError, with {@code Retry-After}.
     */
    private static SimResponse applicationThrottled(String limit, double retryAfterSeconds) {
        ObjectNode body = Json.object();
        body.putObject("error").put("code", "ApplicationThrottled")
                .put("message", "Application is over its " + limit + " limit.");
        return new SimResponse(429, "application/json", Json.bytes(body))
                .header("Retry-After", retryAfter(retryAfterSeconds));
    }

    private SimResponse unavailable(String requestId, String clientRequestId) {
        return error(503, "serviceNotAvailable", "Service is temporarily unavailable. Please retry later.",
                requestId, clientRequestId).header("Retry-After", retryAfter(faults.retryAfterSeconds()));
    }

    private static SimResponse gatewayTimeout(String requestId, String clientRequestId) {
        return error(504, "GatewayTimeout", "The gateway did not receive a timely response from the upstream"
                + " server or application.", requestId, clientRequestId);
    }

    static SimResponse error(int status, String code, String message, String requestId, String clientRequestId) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        error.putObject("innerError")
                .put("date", date())
                .put("request-id", requestId)
                .put("client-request-id", clientRequestId);
        return new SimResponse(status, "application/json", Json.bytes(body));
    }

    /** Seconds as Graph writes them: {@code 2}, {@code 2.128}. */
    static String retryAfter(double seconds) {
        return BigDecimal.valueOf(seconds).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String date() {
        return DATE.format(LocalDateTime.now(ZoneOffset.UTC));
    }

    private static String bearer(SimRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        batchWorkers.shutdownNow();
    }
}
