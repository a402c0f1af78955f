package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.generate.GeneratedTenant;
import com.mailmoat.simulator.generate.GeneratorOptions;
import com.mailmoat.simulator.generate.TenantGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tenants for the Threat Scan tests, generated (or assembled from fixture mail) at test time and
 * loaded into the running simulator, and the simulator's side of the checks: its summary, the
 * planted threats, live faults.
 */
final class ScanTenants {
    /** The tenant whose scan the local runtime's test hook crashes (see {@link LocalStack}). */
    static final String CRASH_TENANT_ID = "0000c4a5-0000-4000-8000-00000000c4a5";
    /** The local runtime's SCAN_SLOTS_PER_TENANT in these tests (see {@link LocalStack}). */
    static final int SLOTS_PER_TENANT = 2;

    private ScanTenants() {
    }

    record Loaded(String tenantId, String adminUpn, Path dir) {
    }

    /** Generates a small tenant (30 days of mail with planted threats) and loads it into the simulator. */
    static Loaded generate(String name, long seed, int mailboxes, String tenantId) {
        return generate(name, seed, mailboxes, tenantId, dir -> { });
    }

    /** The same, with {@code beforeLoading} changing the generated files (a folder from before, say) first. */
    static Loaded generate(String name, long seed, int mailboxes, String tenantId,
                           java.util.function.Consumer<Path> beforeLoading) {
        Path dir = target("tenants-" + name);
        GeneratedTenant tenant = TenantGenerator.generate(dir, GeneratorOptions.defaults().withSeed(seed)
                .withMailboxes(mailboxes).withDomain(name + ".example", name).withTenantId(tenantId)
                .withNow(Instant.now()));
        beforeLoading.accept(dir);
        return new Loaded(load(dir), tenant.globalAdmin(), dir);
    }

    /**
     * A tenant of one mailbox holding the fixture mail of {@code e2e/src/test/resources/realmail}:
     * in-window messages received days ago, and the ones named "*old*" 45 days ago.
     */
    static Loaded realMail(String tenantId) {
        Path dir = target("tenants-realmail");
        String domain = "tailwind-real.example";
        String upn = "riley.chen@" + domain;
        try {
            Path mailbox = Files.createDirectories(dir.resolve("mailboxes").resolve(upn));
            ArrayNode messages = Browser.JSON.createArrayNode();
            int i = 0;
            try (var files = Files.list(LocalStack.root().resolve("e2e/src/test/resources/realmail"))) {
                for (Path file : files.sorted().toList()) {
                    Files.copy(file, mailbox.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    boolean old = file.getFileName().toString().contains("old");
                    Instant received = Instant.now().minus(Duration.ofDays(old ? 45 : 2 + i++)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                    messages.addObject().put("file", file.getFileName().toString()).put("receivedDateTime", received.toString())
                            .put("folder", "inbox").put("threat", file.getFileName().toString().startsWith("phish"));
                }
            }
            Files.writeString(mailbox.resolve("messages.json"), messages.toPrettyString());
            ObjectNode tenant = Browser.JSON.createObjectNode().put("tenantId", tenantId).put("displayName", "Tailwind Real Mail");
            tenant.putArray("domains").add(domain);
            tenant.put("isTrial", false);
            tenant.putArray("globalAdmins").add(upn);
            Files.writeString(dir.resolve("tenant.json"), tenant.toPrettyString());
            ArrayNode users = Browser.JSON.createArrayNode();
            users.addObject().put("userPrincipalName", upn).put("mail", upn).put("displayName", "Riley Chen");
            Files.writeString(dir.resolve("users.json"), users.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Loaded(load(dir), upn, dir);
    }

    private static Path target(String name) {
        Path dir = LocalStack.root().resolve("e2e/target").resolve(name + "-" + System.nanoTime());
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String load(Path dir) {
        HttpResponse<String> loaded = simulator("POST", "/_sim/tenants",
                Browser.write(Map.of("directory", dir.toAbsolutePath().toString())));
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(201);
        return Browser.JSON.valueToTree(read(loaded.body())).path("tenantId").asText();
    }

    /** The tenant's Exchange Online state ({@code GET /_sim/tenants/{id}/exchange}). */
    static JsonNode exchange(String tenantId) {
        return read(simulator("GET", "/_sim/tenants/" + tenantId + "/exchange", null).body());
    }

    /** Gives or takes Mailmoat's Exchange role in the tenant. */
    static void exchangeRole(String tenantId, boolean assigned) {
        assertThat(simulator("PUT", "/_sim/tenants/" + tenantId + "/exchange/role",
                Browser.write(Map.of("assigned", assigned))).statusCode()).isEqualTo(204);
    }

    static JsonNode summary(String tenantId) {
        return read(simulator("GET", "/_sim/tenants/" + tenantId + "/summary", null).body());
    }

    /** Every message of every mailbox, as the simulator's control API lists them. */
    static List<JsonNode> messages(String tenantId) {
        List<JsonNode> all = new java.util.ArrayList<>();
        summary(tenantId).path("byMailbox").fieldNames().forEachRemaining(upn -> read(simulator("GET",
                "/_sim/tenants/" + tenantId + "/mailboxes/" + upn + "/messages", null).body()).path("value").forEach(all::add));
        return all;
    }

    /** The Internet-Message-Ids of the planted threats received in the last 30 days. */
    static Set<String> plantedThreats(String tenantId) {
        Instant since = Instant.now().minus(Duration.ofDays(30));
        Set<String> ids = new HashSet<>();
        for (JsonNode message : messages(tenantId)) {
            if (message.path("threat").asBoolean() && Instant.parse(message.path("receivedDateTime").asText()).isAfter(since)) {
                ids.add(message.path("internetMessageId").asText());
            }
        }
        return ids;
    }

    /** Applies simulator faults (e.g. "throttle=0.3,unavailable=0.05") until {@link #clearFaults()}. */
    static void faults(String spec) {
        assertThat(simulator("PUT", "/_sim/faults", Browser.write(Map.of("spec", spec))).statusCode()).isEqualTo(200);
    }

    /** Zeroes the tenant's request counters and load figures in the simulator. */
    static void resetCounters(String tenantId) {
        assertThat(simulator("DELETE", "/_sim/tenants/" + tenantId + "/counters", null).statusCode()).isIn(200, 204);
    }

    /** New mail arriving now (received at the current second) in {@code upn}'s inbox. */
    static JsonNode deliver(String tenantId, String upn, byte[] eml) {
        HttpResponse<String> delivered = simulator("POST", "/_sim/tenants/" + tenantId + "/deliver", Browser.write(
                Map.of("to", upn, "emlBase64", java.util.Base64.getEncoder().encodeToString(eml), "folder", "inbox")));
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(201);
        return read(delivered.body());
    }

    static void clearFaults() {
        assertThat(simulator("DELETE", "/_sim/faults", null).statusCode()).isEqualTo(200);
    }

    /**
     * Connects {@code console}'s account to the tenant of {@code adminUpn}: the Microsoft sign-in
     * (picking the admin by address on the simulated page) and admin consent, followed as a browser
     * would, whether the simulator answers with redirects or with an auto-submitting form post.
     */
    static void connect(Browser console, String adminUpn) {
        connect(console, adminUpn, "/api/sso/consent");
    }

    /** The administrator re-confirms Microsoft permissions (what a pending mode change waits for). */
    static void reconsent(Browser console, String adminUpn) {
        connect(console, adminUpn, "/api/sso/consent?purpose=reconsent");
    }

    /** The same round trip started at {@code consentPath} (e.g. a re-consent's {@code ?purpose=reconsent}). */
    static void connect(Browser console, String adminUpn, String consentPath) {
        Browser.Response start = console.get(consentPath);
        assertThat(start.status()).as(start.toString()).isEqualTo(302);
        URI authorize = URI.create(start.header("location"));
        String page = microsoft(authorize).body();
        Matcher signIn = Pattern.compile("data-upn=\"" + Pattern.quote(adminUpn) + "\" href=\"([^\"]+)\"").matcher(page);
        assertThat(signIn.find()).as("sign-in link of " + adminUpn).isTrue();
        URI back = backToConsole(console, authorize.resolve(signIn.group(1).replace("&amp;", "&")));
        Browser.Response afterSignIn = console.get(pathOf(back));
        assertThat(afterSignIn.status()).as(afterSignIn.toString()).isIn(302, 303);
        URI consentPage = URI.create(afterSignIn.header("location"));
        Matcher accept = Pattern.compile("id=\"accept\"[^>]*href=\"([^\"]+)\"").matcher(microsoft(consentPage).body());
        assertThat(accept.find()).as("accept link").isTrue();
        URI done = backToConsole(console, consentPage.resolve(accept.group(1).replace("&amp;", "&")));
        Browser.Response connected = console.get(pathOf(done));
        assertThat(connected.header("location")).as(connected.toString()).contains("status=connected");
    }

    /** Follows a simulator link to where it sends the browser back to the console's callback. */
    private static URI backToConsole(Browser console, URI link) {
        HttpResponse<String> answer = microsoft(link);
        if (answer.statusCode() / 100 == 3) {
            return URI.create(answer.headers().firstValue("location").orElseThrow());
        }
        // response_mode=form_post: post the hidden fields to the callback, which answers with a redirect.
        Matcher form = Pattern.compile("<form[^>]*action=\"([^\"]+)\"").matcher(answer.body());
        assertThat(form.find()).as("redirect or form from " + link + ": " + answer.body()).isTrue();
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher input = Pattern.compile("<input[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"").matcher(answer.body());
        while (input.find()) {
            fields.put(input.group(1), input.group(2).replace("&amp;", "&"));
        }
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        URI action = URI.create(form.group(1).replace("&amp;", "&"));
        Browser.Response posted = console.postRaw(pathOf(action), "application/x-www-form-urlencoded", body.toString());
        return URI.create(LocalStack.get().consoleUrl()).resolve(posted.header("location"));
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String pathOf(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static HttpResponse<String> microsoft(URI uri) {
        try {
            return MicrosoftConsentTest.MICROSOFT.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A call to the shared runtime's simulator ({@code path} from its root, e.g. {@code /_sim/faults}). */
    static HttpResponse<String> simulator(String method, String path, String json) {
        String base = LocalStack.get().startupValue("Microsoft 365 simulator");
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return MicrosoftConsentTest.MICROSOFT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return Browser.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
