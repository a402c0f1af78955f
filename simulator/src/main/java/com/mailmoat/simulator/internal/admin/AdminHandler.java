package com.mailmoat.simulator.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.TenantSummary;
import com.mailmoat.simulator.internal.http.Json;
import com.mailmoat.simulator.internal.http.SimRequest;
import com.mailmoat.simulator.internal.http.SimResponse;
import com.mailmoat.simulator.internal.tenant.Tenant;
import com.mailmoat.simulator.internal.tenant.TenantRegistry;
import java.util.ArrayList;
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
 *   <li>{@code POST /_sim/tenants/{tenantId}/consent} / {@code DELETE …/consent}: grant or revoke the
 *       app's admin consent without the browser flow.</li>
 * </ul>
 */
public final class AdminHandler {

    private final TenantRegistry tenants;
    private final String clientId;
    private final BiConsumer<Tenant, String> dnsChanged;

    /** @param dnsChanged told after a tenant's records for a name were replaced */
    public AdminHandler(TenantRegistry tenants, String clientId, BiConsumer<Tenant, String> dnsChanged) {
        this.tenants = tenants;
        this.clientId = clientId;
        this.dnsChanged = dnsChanged;
    }

    public SimResponse handle(SimRequest request) {
        List<String> s = request.segments();
        if (s.size() == 2 && s.get(1).equals("tenants") && request.method().equals("GET")) {
            ArrayNode ids = Json.array();
            tenants.all().forEach(t -> ids.add(t.tenantId()));
            return SimResponse.json(200, Json.object().set("tenants", ids));
        }
        if (s.size() < 4 || !s.get(1).equals("tenants")) {
            return notFound("No such simulator endpoint.");
        }
        Optional<Tenant> tenant = tenants.byId(s.get(2));
        if (tenant.isEmpty()) {
            return notFound("No tenant " + s.get(2) + " is loaded.");
        }
        String action = s.get(3);
        if (action.equals("summary") && s.size() == 4 && request.method().equals("GET")) {
            return SimResponse.json(200, summaryJson(TenantSummaries.summarize(tenant.get())));
        }
        if (action.equals("consent") && s.size() == 4) {
            if (request.method().equals("POST")) {
                tenant.get().grantConsent(clientId);
                return SimResponse.empty(204);
            }
            if (request.method().equals("DELETE")) {
                tenant.get().revokeConsent(clientId);
                return SimResponse.empty(204);
            }
        }
        if (action.equals("dns") && s.size() == 5 && request.method().equals("PUT")) {
            return putDns(tenant.get(), s.get(4), request);
        }
        return notFound("No such simulator endpoint.");
    }

    private SimResponse putDns(Tenant tenant, String name, SimRequest request) {
        JsonNode body;
        try {
            body = Json.parse(request.body());
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
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

    public static ObjectNode summaryJson(TenantSummary summary) {
        return Json.object()
                .put("tenantId", summary.tenantId())
                .put("mailboxes", summary.mailboxes())
                .put("messages", summary.messages())
                .put("messagesLast30Days", summary.messagesLast30Days())
                .put("plantedThreats", summary.plantedThreats())
                .put("quarantined", summary.quarantined());
    }

    private static SimResponse notFound(String message) {
        return SimResponse.json(404, Json.object().put("error", message));
    }
}
