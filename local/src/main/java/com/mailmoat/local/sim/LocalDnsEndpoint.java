package com.mailmoat.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.local.http.HttpApiEvents;
import com.mailmoat.local.http.LocalEndpoint;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The console's local-mode helper for the DNS walk, served only by the local runtime:
 * {@code GET /local/dns} says where the simulated DNS is (the console offers "Publish at the
 * simulated DNS host" when it answers), and {@code POST /local/dns} with
 * {@code {"name","type":"TXT"|"MX","value"}} adds one record to the name in the simulated zone of
 * the tenant owning it, keeping every other record of that name (the simulator's {@code PUT}
 * replaces them all). A new SPF ({@code v=spf1}) or DMARC ({@code v=DMARC1}) record replaces the
 * old one, as a name may publish only one of each.
 *
 * <p>State-changing requests follow the API's CSRF rules: JSON only, and an Origin, when sent,
 * must be the console's.
 */
public final class LocalDnsEndpoint implements LocalEndpoint {
    public static final String PATH = "/local/dns";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TYPES = Set.of("TXT", "MX");
    private static final List<String> KEPT_TYPES = List.of("TXT", "MX", "CNAME", "A", "AAAA");

    private final SimulatorHook simulator;
    private final String consoleOrigin;

    public LocalDnsEndpoint(SimulatorHook simulator, String consoleUrl) {
        this.simulator = simulator;
        URI console = URI.create(consoleUrl);
        this.consoleOrigin = console.getScheme() + "://" + console.getAuthority();
    }

    @Override
    public Optional<HttpApiEvents.HttpResponse> handle(HttpApiEvents.HttpRequest request) {
        if (!request.rawPath().equals(PATH)) {
            return Optional.empty();
        }
        if (simulator.simulator().dnsPort() <= 0) {
            return Optional.of(error(404, "not_found", "The simulator runs without DNS."));
        }
        return Optional.of(switch (request.method()) {
            case "GET" -> HttpApiEvents.json(200, Map.of("dns", "127.0.0.1:" + simulator.simulator().dnsPort(),
                    "simulator", simulator.simulator().baseUrl() + "/"));
            case "POST" -> publish(request);
            default -> HttpApiEvents.gatewayError(405, "Method Not Allowed");
        });
    }

    private HttpApiEvents.HttpResponse publish(HttpApiEvents.HttpRequest request) {
        String contentType = header(request, "content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.split(";")[0].trim().equals("application/json")) {
            return error(415, "unsupported_media_type", "Send the request as application/json.");
        }
        Optional<String> origin = header(request, "origin");
        if (origin.isPresent() && !origin.get().equalsIgnoreCase(consoleOrigin)) {
            return error(403, "forbidden_origin", "Requests must come from the Mailmoat console.");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return error(400, "invalid_json", "The body is not JSON.");
        }
        String name = text(body, "name").toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        String type = text(body, "type").toUpperCase(Locale.ROOT);
        String value = text(body, "value").strip();
        if (name.isEmpty() || !TYPES.contains(type) || value.isEmpty() || value.length() > 2000) {
            return error(400, "invalid_request", "Give a name, a type (TXT or MX) and a value.");
        }
        Optional<String> tenant = simulator.tenantOwning(name);
        if (tenant.isEmpty()) {
            return error(404, "not_found", "No simulated Microsoft 365 tenant owns " + name + ".");
        }
        try {
            Map<String, List<String>> records = current(name);
            List<String> ofType = new ArrayList<>(records.getOrDefault(type, List.of()));
            if (type.equals("TXT")) {
                String lower = value.toLowerCase(Locale.ROOT);
                for (String unique : List.of("v=spf1", "v=dmarc1")) {
                    if (lower.startsWith(unique)) {
                        ofType.removeIf(v -> v.toLowerCase(Locale.ROOT).startsWith(unique));
                    }
                }
            }
            if (!ofType.contains(value)) {
                ofType.add(value);
            }
            records.put(type, ofType);
            simulator.simulator().putDnsRecords(tenant.get(), name, records);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("name", name);
            answer.put("tenantId", tenant.get());
            answer.put("records", records);
            return HttpApiEvents.json(200, answer);
        } catch (IOException e) {
            return error(502, "dns_unavailable", "The simulated DNS did not answer: " + e.getMessage());
        }
    }

    /** What the simulated DNS serves at {@code name} today, by type. */
    private Map<String, List<String>> current(String name) throws IOException {
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(simulator.simulator().dnsPort());
        resolver.setTimeout(java.time.Duration.ofSeconds(3));
        Map<String, List<String>> records = new LinkedHashMap<>();
        for (String type : KEPT_TYPES) {
            Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."),
                    Type.value(type), DClass.IN)));
            if (response.getRcode() != Rcode.NOERROR) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record.getType() != Type.value(type) || !record.getName().equals(Name.fromString(name + "."))) {
                    continue;
                }
                values.add(record instanceof TXTRecord txt ? String.join("", txt.getStrings())
                        : record.rdataToString().replaceAll("\\.$", ""));
            }
            if (!values.isEmpty()) {
                records.put(type, values);
            }
        }
        return records;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body == null ? null : body.get(field);
        return node != null && node.isTextual() ? node.asText() : "";
    }

    private static Optional<String> header(HttpApiEvents.HttpRequest request, String name) {
        return request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }

    private static HttpApiEvents.HttpResponse error(int status, String code, String details) {
        return HttpApiEvents.json(status, Map.of("error", code, "details", details));
    }
}
