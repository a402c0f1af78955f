package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.simulator.generate.GeneratedTenant;
import com.mailmoat.simulator.generate.GeneratorOptions;
import com.mailmoat.simulator.generate.TenantGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One administrator's way through a local runtime of its own: a generated Microsoft 365 tenant
 * with a month of mail (threats planted), sign-up, admin consent on the simulator's pages, the
 * first Threat Scan, and then whatever the test does; with the simulator's {@code _sim} view of
 * every mailbox and the runtime's outbox.
 */
final class TenantJourney {
    static final String PASSWORD = "Harbour-Lantern-42";

    final LocalStack stack;
    final GeneratedTenant tenant;
    final Browser console;
    final String email;
    private final String simulator;

    private TenantJourney(LocalStack stack, GeneratedTenant tenant, Browser console, String email) {
        this.stack = stack;
        this.tenant = tenant;
        this.console = console;
        this.email = email;
        String base = stack.startupValue("Microsoft 365 simulator");
        this.simulator = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** A small tenant: 4 mailboxes, 30 days of mail, about ten threats each. */
    static GeneratedTenant generate(Path dir, long seed, String domain) {
        return TenantGenerator.generate(dir, GeneratorOptions.defaults().withSeed(seed).withMailboxes(4)
                .withMessagesPerMailboxPerDay(1.5).withThreatsPerMailbox(10).withDomain(domain, "Northwind Traders")
                .withTenantId(UUID.nameUUIDFromBytes(domain.getBytes(StandardCharsets.UTF_8)).toString()));
    }

    static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("mailmoat-e2e-tenant");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs a new administrator up and in (no tenant connected yet). */
    static TenantJourney signUp(LocalStack stack, GeneratedTenant tenant) {
        String email = "admin+" + UUID.randomUUID().toString().substring(0, 8) + "@northwind.example";
        Browser console = new Browser(stack.consoleUrl());
        Browser.Response signup = console.postJson("/api/signup", Map.of("email", email, "company", "Northwind Traders",
                "region", "US"));
        assertThat(signup.status()).as(signup.toString()).isEqualTo(202);
        TenantJourney journey = new TenantJourney(stack, tenant, console, email);
        String link = journey.awaitEmail("Set your Mailmoat password").path("text").asText();
        Matcher token = Pattern.compile("token=([A-Za-z0-9_\\-]+)").matcher(link);
        assertThat(token.find()).isTrue();
        assertThat(console.postJson("/api/password", Map.of("token", token.group(1), "password", PASSWORD)).status())
                .isEqualTo(200);
        Browser.Response login = console.postJson("/api/login", Map.of("email", email, "password", PASSWORD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return journey;
    }

    /**
     * Grants admin consent as the tenant's Global Administrator, on the simulator's pages: the sign-in
     * answers with a form that POSTs the code to our callback cross-site (response_mode=form_post, as
     * Entra ID does), then the consent page's Accept redirects back.
     */
    void connect() {
        connect("/api/sso/consent");
    }

    /** The same round trip started at {@code consentPath} (a re-consent: {@code /api/sso/consent?purpose=reconsent}). */
    void connect(String consentPath) {
        Browser.Response start = console.get(consentPath);
        assertThat(start.status()).as(start.toString()).isEqualTo(302);
        URI authorize = URI.create(start.header("location"));
        String admin = tenant.globalAdmin();
        String page = microsoftGet(authorize).body();
        // With several tenants in the simulator a local part shared by two admins is qualified by the domain.
        String local = "signin-" + admin.substring(0, admin.indexOf('@')).toLowerCase(java.util.Locale.ROOT);
        String qualified = local + "-" + admin.substring(admin.indexOf('@') + 1).toLowerCase(java.util.Locale.ROOT).replace('.', '-');
        Map<String, String> form = MicrosoftConsentTest.postedForm(microsoftGet(
                authorize.resolve(link(page, page.contains("id=\"" + qualified + "\"") ? qualified : local))));
        URI callback = deliver(form);
        Browser.Response afterSignIn = console.get(pathOf(callback));
        assertThat(afterSignIn.status()).as(afterSignIn.toString()).isEqualTo(302);
        URI consentPage = URI.create(afterSignIn.header("location"));
        URI back = click(consentPage, "accept");
        Browser.Response done = console.get(pathOf(back));
        assertThat(done.header("location")).as(done.toString()).contains("/consent-result?status=connected");
    }

    /** POSTs Microsoft's form to our callback as a browser does (no console cookie); returns the 303's target. */
    private URI deliver(Map<String, String> form) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(form);
        String action = fields.remove("action");
        assertThat(action).isEqualTo(stack.consoleUrl() + "api/sso/callback");
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        URI sim = URI.create(simulator);
        Browser.Response posted = new Browser(stack.consoleUrl()).send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", sim.getScheme() + "://" + sim.getAuthority())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(303);
        return URI.create(posted.header("location"));
    }

    /** Waits for the running (or first) Threat Scan to finish and returns it. */
    JsonNode awaitScan() {
        return await("the Threat Scan to finish", Duration.ofMinutes(5), () -> {
            Browser.Response current = console.get("/api/scans/current");
            return current.status() == 200 ? current.json() : null;
        }, TenantJourney::scanFinished);
    }

    /** Every detection of a scan (as the Detections page lists them). */
    List<JsonNode> detections(String scanId) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            Browser.Response page = console.get("/api/detections?limit=200&scanId=" + scanId
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().path("items").forEach(all::add);
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
        } while (cursor != null);
        return all;
    }

    JsonNode detection(String id) {
        Browser.Response response = console.get("/api/detections/" + id);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** The Learning panel's figures. */
    JsonNode learning() {
        Browser.Response response = console.get("/api/learning");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    Browser.Response remediate(Object body) {
        return console.postJson("/api/remediations", body);
    }

    /** Starts a job (confirmed) and waits for it to complete. */
    JsonNode remediateAndWait(Map<String, Object> body) {
        Browser.Response created = remediate(body);
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        return awaitJob(created.json().path("id").asText());
    }

    JsonNode awaitJob(String id) {
        return await("remediation " + id + " to complete", Duration.ofMinutes(4), () -> {
            Browser.Response job = console.get("/api/remediations/" + id);
            assertThat(job.status()).as(job.toString()).isEqualTo(200);
            return job.json();
        }, job -> job.path("status").asText().equals("COMPLETED"));
    }

    // --- the simulator's view -------------------------------------------------------------------

    JsonNode summary() {
        return simulator("GET", "/_sim/tenants/" + tenant.tenantId() + "/summary");
    }

    /** Every message of the mailbox, where it is now (folder, folderId, graphMoves). */
    List<JsonNode> messages(String upn) {
        List<JsonNode> messages = new ArrayList<>();
        simulator("GET", "/_sim/tenants/" + tenant.tenantId() + "/mailboxes/" + upn + "/messages").path("value")
                .forEach(messages::add);
        return messages;
    }

    /** Every folder of the mailbox, hidden ones included (id, displayName, isHidden, createdThroughGraph…). */
    List<JsonNode> folders(String upn) {
        List<JsonNode> folders = new ArrayList<>();
        simulator("GET", "/_sim/tenants/" + tenant.tenantId() + "/mailboxes/" + upn + "/folders").path("value")
                .forEach(folders::add);
        return folders;
    }

    /** The mailbox's message with this Internet Message-ID, or null when the mailbox no longer has it. */
    JsonNode message(String upn, String internetMessageId) {
        return messages(upn).stream().filter(m -> m.path("internetMessageId").asText().equals(internetMessageId))
                .findFirst().orElse(null);
    }

    /** The user deletes the message for good. */
    void userDeletes(String upn, String immutableId) {
        simulator("DELETE", "/_sim/tenants/" + tenant.tenantId() + "/mailboxes/" + upn + "/messages/" + immutableId);
    }

    /** The user moves the message to another folder of the mailbox. */
    void userMoves(String upn, String immutableId, String folder) {
        simulator("POST", "/_sim/tenants/" + tenant.tenantId() + "/mailboxes/" + upn + "/messages/" + immutableId + "/move",
                "{\"folder\":\"" + folder + "\"}");
    }

    private JsonNode simulator(String method, String path) {
        return simulator(method, path, null);
    }

    private JsonNode simulator(String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator + path)).timeout(Duration.ofSeconds(30));
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = MicrosoftConsentTest.MICROSOFT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + path + " -> " + response.body()).isBetween(200, 299);
            return response.body().isBlank() ? Browser.JSON.createObjectNode() : Browser.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- email, the schedule, the operator's view of the tables ----------------------------------

    List<JsonNode> emails(String subjectPart) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode email : new Browser(stack.consoleUrl()).get("/local/outbox").json()) {
            if (email.path("to").toString().contains("\"" + this.email + "\"")
                    && email.path("subject").asText().contains(subjectPart)) {
                found.add(email);
            }
        }
        return found;
    }

    JsonNode awaitEmail(String subjectPart) {
        return await("an email \"" + subjectPart + "\" to " + email, Duration.ofSeconds(30), () -> {
            List<JsonNode> found = emails(subjectPart);
            return found.isEmpty() ? null : found.get(0);
        }, email -> true);
    }

    /** Fires a schedule of the template now (the local runtime's {@code /local/schedules}). */
    void fireSchedule(String id) {
        Browser.Response ran = new Browser(stack.consoleUrl()).postJson("/local/schedules/" + id, Map.of());
        assertThat(ran.status()).as(ran.toString()).isEqualTo(200);
    }

    /** As an operator would: moves this account's trial end (nothing in the API may do that). */
    void setTrialEnd(Instant trialEndsAt) {
        try (DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(stack.startupValue("DynamoDB Local"))).build()) {
            String accountId = dynamo.getItem(r -> r.tableName("AccountsTable").consistentRead(true)
                    .key(Map.of("accountId", AttributeValue.fromS("EMAIL#" + email), "sk", AttributeValue.fromS("CLAIM"))))
                    .item().get("ownerAccountId").s();
            dynamo.updateItem(r -> r.tableName("AccountsTable")
                    .key(Map.of("accountId", AttributeValue.fromS(accountId), "sk", AttributeValue.fromS("PROFILE")))
                    .conditionExpression("attribute_exists(accountId)")
                    .updateExpression("SET trialEndsAt = :end, trialEndDay = :day")
                    .expressionAttributeValues(Map.of(":end", AttributeValue.fromS(trialEndsAt.toString()),
                            ":day", AttributeValue.fromS(trialEndsAt.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString()))));
        }
    }

    // --- helpers ----------------------------------------------------------------------------------

    interface Probe<T> {
        T read();
    }

    /** Whether a scan as the API shows it has finished (not running, nor a request still waiting to start). */
    static boolean scanFinished(JsonNode scan) {
        String status = scan.path("status").asText();
        return status.equals("COMPLETED") || status.equals("ENDED_EARLY");
    }

    static <T> T await(String what, Duration timeout, Probe<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = probe.read();
            if (last != null && done.test(last)) {
                return last;
            }
            Outbox.sleep(250);
        }
        throw new AssertionError("Timed out waiting for " + what + "; last seen: " + last);
    }

    /** Follows a simulator page's link (a browser click) to the redirect back to the console. */
    private URI click(URI page, String linkId) {
        URI target = page.resolve(link(microsoftGet(page).body(), linkId));
        HttpResponse<String> redirect = microsoftGet(target);
        String location = redirect.headers().firstValue("location")
                .orElseThrow(() -> new AssertionError("No redirect from " + target + ": " + redirect.body()));
        return URI.create(location);
    }

    private static String link(String html, String linkId) {
        Matcher link = Pattern.compile("id=\"" + Pattern.quote(linkId) + "\"[^>]*href=\"([^\"]+)\"").matcher(html);
        assertThat(link.find()).as("link #" + linkId + " on the page:\n" + html).isTrue();
        return link.group(1).replace("&amp;", "&");
    }

    private static HttpResponse<String> microsoftGet(URI uri) {
        try {
            return MicrosoftConsentTest.MICROSOFT.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String pathOf(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
