package com.mailmoat.simulator.internal.admin;

import com.mailmoat.simulator.Faults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.SimMessage;
import com.mailmoat.simulator.TenantSummary;
import com.mailmoat.simulator.internal.exchange.ExchangeHandler;
import com.mailmoat.simulator.internal.graph.DeltaTokens;
import com.mailmoat.simulator.internal.login.Permissions;
import com.mailmoat.simulator.internal.notify.Subscription;
import com.mailmoat.simulator.internal.notify.SubscriptionService;
import com.mailmoat.simulator.internal.http.Json;
import com.mailmoat.simulator.internal.http.SimRequest;
import com.mailmoat.simulator.internal.http.SimResponse;
import com.mailmoat.simulator.internal.tenant.Tenant;
import com.mailmoat.simulator.internal.tenant.TenantRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The simulator's own control endpoints under {@code /_sim} (no Microsoft counterpart, no auth:
 * the server only listens on loopback):
 * <ul>
 *   <li>{@code GET /_sim/tenants}: loaded tenant ids;</li>
 *   <li>{@code GET /_sim/tenants/{tenantId}/summary}: {@link TenantSummary} as JSON;</li>
 *   <li>{@code PUT /_sim/tenants/{tenantId}/dns/{name}} with {@code {"TXT": [...], "MX": [...]}}:
 *       replaces that name's records;</li>
 *   <li>{@code POST /_sim/tenants/{tenantId}/consent} (optional body {@code {"roles": [...]}}) /
 *       {@code DELETE …/consent}: grant (all of Mailmoat's roles, or exactly those) or revoke the app's consent;</li>
 *   <li>{@code GET /_sim/tenants/{tenantId}/mailboxes/{upn}/messages}: where every message is;</li>
 *   <li>{@code GET /_sim/tenants/{tenantId}/mailboxes/{upn}/folders}: every folder, hidden ones included;</li>
 *   <li>{@code POST …/mailboxes/{upn}/messages/{id}/move} {@code {"folder": ...}} and
 *       {@code DELETE …/mailboxes/{upn}/messages/{id}}: a user's own changes;</li>
 *   <li>{@code POST /_sim/tenants/{tenantId}/deliver} {@code {"to", "eml", "folder"}}: new mail arriving;</li>
 *   <li>{@code GET /_sim/tenants/{tenantId}/subscriptions}: the active Graph subscriptions;</li>
 *   <li>{@code POST …/subscriptions/{id}/lifecycle} {@code {"event": ...}}: send a lifecycle notification;</li>
 *   <li>{@code POST /_sim/tenants/{tenantId}/delta/expire}: every delta token of the tenant answers 410;</li>
 *   <li>{@code GET /_sim/tenants/{tenantId}/exchange}: transport rules, ARC, domains, connectors;
 *       {@code PUT …/exchange/role} {@code {"assigned": false}}: take the app's Exchange role away;</li>
 *   <li>{@code DELETE /_sim/tenants/{tenantId}/counters}: zero the request counters;</li>
 *   <li>{@code POST /_sim/tokens/expire}: every access token issued so far expires now (the hour a token lives has
 *       passed; a revoked consent then shows, as Microsoft's tokens outlive a revocation until they expire).</li>
 * </ul>
 */
public final class AdminHandler {

    private final TenantRegistry tenants;
    private final String clientId;
    private final BiConsumer<Tenant, String> dnsChanged;
    private final SubscriptionService subscriptions;
    private final DeltaTokens deltaTokens;
    private final Faults faults;
    private final java.util.function.Function<java.nio.file.Path, String> loader;

    /** @param dnsChanged told after a tenant's records for a name were replaced */
    public AdminHandler(TenantRegistry tenants, String clientId, BiConsumer<Tenant, String> dnsChanged,
                        SubscriptionService subscriptions, DeltaTokens deltaTokens, Faults faults,
                        java.util.function.Function<java.nio.file.Path, String> loader) {
        this.faults = faults;
        this.loader = loader;
        this.tenants = tenants;
        this.clientId = clientId;
        this.dnsChanged = dnsChanged;
        this.subscriptions = subscriptions;
        this.deltaTokens = deltaTokens;
    }

    public SimResponse handle(SimRequest request) {
        try {
            return route(request);
        } catch (java.time.format.DateTimeParseException e) {
            return badRequest("Not a date-time: " + e.getParsedString());
        } catch (IllegalArgumentException e) {
            return SimResponse.json(404, Json.object().put("error", e.getMessage()));
        }
    }

    /**
     * {@code POST /_sim/tenants {"directory": "/path/to/tenant"}} loads a tenant directory (the seed
     * format) into the running simulator, as {@code --sim-tenant} does at start; answers its id.
     */
    private SimResponse load(SimRequest request) {
        JsonNode body = parseObject(request);
        String directory = body.path("directory").asText("");
        if (directory.isBlank() || !java.nio.file.Files.isDirectory(java.nio.file.Path.of(directory))) {
            return badRequest("directory must name a tenant directory on this machine");
        }
        try {
            return SimResponse.json(201, Json.object().put("tenantId", loader.apply(java.nio.file.Path.of(directory))));
        } catch (RuntimeException e) {
            return badRequest("Cannot load " + directory + ": " + e.getMessage());
        }
    }

    /**
     * {@code PUT /_sim/faults {"spec": "throttle=0.3,..."}} applies fault keys live (on top of the current
     * settings, as {@code --sim-faults} does at start); {@code DELETE /_sim/faults} returns to no faults.
     */
    private SimResponse faults(SimRequest request) {
        switch (request.method()) {
            case "PUT" -> {
                JsonNode body = parseObject(request);
                try {
                    faults.apply(body.path("spec").asText(""));
                } catch (IllegalArgumentException e) {
                    return badRequest(e.getMessage());
                }
                return SimResponse.json(200, Json.object().put("applied", body.path("spec").asText("")));
            }
            case "DELETE" -> {
                faults.reset();
                return SimResponse.json(200, Json.object().put("reset", true));
            }
            default -> {
                return notFound("Use PUT or DELETE on /_sim/faults.");
            }
        }
    }

    /** The tenant's summary (with its subscription count). */
    public TenantSummary summary(Tenant tenant) {
        return TenantSummaries.summarize(tenant, subscriptions.activeCount(tenant.tenantId()));
    }

    private SimResponse route(SimRequest request) {
        List<String> s = request.segments();
        String method = request.method();
        if (s.size() == 2 && s.get(1).equals("tenants") && method.equals("POST")) {
            return load(request);
        }
        if (s.size() == 2 && s.get(1).equals("tenants") && method.equals("GET")) {
            ArrayNode ids = Json.array();
            tenants.all().forEach(t -> ids.add(t.tenantId()));
            return SimResponse.json(200, Json.object().set("tenants", ids));
        }
        if (s.size() == 2 && s.get(1).equals("faults")) {
            return faults(request);
        }
        if (s.size() == 3 && s.get(1).equals("tokens") && s.get(2).equals("expire") && method.equals("POST")) {
            faults.expireAllTokens();
            return SimResponse.empty(204);
        }
        if (s.size() < 4 || !s.get(1).equals("tenants")) {
            return notFound("No such simulator endpoint.");
        }
        Optional<Tenant> found = tenants.byId(s.get(2));
        if (found.isEmpty()) {
            return notFound("No tenant " + s.get(2) + " is loaded.");
        }
        Tenant tenant = found.get();
        String action = s.get(3);
        List<String> rest = s.subList(4, s.size());
        switch (action) {
            case "summary" -> {
                if (rest.isEmpty() && method.equals("GET")) {
                    return SimResponse.json(200, summaryJson(summary(tenant)));
                }
            }
            case "consent" -> {
                if (rest.isEmpty() && method.equals("POST")) {
                    return grantConsent(tenant, request);
                }
                if (rest.isEmpty() && method.equals("DELETE")) {
                    tenant.revokeConsent(clientId);
                    return SimResponse.empty(204);
                }
            }
            case "dns" -> {
                if (rest.size() == 1 && method.equals("PUT")) {
                    return putDns(tenant, rest.get(0), request);
                }
            }
            case "mailboxes" -> {
                SimResponse answer = mailboxes(tenant, rest, request);
                if (answer != null) {
                    return answer;
                }
            }
            case "deliver" -> {
                if (rest.isEmpty() && method.equals("POST")) {
                    return deliver(tenant, request);
                }
            }
            case "subscriptions" -> {
                SimResponse answer = subscriptions(tenant, rest, request);
                if (answer != null) {
                    return answer;
                }
            }
            case "delta" -> {
                if (rest.size() == 1 && rest.get(0).equals("expire") && method.equals("POST")) {
                    return SimResponse.json(200, Json.object().put("expired", deltaTokens.expire(tenant.tenantId())));
                }
            }
            case "exchange" -> {
                if (rest.isEmpty() && method.equals("GET")) {
                    return SimResponse.json(200, ExchangeHandler.stateJson(tenant));
                }
                if (rest.size() == 1 && rest.get(0).equals("role") && method.equals("PUT")) {
                    JsonNode body = parseObject(request);
                    if (body == null || !body.path("assigned").isBoolean()) {
                        return badRequest("Body must be {\"assigned\": true|false}.");
                    }
                    tenant.exchange().setRoleAssigned(body.get("assigned").asBoolean());
                    return SimResponse.empty(204);
                }
            }
            case "counters" -> {
                if (rest.isEmpty() && method.equals("DELETE")) {
                    tenant.counters().reset();
                    return SimResponse.empty(204);
                }
            }
            default -> {
                return notFound("No such simulator endpoint.");
            }
        }
        return notFound("No such simulator endpoint.");
    }

    // ---- consent -----------------------------------------------------------------------------------

    private SimResponse grantConsent(Tenant tenant, SimRequest request) {
        Set<String> roles = new LinkedHashSet<>(Permissions.MAILMOAT_ROLES);
        if (request.body().length > 0) {
            JsonNode body = parseObject(request);
            if (body == null || (body.has("roles") && !body.get("roles").isArray())) {
                return badRequest("Body must be {\"roles\": [\"Mail.Read\", ...]} or empty.");
            }
            if (body.has("roles")) {
                roles.clear();
                for (JsonNode role : body.get("roles")) {
                    if (!Permissions.known().contains(role.asText())) {
                        return badRequest("Unknown application role " + role.asText() + "; known: "
                                + Permissions.known());
                    }
                    roles.add(role.asText());
                }
            }
        }
        tenant.grantConsent(clientId, roles);
        return SimResponse.empty(204);
    }

    // ---- mailboxes by hand -------------------------------------------------------------------------

    private SimResponse mailboxes(Tenant tenant, List<String> rest, SimRequest request) {
        if (rest.size() == 2 && rest.get(1).equals("folders") && request.method().equals("GET")) {
            ObjectNode body = Json.object();
            ArrayNode value = body.putArray("value");
            MailboxControl.folders(tenant, rest.get(0)).forEach(f -> value.addObject()
                    .put("id", f.id())
                    .put("displayName", f.displayName())
                    .put("parentFolderId", f.parentFolderId())
                    .put("wellKnownName", f.wellKnownName())
                    .put("isHidden", f.isHidden())
                    .put("createdThroughGraph", f.createdThroughGraph())
                    .put("totalItemCount", f.totalItemCount()));
            return SimResponse.json(200, body);
        }
        if (rest.size() < 2 || !rest.get(1).equals("messages")) {
            return null;
        }
        String upn = rest.get(0);
        String method = request.method();
        if (rest.size() == 2 && method.equals("GET")) {
            ObjectNode body = Json.object();
            ArrayNode value = body.putArray("value");
            MailboxControl.list(tenant, upn).forEach(m -> value.add(messageJson(m)));
            return SimResponse.json(200, body);
        }
        if (rest.size() == 3 && method.equals("DELETE")) {
            if (!MailboxControl.delete(tenant, upn, rest.get(2))) {
                return notFound("No message " + rest.get(2) + " in " + upn);
            }
            return SimResponse.empty(204);
        }
        if (rest.size() == 4 && rest.get(3).equals("move") && method.equals("POST")) {
            JsonNode body = parseObject(request);
            if (body == null || !body.path("folder").isTextual()) {
                return badRequest("Body must be {\"folder\": \"<well-known name | display name | folder id>\"}.");
            }
            return SimResponse.json(200, messageJson(MailboxControl.move(tenant, upn, rest.get(2),
                    body.get("folder").asText())));
        }
        return null;
    }

    private SimResponse deliver(Tenant tenant, SimRequest request) {
        JsonNode body = parseObject(request);
        if (body == null || !body.path("to").isTextual()
                || !(body.path("eml").isTextual() || body.path("emlBase64").isTextual())) {
            return badRequest("Body must be {\"to\": \"<upn>\", \"eml\": \"<raw RFC 5322 message>\","
                    + " \"folder\": \"inbox\"} (or \"emlBase64\" instead of \"eml\").");
        }
        byte[] mime = body.has("emlBase64") ? Base64.getMimeDecoder().decode(body.get("emlBase64").asText())
                : body.get("eml").asText().getBytes(StandardCharsets.UTF_8);
        Instant received = body.hasNonNull("receivedDateTime")
                ? OffsetDateTime.parse(body.get("receivedDateTime").asText()).toInstant() : Instant.now();
        SimMessage message = MailboxControl.deliver(tenant, body.get("to").asText(), mime, received,
                body.path("folder").asText("inbox"));
        return SimResponse.json(201, messageJson(message));
    }

    static ObjectNode messageJson(SimMessage message) {
        return Json.object()
                .put("id", message.id())
                .put("immutableId", message.immutableId())
                .put("internetMessageId", message.internetMessageId())
                .put("subject", message.subject())
                .put("folder", message.folder())
                .put("folderId", message.folderId())
                .put("receivedDateTime", Json.dateTime(message.receivedDateTime()))
                .put("threat", message.threat())
                .put("graphMoves", message.graphMoves());
    }

    // ---- subscriptions -----------------------------------------------------------------------------

    private SimResponse subscriptions(Tenant tenant, List<String> rest, SimRequest request) {
        if (rest.isEmpty() && request.method().equals("GET")) {
            ObjectNode body = Json.object();
            ArrayNode value = body.putArray("value");
            for (Subscription subscription : subscriptions.list(tenant.tenantId(), null)) {
                ObjectNode json = value.addObject()
                        .put("id", subscription.id())
                        .put("applicationId", subscription.applicationId())
                        .put("resource", subscription.resource())
                        .put("changeType", subscription.changeType())
                        .put("notificationUrl", subscription.notificationUrl())
                        .put("lifecycleNotificationUrl", subscription.lifecycleNotificationUrl())
                        .put("clientState", subscription.clientState())
                        .put("expirationDateTime", SubscriptionService.dateTime(subscription.expirationDateTime()))
                        .put("immutableIds", subscription.immutableIds())
                        .put("notificationsSent", subscription.notificationsSent())
                        .put("notificationsFailed", subscription.notificationsFailed())
                        .put("notificationsDropped", subscription.notificationsDropped());
                json.put("userId", subscription.userId()).put("folderId", subscription.folderId());
            }
            return SimResponse.json(200, body);
        }
        if (rest.size() == 2 && rest.get(1).equals("lifecycle") && request.method().equals("POST")) {
            JsonNode body = parseObject(request);
            String event = body == null ? null : body.path("event").asText(null);
            if (event == null || !SubscriptionService.LIFECYCLE_EVENTS.contains(event)) {
                return badRequest("Body must be {\"event\": \"reauthorizationRequired\" | \"missed\" |"
                        + " \"subscriptionRemoved\"}.");
            }
            try {
                boolean sent = subscriptions.lifecycle(tenant.tenantId(), rest.get(0), event);
                return SimResponse.json(202, Json.object().put("sent", sent));
            } catch (SubscriptionService.Refusal e) {
                return notFound("No active subscription " + rest.get(0) + " in tenant " + tenant.tenantId());
            }
        }
        return null;
    }

    // ---- DNS ---------------------------------------------------------------------------------------

    private SimResponse putDns(Tenant tenant, String name, SimRequest request) {
        JsonNode body = parseObject(request);
        if (body == null) {
            return SimResponse.json(400, Json.object().put("error", "Body must be a JSON object of record type to values."));
        }
        Map<String, List<String>> records = new LinkedHashMap<>();
        var fields = body.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().isArray()) {
                return SimResponse.json(400, Json.object().put("error", "Record type " + field.getKey()
                        + " must map to an array of strings."));
            }
            List<String> values = new ArrayList<>();
            field.getValue().forEach(v -> values.add(v.asText()));
            records.put(field.getKey().toUpperCase(Locale.ROOT), values);
        }
        setDns(tenant, name, records);
        return SimResponse.empty(204);
    }

    /** Replaces a name's records in the tenant and tells the DNS server. */
    public void setDns(Tenant tenant, String name, Map<String, List<String>> records) {
        String normalized = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (records.isEmpty()) {
            tenant.dns().remove(normalized);
        } else {
            tenant.dns().put(normalized, Map.copyOf(records));
        }
        dnsChanged.accept(tenant, normalized);
    }

    // ---- summary -----------------------------------------------------------------------------------

    public static ObjectNode summaryJson(TenantSummary summary) {
        ObjectNode json = Json.object()
                .put("tenantId", summary.tenantId())
                .put("mailboxes", summary.mailboxes())
                .put("messages", summary.messages())
                .put("messagesLast30Days", summary.messagesLast30Days())
                .put("plantedThreats", summary.plantedThreats())
                .put("quarantined", summary.quarantined())
                .put("graphRequests", summary.graphRequests())
                .put("mimeFetches", summary.mimeFetches());
        ObjectNode byMailbox = json.putObject("byMailbox");
        summary.byMailbox().forEach((upn, counts) -> byMailbox.putObject(upn)
                .put("graphRequests", counts.graphRequests()).put("mimeFetches", counts.mimeFetches()));
        ObjectNode churn = json.putObject("churn");
        churnEvents(churn.putArray("moved"), summary.churn().moved());
        churnEvents(churn.putArray("deleted"), summary.churn().deleted());
        churnEvents(churn.putArray("delivered"), summary.churn().delivered());
        json.putObject("load")
                .put("peakInFlight", summary.load().peakInFlight())
                .put("peakInFlightPerMailbox", summary.load().peakInFlightPerMailbox())
                .put("concurrencyRefusals", summary.load().concurrencyRefusals())
                .put("budgetRefusals", summary.load().budgetRefusals());
        json.put("subscriptions", summary.subscriptions())
                .put("transportRules", summary.transportRules())
                .put("mailmoatRules", summary.mailmoatRules());
        return json;
    }

    private static void churnEvents(ArrayNode array, List<TenantSummary.ChurnEvent> events) {
        for (TenantSummary.ChurnEvent event : events) {
            ObjectNode json = array.addObject().put("userPrincipalName", event.userPrincipalName())
                    .put("immutableId", event.immutableId()).put("id", event.id());
            if (event.newId() != null) {
                json.put("newId", event.newId()).put("folder", event.folder());
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static JsonNode parseObject(SimRequest request) {
        try {
            JsonNode body = Json.parse(request.body());
            return body != null && body.isObject() ? body : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static SimResponse badRequest(String message) {
        return SimResponse.json(400, Json.object().put("error", message));
    }

    private static SimResponse notFound(String message) {
        return SimResponse.json(404, Json.object().put("error", message));
    }
}
