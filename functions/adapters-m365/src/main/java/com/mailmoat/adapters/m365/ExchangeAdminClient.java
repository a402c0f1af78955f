package com.mailmoat.adapters.m365;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.core.exchange.ExchangeAdmin;
import com.mailmoat.core.exchange.ExchangeCommandException;
import com.mailmoat.core.exchange.ExchangeRoleMissingException;
import com.mailmoat.core.exchange.TransportRule;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ExchangeAdmin} over the endpoint the Exchange Online PowerShell module uses:
 * {@code POST {base}/adminapi/beta/{tenantId}/InvokeCommand} with
 * {@code {"CmdletInput":{"CmdletName":…,"Parameters":{…}}}} and an app-only token for
 * {@code https://outlook.office365.com/.default}; answers {@code {"value":[…]}}. Not documented by
 * Microsoft (shapes from public clients: shared/reference/microsoft/exchange-admin.md §2).
 *
 * <p>Throttling and outages (429, 503, 504) are retried in process within the configured
 * {@link RetryPolicy}, then reported as {@link MicrosoftThrottledException} /
 * {@link MicrosoftUnavailableException}. A 401 with a token Exchange no longer takes is retried once
 * with a fresh token; a 401 "not allowed to call" (no Exchange role) is
 * {@link ExchangeRoleMissingException}; 403 (no {@code Exchange.ManageAsApp}) is
 * {@link MicrosoftAccessDeniedException}; 400 is {@link ExchangeCommandException} with Exchange's
 * exception type.
 */
final class ExchangeAdminClient implements ExchangeAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeAdminClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");
    /** Properties of Get-TransportRule's answer that are not the rule's own parameters. */
    private static final Set<String> RULE_METADATA = Set.of("identity", "name", "guid", "priority", "state");
    /** The mailbox app-only admin requests are routed by (as the EXO V3 module does). */
    private static final String SYSTEM_MAILBOX = "SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}";

    private final MicrosoftConfig config;
    private final AppTokens tokens;
    private final OkHttpClient http;

    ExchangeAdminClient(MicrosoftConfig config, AppTokens tokens, OkHttpClient http) {
        this.config = config;
        this.tokens = tokens;
        this.http = http;
    }

    @Override
    public List<TransportRule> transportRules(String tenantId) {
        List<TransportRule> rules = new ArrayList<>();
        for (JsonNode rule : invoke(tenantId, "Get-TransportRule", Map.of())) {
            rules.add(rule(rule, rules.size()));
        }
        rules.sort(java.util.Comparator.comparingInt(TransportRule::priority));
        return rules;
    }

    @Override
    public TransportRule newTransportRule(String tenantId, String name, int priority, Map<String, Object> parameters) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("Name", name);
        all.put("Priority", priority);
        all.putAll(parameters);
        JsonNode value = invoke(tenantId, "New-TransportRule", all);
        return value.size() > 0 ? rule(value.get(0), priority) : new TransportRule(name, "", priority, true, parameters);
    }

    @Override
    public void setTransportRule(String tenantId, String identity, Integer priority, Map<String, Object> parameters) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("Identity", identity);
        if (priority != null) {
            all.put("Priority", priority);
        }
        all.putAll(parameters);
        invoke(tenantId, "Set-TransportRule", all);
    }

    @Override
    public void removeTransportRule(String tenantId, String identity) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("Identity", identity);
        parameters.put("Confirm", false);
        invoke(tenantId, "Remove-TransportRule", parameters);
    }

    @Override
    public List<String> acceptedDomains(String tenantId) {
        List<String> domains = new ArrayList<>();
        invoke(tenantId, "Get-AcceptedDomain", Map.of())
                .forEach(d -> domains.add(d.path("DomainName").asText(d.path("Name").asText())));
        return domains;
    }

    @Override
    public List<String> connectors(String tenantId) {
        List<String> names = new ArrayList<>();
        for (String cmdlet : List.of("Get-InboundConnector", "Get-OutboundConnector")) {
            invoke(tenantId, cmdlet, Map.of()).forEach(c -> names.add(c.path("Name").asText(c.path("Identity").asText())));
        }
        return names;
    }

    /** SnapStart priming: a request built and an answer parsed, nothing sent. */
    void prime() {
        request("priming", "Get-TransportRule", Map.of(), "priming-token");
        try {
            rule(JSON.readTree("{\"Name\":\"Priming\",\"Guid\":\"\",\"Priority\":0,\"State\":\"Enabled\",\"From\":[\"a@b.c\"]}"), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one cmdlet; returns its {@code value} array. */
    JsonNode invoke(String tenantId, String cmdlet, Map<String, Object> parameters) {
        if (tenantId == null || !TENANT.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("not a tenant id: " + tenantId);
        }
        RetryPolicy retries = config.retryPolicy();
        boolean freshToken = false;
        for (int attempt = 0; ; attempt++) {
            Request request = request(tenantId, cmdlet, parameters, tokens.exchangeToken(tenantId));
            try (Response response = http.newCall(request).execute()) {
                int status = response.code();
                String body = response.body() == null ? "" : response.body().string();
                if (status >= 200 && status < 300) {
                    JsonNode answer = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
                    answer.path("@adminapi.warnings").forEach(w -> LOG.info("{} warned: {}", cmdlet, w.asText()));
                    return answer.path("value").isArray() ? answer.path("value") : JSON.createArrayNode();
                }
                JsonNode error = parse(body).path("error");
                String message = error.path("message").asText("");
                String what = cmdlet + " for tenant " + tenantId + " failed with HTTP " + status;
                if (status == 401 && message.contains("not allowed to call")) {
                    throw new ExchangeRoleMissingException(what + ": Mailmoat's app holds no Exchange role (" + message + ")",
                            null);
                }
                if (status == 401 && !freshToken) {
                    freshToken = true;
                    tokens.rejectCurrentExchange(tenantId);
                    continue;
                }
                if (status == 401 || status == 403) {
                    throw new MicrosoftAccessDeniedException(what + " (" + error.path("code").asText() + ": " + message + ")",
                            error.path("code").asText(""), null);
                }
                if (status == 400 || status == 404 && error.has("details")) {
                    throw commandError(cmdlet, error);
                }
                if (status == 429 || status >= 500) {
                    Duration wait = RetryAfter.parse(response.header("Retry-After"), Instant.now())
                            .orElse(Duration.ofSeconds(Math.max(1, retries.backoffSeconds()) << Math.min(attempt, 6)));
                    if (attempt < retries.maxRetries() && wait.compareTo(retries.maxWait()) <= 0) {
                        sleep(wait);
                        continue;
                    }
                    if (status == 429) {
                        throw new MicrosoftThrottledException(what, wait, error.path("code").asText(""));
                    }
                    throw new MicrosoftUnavailableException(what + " (" + message + ")", status,
                            error.path("code").asText(""), null);
                }
                throw new MicrosoftException(what + " (" + error.path("code").asText() + ": " + message + ")",
                        error.path("code").asText(""), null);
            } catch (IOException e) {
                if (attempt < retries.maxRetries()) {
                    sleep(Duration.ofSeconds(Math.max(1, retries.backoffSeconds())));
                    continue;
                }
                throw new MicrosoftUnavailableException(cmdlet + ": cannot reach Exchange Online", 0, e);
            }
        }
    }

    private Request request(String tenantId, String cmdlet, Map<String, Object> parameters, String token) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode input = body.putObject("CmdletInput");
        input.put("CmdletName", cmdlet);
        input.set("Parameters", JSON.valueToTree(parameters));
        return new Request.Builder()
                .url(config.exchangeBaseUrl() + "/adminapi/beta/" + tenantId + "/InvokeCommand")
                .header("Authorization", "Bearer " + token)
                .header("X-ResponseFormat", "json")
                .header("X-AnchorMailbox", "APP:" + SYSTEM_MAILBOX + "@" + tenantId)
                .post(RequestBody.create(body.toString(), JSON_TYPE))
                .build();
    }

    /** {@code details[0].message} is {@code |<.NET exception type>|<Exchange's text>}. */
    private static ExchangeCommandException commandError(String cmdlet, JsonNode error) {
        String detail = error.path("details").path(0).path("message").asText("");
        String type = error.path("innererror").path("type").asText("");
        String text = error.path("innererror").path("message").asText(error.path("message").asText(""));
        if (detail.startsWith("|")) {
            int second = detail.indexOf('|', 1);
            if (second > 0) {
                type = type.isEmpty() ? detail.substring(1, second) : type;
                text = detail.substring(second + 1);
            }
        }
        return new ExchangeCommandException(cmdlet + " refused: " + text, type);
    }

    private static TransportRule rule(JsonNode json, int fallbackPriority) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!RULE_METADATA.contains(field.getKey().toLowerCase(java.util.Locale.ROOT))) {
                parameters.put(field.getKey(), value(field.getValue()));
            }
        }
        String state = json.path("State").asText("Enabled");
        return new TransportRule(json.path("Name").asText(json.path("Identity").asText()), json.path("Guid").asText(""),
                json.path("Priority").asInt(fallbackPriority), !"Disabled".equalsIgnoreCase(state), parameters);
    }

    private static Object value(JsonNode node) {
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            return items;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        return node.isNull() ? "" : node.asText();
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(Math.max(0, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MicrosoftUnavailableException("interrupted while waiting to retry Exchange Online", 0, e);
        }
    }
}
