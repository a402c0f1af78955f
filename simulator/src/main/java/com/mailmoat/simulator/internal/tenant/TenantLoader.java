package com.mailmoat.simulator.internal.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.simulator.internal.exchange.ExchangeState;
import com.mailmoat.simulator.internal.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Reads a tenant directory in the documented format:
 * <pre>
 * tenant.json   {"tenantId", "displayName", "domains": [...], "isTrial": false,
 *                "globalAdmins": ["upn", ...], "dns": {"name": {"TXT": [...], "MX": [...]}}}
 * users.json    [{"id", "userPrincipalName", "mail", "displayName"}, ...]   (id optional: derived from the UPN)
 * groups.json   [{"id", "displayName", "members": ["upn", ...]}, ...]      (optional file)
 * mailboxes/&lt;upn&gt;/messages.json  [{"file", "receivedDateTime", "folder", "threat", "isRead"}, ...]
 * mailboxes/&lt;upn&gt;/*.eml
 * </pre>
 * {@code folder} is a well-known folder name ({@code inbox} when absent) or the display name of
 * a top-level folder, created if missing. Without {@code messages.json}, every {@code .eml} goes
 * to the inbox with its {@code Date} header as received time.
 */
public final class TenantLoader {

    private TenantLoader() {
    }

    public static Tenant load(Path dir) {
        try {
            JsonNode tenantJson = read(dir.resolve("tenant.json"));
            String tenantId = required(tenantJson, "tenantId", "tenant.json");
            List<String> domains = strings(tenantJson.path("domains"));
            Map<String, Map<String, List<String>>> dns = new LinkedHashMap<>();
            tenantJson.path("dns").fields().forEachRemaining(byName -> {
                Map<String, List<String>> records = new LinkedHashMap<>();
                byName.getValue().fields().forEachRemaining(byType ->
                        records.put(byType.getKey().toUpperCase(Locale.ROOT), strings(byType.getValue())));
                dns.put(byName.getKey(), records);
            });
            Set<String> admins = new LinkedHashSet<>(strings(tenantJson.path("globalAdmins")));
            Tenant tenant = new Tenant(tenantId, tenantJson.path("displayName").asText(tenantId), domains,
                    tenantJson.path("isTrial").asBoolean(false), admins, dns);
            loadExchange(tenant, tenantJson);

            for (JsonNode userJson : read(dir.resolve("users.json"))) {
                String upn = required(userJson, "userPrincipalName", "users.json");
                String id = text(userJson, "id");
                tenant.addUser(new User(
                        id != null ? id : UUID.nameUUIDFromBytes((tenantId + "/" + upn.toLowerCase(Locale.ROOT))
                                .getBytes(StandardCharsets.UTF_8)).toString(),
                        upn, text(userJson, "mail"), userJson.path("displayName").asText(upn),
                        text(userJson, "givenName"), text(userJson, "surname"), text(userJson, "jobTitle")));
            }

            Path groupsFile = dir.resolve("groups.json");
            if (Files.exists(groupsFile)) {
                for (JsonNode groupJson : read(groupsFile)) {
                    String name = required(groupJson, "displayName", "groups.json");
                    List<String> memberIds = new ArrayList<>();
                    for (String member : strings(groupJson.path("members"))) {
                        memberIds.add(tenant.user(member).orElseThrow(() -> new IllegalArgumentException(
                                "groups.json: group " + name + " names unknown member " + member)).id());
                    }
                    String id = text(groupJson, "id");
                    tenant.addGroup(new Group(
                            id != null ? id : UUID.nameUUIDFromBytes((tenantId + "/group/" + name)
                                    .getBytes(StandardCharsets.UTF_8)).toString(),
                            name, text(groupJson, "description"), text(groupJson, "mail"),
                            groupJson.path("mailEnabled").asBoolean(text(groupJson, "mail") != null),
                            groupJson.path("securityEnabled").asBoolean(true),
                            strings(groupJson.path("groupTypes")), memberIds));
                }
            }

            Path mailboxes = dir.resolve("mailboxes");
            if (Files.isDirectory(mailboxes)) {
                try (Stream<Path> mailboxDirs = Files.list(mailboxes)) {
                    for (Path mailboxDir : mailboxDirs.filter(Files::isDirectory).sorted().toList()) {
                        loadMailbox(tenant, mailboxDir);
                    }
                }
            }
            return tenant;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load tenant from " + dir, e);
        }
    }

    private static void loadMailbox(Tenant tenant, Path mailboxDir) throws IOException {
        String upn = mailboxDir.getFileName().toString();
        User user = tenant.user(upn).orElseThrow(() ->
                new IllegalArgumentException("mailboxes/" + upn + ": no such user in users.json"));
        Mailbox mailbox = tenant.mailbox(user.id()).orElseThrow(() ->
                new IllegalArgumentException("mailboxes/" + upn + ": the user has no mail address, so no mailbox"));
        Path index = mailboxDir.resolve("messages.json");
        if (Files.exists(index)) {
            for (JsonNode entry : read(index)) {
                String file = required(entry, "file", upn + "/messages.json");
                byte[] mime = Files.readAllBytes(mailboxDir.resolve(file));
                String folderName = entry.path("folder").asText("inbox");
                MailFolder folder = mailbox.folder(folderName).orElseGet(() -> mailbox.seedFolder(folderName));
                Instant received = entry.hasNonNull("receivedDateTime")
                        ? OffsetDateTime.parse(entry.get("receivedDateTime").asText()).toInstant()
                        : dateHeaderOrNow(mime);
                mailbox.deliver(mime, received, folder.id(), entry.path("isRead").asBoolean(false),
                        entry.path("threat").asBoolean(false));
            }
        } else {
            try (Stream<Path> files = Files.list(mailboxDir)) {
                for (Path eml : files.filter(p -> p.toString().endsWith(".eml")).sorted().toList()) {
                    byte[] mime = Files.readAllBytes(eml);
                    mailbox.deliver(mime, dateHeaderOrNow(mime), mailbox.folder("inbox").orElseThrow().id(), false,
                            false);
                }
            }
        }
    }

    /**
     * {@code "exchangeRoleAssigned"} (default true), {@code "transportRules"} (objects with {@code Name},
     * optional {@code Priority} — the seed is ordered by it — and any other cmdlet parameters),
     * {@code "arcTrustedSealers"}, {@code "inboundConnectors"}, {@code "outboundConnectors"}.
     */
    private static void loadExchange(Tenant tenant, JsonNode tenantJson) {
        ExchangeState exchange = tenant.exchange();
        exchange.setRoleAssigned(tenantJson.path("exchangeRoleAssigned").asBoolean(true));
        List<JsonNode> rules = new ArrayList<>();
        tenantJson.path("transportRules").forEach(rules::add);
        rules.sort(java.util.Comparator.comparingInt(r -> r.path("Priority").asInt(Integer.MAX_VALUE)));
        for (JsonNode rule : rules) {
            String name = required(rule, "Name", "tenant.json transportRules");
            Map<String, JsonNode> parameters = new LinkedHashMap<>();
            rule.fields().forEachRemaining(f -> {
                if (!Set.of("name", "priority", "guid", "identity").contains(f.getKey().toLowerCase(Locale.ROOT))) {
                    parameters.put(f.getKey(), f.getValue());
                }
            });
            exchange.seedRule(name, text(rule, "Guid"), parameters);
        }
        JsonNode sealers = tenantJson.path("arcTrustedSealers");
        exchange.setArcTrustedSealers(sealers.isArray() ? strings(sealers)
                : sealers.isTextual() ? List.of(sealers.asText()) : List.of());
        tenantJson.path("inboundConnectors").forEach(c -> {
            if (c.isObject()) {
                exchange.addInboundConnector((com.fasterxml.jackson.databind.node.ObjectNode) c);
            }
        });
        tenantJson.path("outboundConnectors").forEach(c -> {
            if (c.isObject()) {
                exchange.addOutboundConnector((com.fasterxml.jackson.databind.node.ObjectNode) c);
            }
        });
    }

    private static Instant dateHeaderOrNow(byte[] mime) {
        Instant sent = ParsedMime.parse(mime).sentDateTime();
        return sent != null ? sent : Instant.now();
    }

    private static JsonNode read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("Missing " + file);
        }
        return Json.MAPPER.readTree(file.toFile());
    }

    private static String required(JsonNode node, String field, String where) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + ": missing \"" + field + "\"");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
