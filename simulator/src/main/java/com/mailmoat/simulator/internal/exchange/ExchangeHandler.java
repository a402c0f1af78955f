package com.mailmoat.simulator.internal.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.internal.http.Json;
import com.mailmoat.simulator.internal.http.SimRequest;
import com.mailmoat.simulator.internal.http.SimResponse;
import com.mailmoat.simulator.internal.login.AccessToken;
import com.mailmoat.simulator.internal.login.Permissions;
import com.mailmoat.simulator.internal.login.TokenService;
import com.mailmoat.simulator.internal.tenant.Tenant;
import com.mailmoat.simulator.internal.tenant.TenantRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The Exchange Online admin endpoint the EXO V3 PowerShell module uses (undocumented by Microsoft;
 * shapes from public clients, see exchange-admin.md §2):
 * {@code POST /adminapi/beta/{tenantId}/InvokeCommand} with
 * {@code {"CmdletInput":{"CmdletName":…,"Parameters":{…}}}}, answering
 * {@code {"@odata.context", "value": [...]}} (plus {@code "@adminapi.warnings"} when the cmdlet warned).
 * Cmdlets: Get/New/Set/Remove/Enable/Disable-TransportRule, Get-AcceptedDomain, Get/Set-ArcConfig,
 * Get-InboundConnector, Get-OutboundConnector. Needs an app-only token for
 * {@code https://outlook.office365.com} carrying {@code Exchange.ManageAsApp}, and an Exchange role held by
 * the app's service principal ({@code tenant.json} {@code "exchangeRoleAssigned": false} takes it away).
 */
public final class ExchangeHandler {

    private static final List<String> AUDIENCES = List.of(Permissions.EXCHANGE, "00000002-0000-0ff1-ce00-000000000000");
    /** Parameters that are not a rule's conditions or actions. */
    private static final Set<String> RULE_CONTROL = Set.of("identity", "name", "priority", "confirm", "whatif");

    private final TenantRegistry tenants;
    private final TokenService tokens;
    private final Supplier<String> baseUrl;

    public ExchangeHandler(TenantRegistry tenants, TokenService tokens, Supplier<String> baseUrl) {
        this.tenants = tenants;
        this.tokens = tokens;
        this.baseUrl = baseUrl;
    }

    /** Answers a request whose path starts with {@code /adminapi/}. */
    public SimResponse handle(SimRequest request) {
        List<String> s = request.segments();
        if (s.size() != 4 || !s.get(1).equalsIgnoreCase("beta") || !s.get(3).equalsIgnoreCase("InvokeCommand")) {
            return error(404, "NotFound", "The resource you are looking for has been removed, had its name changed,"
                    + " or is temporarily unavailable.", null);
        }
        if (!request.method().equals("POST")) {
            return error(405, "MethodNotAllowed", "The requested resource does not support http method '"
                    + request.method() + "'.", null);
        }
        TokenService.Check check = tokens.check(bearer(request), AUDIENCES);
        if (check instanceof TokenService.Invalid invalid) {
            return error(401, "Unauthorized", invalid.message(), null).header("WWW-Authenticate",
                    "Bearer client_id=\"00000002-0000-0ff1-ce00-000000000000\", trusted_issuers=\"00000001-0000-0000-"
                            + "c000-000000000000@*\", token_types=\"app_asserted_user_v1 service_asserted_app_v1\","
                            + " authorization_uri=\"" + baseUrl.get() + "/common/oauth2/authorize\", error=\"invalid_token\"");
        }
        AccessToken token = ((TokenService.Valid) check).token();
        Tenant tenant = tenants.resolve(s.get(2)).orElse(null);
        if (tenant == null || !tenant.tenantId().equals(token.tenantId())) {
            return error(401, "Unauthorized", "The tenant '" + s.get(2) + "' in the request does not match the"
                    + " access token.", null);
        }
        JsonNode input = parse(request);
        String cmdlet = input == null ? null : input.path("CmdletInput").path("CmdletName").asText(null);
        if (cmdlet == null || cmdlet.isBlank()) {
            return cmdletError("System.ArgumentException", "The request body must be {\"CmdletInput\":"
                    + "{\"CmdletName\":\"...\",\"Parameters\":{...}}}.");
        }
        if (!token.allows(Permissions.EXCHANGE_MANAGE_AS_APP)) {
            return error(403, "Forbidden", "The access token does not carry the " + Permissions.EXCHANGE_MANAGE_AS_APP
                    + " application permission required for " + cmdlet + ".", null);
        }
        if (!tenant.exchange().roleAssigned()) {
            // What Exchange's REST endpoints answer an app whose service principal holds no Exchange role.
            return error(401, "Unauthorized", "User is not allowed to call " + cmdlet,
                    "Microsoft.Exchange.Admin.OData.Core.ODataServiceException");
        }
        JsonNode parameters = input.path("CmdletInput").path("Parameters");
        Map<String, JsonNode> params = new LinkedHashMap<>();
        if (parameters.isObject()) {
            parameters.fields().forEachRemaining(f -> params.put(f.getKey(), f.getValue()));
        }
        try {
            Answer answer = invoke(tenant, cmdlet, params);
            ObjectNode body = Json.object().put("@odata.context", baseUrl.get() + "/adminapi/beta/" + tenant.tenantId()
                    + "/$metadata#Collection(Exchange.GenericHashTable)");
            body.set("value", answer.value());
            if (!answer.warnings().isEmpty()) {
                ArrayNode warnings = body.putArray("@adminapi.warnings");
                answer.warnings().forEach(warnings::add);
            }
            return new SimResponse(200, SimResponse.GRAPH_JSON, Json.bytes(body));
        } catch (ExchangeState.CmdletException e) {
            return cmdletError(e.exceptionType(), e.getMessage());
        }
    }

    private record Answer(ArrayNode value, List<String> warnings) {
        static Answer of(ArrayNode value) {
            return new Answer(value, List.of());
        }
    }

    private Answer invoke(Tenant tenant, String cmdlet, Map<String, JsonNode> params) {
        ExchangeState exchange = tenant.exchange();
        String identity = text(params, "Identity");
        switch (cmdlet.toLowerCase(Locale.ROOT)) {
            case "get-transportrule" -> {
                ArrayNode value = Json.array();
                List<ExchangeState.Rule> rules = identity == null ? exchange.rules() : List.of(exchange.find(identity));
                rules.forEach(rule -> value.add(ruleJson(exchange, rule)));
                return Answer.of(value);
            }
            case "new-transportrule" -> {
                String name = text(params, "Name");
                ExchangeState.Rule rule = exchange.newRule(name, integer(params, "Priority"), ruleParameters(params));
                ArrayNode value = Json.array();
                value.add(ruleJson(exchange, rule));
                return Answer.of(value);
            }
            case "set-transportrule" -> {
                requireIdentity(identity, cmdlet);
                ExchangeState.Rule rule = exchange.find(identity);
                String before = ruleJson(exchange, rule).toString();
                exchange.setRule(identity, integer(params, "Priority"), text(params, "Name"), ruleParameters(params));
                boolean changed = !ruleJson(exchange, rule).without("WhenChanged").equals(
                        ((ObjectNode) Json.parse(before.getBytes(StandardCharsets.UTF_8))).without("WhenChanged"));
                return new Answer(Json.array(), changed ? List.of() : List.of(unchanged(identity)));
            }
            case "enable-transportrule", "disable-transportrule" -> {
                requireIdentity(identity, cmdlet);
                Map<String, JsonNode> enabled = new LinkedHashMap<>();
                enabled.put("Enabled", Json.MAPPER.getNodeFactory().booleanNode(cmdlet.toLowerCase(Locale.ROOT)
                        .startsWith("enable")));
                exchange.setRule(identity, null, null, enabled);
                return Answer.of(Json.array());
            }
            case "remove-transportrule" -> {
                requireIdentity(identity, cmdlet);
                exchange.removeRule(identity);
                return Answer.of(Json.array());
            }
            case "get-accepteddomain" -> {
                ArrayNode value = Json.array();
                acceptedDomains(tenant).forEach(value::add);
                return Answer.of(value);
            }
            case "get-arcconfig" -> {
                ArrayNode value = Json.array();
                value.add(arcJson(exchange));
                return Answer.of(value);
            }
            case "set-arcconfig" -> {
                JsonNode sealers = param(params, "ArcTrustedSealers");
                if (sealers == null) {
                    throw new ExchangeState.CmdletException("System.Management.Automation.ParameterBindingException",
                            "Cannot process command because of one or more missing mandatory parameters:"
                                    + " ArcTrustedSealers.");
                }
                List<String> values = new ArrayList<>();
                if (sealers.isArray()) {
                    sealers.forEach(v -> values.add(v.asText()));
                } else {
                    values.add(sealers.asText());
                }
                List<String> before = exchange.arcTrustedSealers();
                exchange.setArcTrustedSealers(values);
                return new Answer(Json.array(), before.equals(exchange.arcTrustedSealers())
                        ? List.of(unchanged(identity == null ? "Default" : identity)) : List.of());
            }
            case "get-inboundconnector" -> {
                return Answer.of(connectors(exchange.inboundConnectors(), identity));
            }
            case "get-outboundconnector" -> {
                return Answer.of(connectors(exchange.outboundConnectors(), identity));
            }
            default -> throw new ExchangeState.CmdletException("System.Management.Automation.CommandNotFoundException",
                    "The term '" + cmdlet + "' is not recognized as a name of a cmdlet, function, script file, or"
                            + " executable program.");
        }
    }

    /** The tenant's Exchange state as {@code GET /_sim/tenants/{id}/exchange} shows it. */
    public static ObjectNode stateJson(Tenant tenant) {
        ExchangeState exchange = tenant.exchange();
        ObjectNode json = Json.object().put("exchangeRoleAssigned", exchange.roleAssigned());
        ArrayNode rules = json.putArray("transportRules");
        exchange.rules().forEach(rule -> rules.add(ruleJson(exchange, rule)));
        ObjectNode arc = json.putObject("arcConfig");
        ArrayNode sealers = arc.putArray("ArcTrustedSealers");
        exchange.arcTrustedSealers().forEach(sealers::add);
        ArrayNode domains = json.putArray("acceptedDomains");
        acceptedDomains(tenant).forEach(domains::add);
        json.set("inboundConnectors", connectors(exchange.inboundConnectors(), null));
        json.set("outboundConnectors", connectors(exchange.outboundConnectors(), null));
        return json;
    }

    static ObjectNode ruleJson(ExchangeState exchange, ExchangeState.Rule rule) {
        ObjectNode json = Json.object()
                .put("Identity", rule.name())
                .put("Name", rule.name())
                .put("Guid", rule.guid())
                .put("Priority", exchange.priorityOf(rule))
                .put("State", rule.enabled() ? "Enabled" : "Disabled")
                .put("Mode", rule.mode())
                .put("RuleVersion", "15.0.5.2")
                .put("WhenChanged", rule.whenChanged().toString());
        json.put("Comments", rule.parameter("Comments").map(JsonNode::asText).orElse(""));
        for (Map.Entry<String, JsonNode> parameter : rule.parameters()) {
            String key = parameter.getKey();
            if (!Set.of("enabled", "state", "mode", "comments").contains(key.toLowerCase(Locale.ROOT))) {
                json.set(key, parameter.getValue());
            }
        }
        return json;
    }

    private static List<ObjectNode> acceptedDomains(Tenant tenant) {
        List<ObjectNode> result = new ArrayList<>();
        List<String> domains = tenant.domains();
        for (String domain : domains) {
            result.add(Json.object()
                    .put("Identity", domain)
                    .put("Name", domain)
                    .put("DomainName", domain)
                    .put("DomainType", "Authoritative")
                    .put("Default", domain.equals(domains.get(0)))
                    .put("InitialDomain", domain.toLowerCase(Locale.ROOT).endsWith(".onmicrosoft.com"))
                    .put("Guid", UUID.nameUUIDFromBytes((tenant.tenantId() + "/accepted/" + domain)
                            .getBytes(StandardCharsets.UTF_8)).toString()));
        }
        return result;
    }

    private static ObjectNode arcJson(ExchangeState exchange) {
        List<String> sealers = exchange.arcTrustedSealers();
        ObjectNode json = Json.object().put("Identity", "Default").put("Name", "Default");
        if (sealers.isEmpty()) {
            json.putNull("ArcTrustedSealers");
        } else {
            json.put("ArcTrustedSealers", String.join(",", sealers));
        }
        return json;
    }

    private static ArrayNode connectors(List<ObjectNode> connectors, String identity) {
        ArrayNode value = Json.array();
        for (ObjectNode connector : connectors) {
            String name = connector.path("Name").asText(connector.path("Identity").asText(""));
            if (!connector.has("Identity")) {
                connector.put("Identity", name);
            }
            if (identity == null || identity.equalsIgnoreCase(name)) {
                value.add(connector);
            }
        }
        if (identity != null && value.isEmpty()) {
            throw new ExchangeState.CmdletException("Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException",
                    "The operation couldn't be performed because object '" + identity + "' couldn't be found.");
        }
        return value;
    }

    private static Map<String, JsonNode> ruleParameters(Map<String, JsonNode> params) {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        params.forEach((key, value) -> {
            if (!RULE_CONTROL.contains(key.toLowerCase(Locale.ROOT))) {
                result.put(key, value);
            }
        });
        return result;
    }

    private static String unchanged(String identity) {
        return "The command completed successfully but no settings of '" + identity + "' have been modified.";
    }

    private static void requireIdentity(String identity, String cmdlet) {
        if (identity == null || identity.isBlank()) {
            throw new ExchangeState.CmdletException("System.Management.Automation.ParameterBindingException",
                    "Cannot process command because of one or more missing mandatory parameters: Identity.");
        }
    }

    private static JsonNode param(Map<String, JsonNode> params, String name) {
        for (Map.Entry<String, JsonNode> entry : params.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String text(Map<String, JsonNode> params, String name) {
        JsonNode value = param(params, name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer integer(Map<String, JsonNode> params, String name) {
        JsonNode value = param(params, name);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Integer.parseInt(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new ExchangeState.CmdletException("System.Management.Automation.ParameterBindingException",
                    "Cannot process argument transformation on parameter '" + name + "'. Cannot convert value \""
                            + value.asText() + "\" to type \"System.Int32\".");
        }
    }

    /**
     * A cmdlet's failure as the endpoint reports it: 400 with the exception in
     * {@code details[0].message} ({@code |Type|text}) and in {@code innererror}.
     */
    private static SimResponse cmdletError(String type, String message) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error").put("code", "BadRequest").put("message", "Invalid Operation");
        error.putArray("details").addObject().put("code", "Client").put("message", "|" + type + "|" + message);
        error.putObject("innererror").put("message", message).put("type", type);
        return new SimResponse(400, "application/json; charset=utf-8", Json.bytes(body));
    }

    private static SimResponse error(int status, String code, String message, String type) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        if (type != null) {
            error.putObject("innererror").put("message", message).put("type", type);
        }
        return new SimResponse(status, "application/json; charset=utf-8", Json.bytes(body));
    }

    private static JsonNode parse(SimRequest request) {
        try {
            JsonNode body = Json.parse(request.body());
            return body != null && body.isObject() ? body : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String bearer(SimRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
