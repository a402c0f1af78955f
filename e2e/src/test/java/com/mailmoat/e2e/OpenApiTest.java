package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.local.template.CloudFormationYaml;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml is the console API's contract: its paths and methods are exactly template.yaml's
 * routes (operations marked {@code x-pending} may wait for their route), every schema in it
 * resolves, and real answers of every route match it. ({@link Browser} checks every answer of
 * every end-to-end test against it as it arrives; this test makes sure every route is exercised.)
 */
class OpenApiTest {

    /** The console function's catch-all: it answers routes nobody has, so it is no operation of the contract. */
    static final String CATCH_ALL = "ANY /api/{proxy+}";

    /** "METHOD /path" of every HttpApi event in template.yaml, but the catch-all. */
    @SuppressWarnings("unchecked")
    static Set<String> templateRoutes() throws Exception {
        Map<String, Object> template = CloudFormationYaml.load(LocalStack.root().resolve("template.yaml"));
        Set<String> routes = new TreeSet<>();
        for (Object resource : ((Map<String, Object>) template.get("Resources")).values()) {
            Map<String, Object> r = (Map<String, Object>) resource;
            if (!"AWS::Serverless::Function".equals(r.get("Type"))) {
                continue;
            }
            Map<String, Object> events = (Map<String, Object>) ((Map<String, Object>) r.get("Properties")).get("Events");
            if (events == null) {
                continue;
            }
            for (Object event : events.values()) {
                Map<String, Object> e = (Map<String, Object>) event;
                if ("HttpApi".equals(e.get("Type"))) {
                    Map<String, Object> p = (Map<String, Object>) e.get("Properties");
                    routes.add(String.valueOf(p.get("Method")).toUpperCase(Locale.ROOT) + " " + p.get("Path"));
                    routes.remove(CATCH_ALL);
                }
            }
        }
        return routes;
    }

    @Test
    void itsPathsAndMethodsAreExactlyTheTemplatesRoutes() throws Exception {
        Set<String> routes = templateRoutes();
        Set<String> documented = OpenApi.get().operations().stream().map(OpenApi.Operation::key)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> pending = OpenApi.get().operations().stream().filter(OpenApi.Operation::pending)
                .map(OpenApi.Operation::key).collect(Collectors.toSet());

        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        assertThat(undocumented).as("routes of template.yaml that openapi.yaml does not describe").isEmpty();

        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(routes);
        extra.removeAll(pending);
        assertThat(extra).as("operations of openapi.yaml that template.yaml does not route (mark a contract still "
                + "being built x-pending)").isEmpty();
    }

    /**
     * A route a session calls must be named in the team's role table (core's ConsoleAccess), or members of every role
     * but the owner's are refused it: a route added without an entry is closed to the team by default, which is safe
     * but wrong for what everyone may read.
     */
    @Test
    void everyRouteThatNeedsASessionHasARoleInTheTeamTable() {
        JsonNode doc = OpenApi.get().document();
        Set<String> unnamed = new TreeSet<>();
        for (OpenApi.Operation operation : OpenApi.get().operations()) {
            JsonNode security = doc.path("paths").path(operation.path()).path(operation.method().toLowerCase(java.util.Locale.ROOT))
                    .path("security");
            boolean open = security.isArray() && security.isEmpty();
            String key = operation.key();
            if (!open && !operation.pending() && !com.mailmoat.core.team.ConsoleAccess.table().containsKey(key)) {
                unnamed.add(key);
            }
        }
        assertThat(unnamed).as("session routes missing from ConsoleAccess (members other than the owner get 403)").isEmpty();
    }

    @Test
    void itIsOpenApi31AndEverySchemaResolves() {
        JsonNode doc = OpenApi.get().document();
        assertThat(doc.path("openapi").asText()).startsWith("3.1.");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        assertThat(doc.path("components").path("schemas").has("Error")).isTrue();
        Set<String> ids = new HashSet<>();
        for (OpenApi.Operation op : OpenApi.get().operations()) {
            JsonNode operation = OpenApi.get().at("/paths/" + OpenApi.escape(op.path()) + "/" + op.method().toLowerCase(Locale.ROOT));
            assertThat(operation.path("operationId").asText()).as(op.key() + " operationId").isNotBlank();
            assertThat(ids.add(operation.path("operationId").asText())).as(op.key() + " operationId is unique").isTrue();
            assertThat(operation.path("responses").size()).as(op.key() + " responses").isPositive();
            assertThat(operation.path("summary").asText()).as(op.key() + " summary").isNotBlank();
        }
        assertThat(OpenApi.get().compileAll()).as("schemas that do not compile or resolve").isEmpty();
    }

    @Test
    void realAnswersOfEveryRouteMatchTheDocument() throws Exception {
        Set<String> routes = templateRoutes();
        Set<String> exercised = new TreeSet<>();
        Browser anonymous = Browser.forLocalStack();
        record(exercised, anonymous.get("/api/password/rules"), "GET /api/password/rules", 200);
        record(exercised, anonymous.get("/api/account"), "GET /api/account", 401);
        record(exercised, anonymous.postRaw("/api/login", "application/x-www-form-urlencoded", "email=a"), "POST /api/login", 415);
        record(exercised, anonymous.postJson("/api/login", Map.of("email", "nobody@fabrikam.example", "password", "Wrong-Password-1")),
                "POST /api/login", 401);
        record(exercised, anonymous.postJson("/api/password", Map.of("token", "not-a-token", "password", "Harbour-Lantern-42")),
                "POST /api/password", 400);
        record(exercised, anonymous.postJson("/api/password/reset", Map.of("email", SignupJourneyTest.newEmail())),
                "POST /api/password/reset", 202);
        record(exercised, anonymous.get("/api/sso/callback?state=forged"), "GET /api/sso/callback", 302);
        record(exercised, anonymous.postRaw("/api/sso/callback", "application/x-www-form-urlencoded", "state=forged&code=x"),
                "POST /api/sso/callback", 303);

        // A new account: sign-up, password, sign-in, and what a fresh account reads.
        String email = SignupJourneyTest.newEmail();
        Browser fresh = Browser.forLocalStack();
        record(exercised, fresh.postJson("/api/signup", Map.of("email", email, "company", "Fabrikam", "region", "UK")),
                "POST /api/signup", 202);
        String link = Outbox.firstLink(Outbox.awaitSubject(email, "Set your Mailmoat password"));
        String token = URI.create(link).getQuery().replaceFirst("^token=", "").replaceFirst("&.*$", "");
        record(exercised, fresh.postJson("/api/password/check", Map.of("token", token)), "POST /api/password/check", 200);
        record(exercised, fresh.postJson("/api/password", Map.of("token", token, "password", "short")), "POST /api/password", 400);
        record(exercised, fresh.postJson("/api/password", Map.of("token", token, "password", SignupJourneyTest.STRONG_PASSWORD)),
                "POST /api/password", 200);
        Browser.Response spent = fresh.postJson("/api/password/check", Map.of("token", token));
        record(exercised, spent, "POST /api/password/check", 200);
        assertThat(spent.json().path("usable").asBoolean()).as("a used link").isFalse();
        record(exercised, fresh.postJson("/api/login", Map.of("email", email, "password", SignupJourneyTest.STRONG_PASSWORD)),
                "POST /api/login", 200);
        record(exercised, fresh.get("/api/account"), "GET /api/account", 200);
        record(exercised, fresh.get("/api/setup"), "GET /api/setup", 200);
        // Two-step sign-in: off, nothing to confirm or turn off, the password asked again, then a new secret.
        record(exercised, fresh.get("/api/account/two-step"), "GET /api/account/two-step", 200);
        record(exercised, fresh.postJson("/api/account/two-step/confirm", Map.of("code", "123456")),
                "POST /api/account/two-step/confirm", 409);
        record(exercised, fresh.postJson("/api/account/two-step/disable", Map.of("password",
                SignupJourneyTest.STRONG_PASSWORD, "code", "123456")), "POST /api/account/two-step/disable", 409);
        record(exercised, fresh.postJson("/api/account/two-step/recovery-codes", Map.of("password",
                SignupJourneyTest.STRONG_PASSWORD, "code", "123456")), "POST /api/account/two-step/recovery-codes", 409);
        record(exercised, fresh.postJson("/api/account/two-step", Map.of("password", "Wrong-Password-1")),
                "POST /api/account/two-step", 403);
        record(exercised, fresh.postJson("/api/account/two-step", Map.of("password", SignupJourneyTest.STRONG_PASSWORD)),
                "POST /api/account/two-step", 200);
        record(exercised, anonymous.postJson("/api/login/code", Map.of("token", "not-a-token", "code", "123456")),
                "POST /api/login/code", 401);
        record(exercised, fresh.get("/api/notifications"), "GET /api/notifications", 200);
        record(exercised, fresh.get("/api/scans/current"), "GET /api/scans/current", 404);
        record(exercised, fresh.postJson("/api/scans", Map.of()), "POST /api/scans", 409);
        record(exercised, fresh.get("/api/sso/consent"), "GET /api/sso/consent", 302);
        record(exercised, fresh.postJson("/api/domains", Map.of("domain", "not a domain")), "POST /api/domains", 400);
        String domain = "openapi-" + email.substring(6, 14) + ".example";
        record(exercised, fresh.postJson("/api/domains", Map.of("domain", domain)), "POST /api/domains", 201);
        record(exercised, fresh.postJson("/api/domains/" + domain + "/verify", Map.of()), "POST /api/domains/{domain}/verify", 200);
        record(exercised, fresh.postJson("/api/domains/never-added.example/verify", Map.of()), "POST /api/domains/{domain}/verify", 404);
        record(exercised, fresh.get("/api/domains"), "GET /api/domains", 200);
        record(exercised, fresh.postJson("/api/domains", Map.of("domain", "typo-" + domain)), "POST /api/domains", 201);
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri("/api/domains/typo-" + domain)).DELETE()),
                "DELETE /api/domains/{domain}", 204);
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri("/api/domains/typo-" + domain)).DELETE()),
                "DELETE /api/domains/{domain}", 404);
        record(exercised, fresh.get("/api/checks"), "GET /api/checks", 200);
        record(exercised, fresh.get("/api/detections?level=HIGH&limit=5000"), "GET /api/detections", 400);
        Browser.Response badSource = fresh.get("/api/detections?source=EMAIL");
        record(exercised, badSource, "GET /api/detections", 400);
        assertThat(badSource.body()).contains("\"field\":\"source\"");
        record(exercised, fresh.get("/api/detections?source=REAL_TIME"), "GET /api/detections", 200);
        record(exercised, fresh.get("/api/learning"), "GET /api/learning", 200);
        record(exercised, fresh.postJson("/api/feedback/missed", Map.of("internetMessageId", "not an id")),
                "POST /api/feedback/missed", 400);
        record(exercised, fresh.postJson("/api/feedback/missed", Map.of("internetMessageId", "<missed-1@fabrikam.example>")),
                "POST /api/feedback/missed", 409);
        record(exercised, fresh.postJson("/api/detections/0123456789abcdef0123456789abcdef/not-a-threat", Map.of()),
                "POST /api/detections/{id}/not-a-threat", 404);

        // Policies, sender lists, the directory and the protection mode.
        Browser.Response policies = fresh.get("/api/policies");
        record(exercised, policies, "GET /api/policies", 200);
        Browser.Response created = fresh.postJson("/api/policies", Map.of("name", "Finance", "priority", 1, "mode", "MONITOR",
                "actions", Map.of("MALICIOUS", "QUARANTINE", "SUSPICIOUS", "RECORD"),
                "target", Map.of("recipients", List.of("finance@fabrikam.example"))));
        record(exercised, created, "POST /api/policies", 201);
        record(exercised, fresh.postJson("/api/policies", Map.of("name", "Bad", "mode", "LOUD")), "POST /api/policies", 400);
        String policyId = created.json().path("id").asText();
        Browser.Response one = fresh.get("/api/policies/" + policyId);
        record(exercised, one, "GET /api/policies/{id}", 200);
        Map<String, Object> changed = Browser.JSON.convertValue(one.json(), Map.class);
        changed.put("name", "Finance team");
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri("/api/policies/" + policyId))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Browser.write(changed)))), "PUT /api/policies/{id}", 200);
        record(exercised, fresh.get("/api/policies/effective?sender=a@partner.example&recipient=finance@fabrikam.example"),
                "GET /api/policies/effective", 200);
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri("/api/policies/" + policyId))
                        .header("Content-Type", "application/json").DELETE()),
                "DELETE /api/policies/{id}", 204);
        record(exercised, fresh.get("/api/policies/" + policyId), "GET /api/policies/{id}", 404);
        record(exercised, fresh.get("/api/sender-lists/permitted"), "GET /api/sender-lists/{list}", 200);
        record(exercised, fresh.get("/api/sender-lists/nonsense"), "GET /api/sender-lists/{list}", 404);
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri("/api/sender-lists/permitted"))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Browser.write(Map.of("entries", List.of("partner.example")))))), "PUT /api/sender-lists/{list}", 200);
        record(exercised, fresh.postJson("/api/sender-lists/blocked/import", Map.of("csv", "spam.example,known spammer\n", "mode", "add")),
                "POST /api/sender-lists/{list}/import", 200);
        record(exercised, fresh.get("/api/sender-lists/blocked/export"), "GET /api/sender-lists/{list}/export", 200);
        record(exercised, fresh.postJson("/api/sender-lists/blocked/entries", Map.of("value", "ceo@lookalike.example",
                "note", "Blocked from a detection")), "POST /api/sender-lists/{list}/entries", 200);
        record(exercised, fresh.postJson("/api/sender-lists/permitted/entries", Map.of("value", "ceo@lookalike.example")),
                "POST /api/sender-lists/{list}/entries", 400);
        record(exercised, fresh.get("/api/managed-senders"), "GET /api/managed-senders", 400);
        record(exercised, fresh.get("/api/directory/users?q=a"), "GET /api/directory/users", 200);
        record(exercised, fresh.get("/api/directory/groups"), "GET /api/directory/groups", 200);
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri("/api/mode"))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Browser.write(Map.of("mode", "MONITOR"))))), "PUT /api/mode", 409);
        record(exercised, fresh.get("/api/upgrade"), "GET /api/upgrade", 404);
        record(exercised, fresh.postJson("/api/upgrade", Map.of("mode", "PROTECT")), "POST /api/upgrade", 400);
        record(exercised, fresh.postJson("/api/upgrade", Map.of("mode", "PROTECT", "confirm", true)), "POST /api/upgrade", 202);
        record(exercised, fresh.get("/api/upgrade"), "GET /api/upgrade", 200);
        record(exercised, fresh.get("/api/upgrade/held-back"), "GET /api/upgrade/held-back", 200);
        record(exercised, fresh.postJson("/api/upgrade/rule-order-reviewed", Map.of()), "POST /api/upgrade/rule-order-reviewed", 409);
        record(exercised, fresh.get("/api/upgrade/preview"), "GET /api/upgrade/preview", 409);
        record(exercised, fresh.postJson("/api/upgrade/cancel", Map.of()), "POST /api/upgrade/cancel", 200);
        record(exercised, fresh.postJson("/api/upgrade/cancel", Map.of()), "POST /api/upgrade/cancel", 409);
        record(exercised, fresh.get("/api/upgrade"), "GET /api/upgrade", 404);
        record(exercised, fresh.postJson("/api/upgrade", Map.of("mode", "PROTECT", "confirm", true)), "POST /api/upgrade", 202);
        record(exercised, fresh.postJson("/api/offboard", Map.of()), "POST /api/offboard", 400);
        record(exercised, anonymous.postJson("/api/account/close", Map.of("password", "x", "confirm", "x")),
                "POST /api/account/close", 401);
        record(exercised, fresh.postJson("/api/account/close", Map.of("password", "Wrong-Password-1", "confirm", "nobody@x.example")),
                "POST /api/account/close", 400);
        // Remediation, read state and branding (issue 11), once their routes are in the template.
        if (routes.contains("POST /api/remediations")) {
            record(exercised, fresh.postJson("/api/remediations", Map.of("action", "REMOVE", "scanId", "s-1")),
                    "POST /api/remediations", 400);
            record(exercised, fresh.postJson("/api/remediations", Map.of("action", "REMOVE", "scanId", "s-1", "confirm", true)),
                    "POST /api/remediations", 404, 409);
            record(exercised, fresh.get("/api/remediations"), "GET /api/remediations", 200);
            record(exercised, fresh.get("/api/remediations/no-such-job"), "GET /api/remediations/{id}", 404);
            record(exercised, fresh.get("/api/remediations/preview"), "GET /api/remediations/preview", 400);
            record(exercised, fresh.postJson("/api/remediations", Map.of("action", "REMOVE", "sender", "ceo@evil.example",
                    "confirm", true)), "POST /api/remediations", 409);
        }
        if (routes.contains("GET /api/remediations/current")) {
            record(exercised, fresh.get("/api/remediations/current"), "GET /api/remediations/current", 404);
        }
        if (routes.contains("POST /api/notifications/read-all")) {
            record(exercised, fresh.postJson("/api/notifications/read-all", Map.of()), "POST /api/notifications/read-all", 200);
            record(exercised, fresh.postJson("/api/notifications/no-such-notice/read", Map.of()),
                    "POST /api/notifications/{id}/read", 200, 404);
        }
        if (routes.contains("PUT /api/account/branding")) {
            record(exercised, put(fresh, "/api/account/branding", Map.of("accentColor", "#0b6e4f")), "PUT /api/account/branding", 200);
            record(exercised, put(fresh, "/api/account/branding", Map.of("accentColor", "green", "logoUrl", "http://x")),
                    "PUT /api/account/branding", 400);
            record(exercised, fresh.get("/api/account"), "GET /api/account", 200);
            // No logo address saved: no copy to serve (a saved one is served as an image: ConsoleApiHandlerTest).
            record(exercised, fresh.get("/api/account/logo"), "GET /api/account/logo", 404);
            record(exercised, fresh.get("/api/directory/groups?ids=no-such-group"), "GET /api/directory/groups", 200);
        }
        record(exercised, put(fresh, "/api/account/profile", Map.of("company", "Fabrikam Holdings")),
                "PUT /api/account/profile", 200);
        record(exercised, put(fresh, "/api/account/profile", Map.of("company", "See www.fabrikam.example")),
                "PUT /api/account/profile", 400);
        record(exercised, put(fresh, "/api/account/email-choices", Map.of("removals", false)),
                "PUT /api/account/email-choices", 200);
        record(exercised, put(fresh, "/api/account/email-choices", Map.of("removals", "no", "digest", true)),
                "PUT /api/account/email-choices", 400);
        assertThat(fresh.get("/api/account").json().path("emailChoices").toString())
                .isEqualTo("{\"removals\":false,\"realTimeAlerts\":true}");
        // Extra alert recipients: add (and refused), list, re-send (too soon), remove; the emailed links with a forged token.
        Browser.Response recipient = fresh.postJson("/api/account/email-recipients", Map.of("email", "soc-" + email));
        record(exercised, recipient, "POST /api/account/email-recipients", 201);
        record(exercised, fresh.postJson("/api/account/email-recipients", Map.of("email", email)),
                "POST /api/account/email-recipients", 400);
        record(exercised, fresh.get("/api/account/email-recipients"), "GET /api/account/email-recipients", 200);
        String recipientId = recipient.json().path("id").asText();
        record(exercised, fresh.postJson("/api/account/email-recipients/" + recipientId + "/resend", Map.of()),
                "POST /api/account/email-recipients/{id}/resend", 429);
        record(exercised, fresh.postJson("/api/account/email-recipients/no-such-recipient/resend", Map.of()),
                "POST /api/account/email-recipients/{id}/resend", 404);
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri("/api/account/email-recipients/" + recipientId))
                .DELETE()), "DELETE /api/account/email-recipients/{id}", 204);
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri("/api/account/email-recipients/" + recipientId))
                .DELETE()), "DELETE /api/account/email-recipients/{id}", 404);
        record(exercised, anonymous.postJson("/api/alert-recipients/confirm", Map.of("token", "forged")),
                "POST /api/alert-recipients/confirm", 400);
        record(exercised, anonymous.postRaw("/api/alert-recipients/unsubscribe?token=forged",
                "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"), "POST /api/alert-recipients/unsubscribe", 400);
        // (PUT /api/account/profile was not called here before: the company name, put right and refused.)
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri("/api/account/profile"))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Browser.write(Map.of("company", "Fabrikam Holdings"))))), "PUT /api/account/profile", 200);
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri("/api/account/profile"))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Browser.write(Map.of("company", ""))))), "PUT /api/account/profile", 400);
        // The recipient added and removed above are in the activity log: a page of one, the next page, refusals.
        Browser.Response activity = fresh.get("/api/activity?limit=1");
        record(exercised, activity, "GET /api/activity", 200);
        assertThat(activity.json().path("nextCursor").isTextual()).as(activity.toString()).isTrue();
        record(exercised, fresh.get("/api/activity?limit=1&cursor=" + activity.json().path("nextCursor").asText()),
                "GET /api/activity", 200);
        record(exercised, fresh.get("/api/activity?cursor=forged"), "GET /api/activity", 400);
        // The team: invite, a conflict, bad input, the list, a role change, removal, and what no longer exists.
        String teammate = "teammate-" + email;
        Browser.Response invited = fresh.postJson("/api/team", Map.of("email", teammate, "role", "ANALYST"));
        record(exercised, invited, "POST /api/team", 201);
        record(exercised, fresh.postJson("/api/team", Map.of("email", teammate, "role", "ANALYST")), "POST /api/team", 409);
        record(exercised, fresh.postJson("/api/team", Map.of("email", "nobody", "role", "OWNER")), "POST /api/team", 400);
        record(exercised, fresh.get("/api/team"), "GET /api/team", 200);
        String memberPath = "/api/team/" + invited.json().path("id").asText();
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri(memberPath))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Browser.write(Map.of("role", "READ_ONLY"))))), "PUT /api/team/{memberId}", 200);
        record(exercised, fresh.postJson(memberPath + "/invitation", Map.of()), "POST /api/team/{memberId}/invitation", 200);
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri(memberPath)).DELETE()),
                "DELETE /api/team/{memberId}", 204);
        record(exercised, fresh.postJson(memberPath + "/invitation", Map.of()), "POST /api/team/{memberId}/invitation", 404);
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri(memberPath))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Browser.write(Map.of("role", "READ_ONLY"))))), "PUT /api/team/{memberId}", 404);
        record(exercised, fresh.send(java.net.http.HttpRequest.newBuilder(fresh.uri(memberPath)).DELETE()),
                "DELETE /api/team/{memberId}", 404);
        record(exercised, anonymous.get("/api/activity"), "GET /api/activity", 401);
        record(exercised, fresh.get("/api/activity?category=account&from=2020-01-01"), "GET /api/activity", 200);
        record(exercised, fresh.get("/api/activity?category=billing&to=soon"), "GET /api/activity", 400);
        record(exercised, fresh.get("/api/activity/export?category=account"), "GET /api/activity/export", 200);
        record(exercised, fresh.get("/api/activity/export?from=2026-12-01&to=2026-11-01"), "GET /api/activity/export", 400);
        record(exercised, fresh.get("/api/realtime/summary"), "GET /api/realtime/summary", 200);
        record(exercised, fresh.get("/api/realtime/summary?events=x"), "GET /api/realtime/summary", 400);
        record(exercised, fresh.postJson("/api/logout", Map.of()), "POST /api/logout", 204);

        // Microsoft Graph's webhook: the validation handshake, and a forged notification (dropped, still 202).
        for (String hook : List.of("/api/graph/notifications", "/api/graph/lifecycle")) {
            Browser.Response handshake = anonymous.postRaw(hook + "?validationToken=mailmoat-check", "text/plain", "");
            record(exercised, handshake, "POST " + hook, 200);
            assertThat(handshake.body()).isEqualTo("mailmoat-check");
            record(exercised, anonymous.postJson(hook, Map.of("value", List.of(Map.of("subscriptionId", "no-such-subscription",
                    "clientState", "forged", "changeType", "created", "lifecycleEvent", "missed",
                    "resource", "users/x/messages/y", "tenantId", "t")))), "POST " + hook, 202);
        }

        // The demo login: connected, with a Threat Scan and its detections.
        Browser demo = DemoLogin.signIn();
        JsonNode current = DemoLogin.awaitFinishedScan(demo);
        String scanId = current.path("id").asText();
        record(exercised, demo.get("/api/scans/current"), "GET /api/scans/current", 200);
        record(exercised, demo.get("/api/scans"), "GET /api/scans", 200);
        record(exercised, demo.get("/api/scans/" + scanId), "GET /api/scans/{id}", 200);
        record(exercised, demo.get("/api/scans/no-such-scan"), "GET /api/scans/{id}", 404);
        record(exercised, demo.postJson("/api/scans/" + scanId + "/end", Map.of()), "POST /api/scans/{id}/end", 409);
        Browser.Response page = demo.get("/api/detections?limit=2&scanId=" + scanId);
        record(exercised, page, "GET /api/detections", 200);
        String detectionId = page.json().path("items").get(0).path("id").asText();
        record(exercised, demo.get("/api/detections/" + detectionId), "GET /api/detections/{id}", 200);
        record(exercised, demo.get("/api/detections/no-such-detection"), "GET /api/detections/{id}", 404);
        String sender = page.json().path("items").get(0).path("sender").asText();
        Browser.Response waiting = demo.get("/api/remediations/preview?sender=" + java.net.URLEncoder.encode(sender,
                java.nio.charset.StandardCharsets.UTF_8));
        record(exercised, waiting, "GET /api/remediations/preview", 200);
        record(exercised, demo.get("/api/remediations/preview?inQuarantine=true"), "GET /api/remediations/preview", 200);
        record(exercised, demo.get("/api/quarantine/folders"), "GET /api/quarantine/folders", 200);
        Browser.Response export = demo.get("/api/detections/export?scanId=" + scanId);
        record(exercised, export, "GET /api/detections/export", 200);
        assertThat(export.body().lines().count()).as("a header and the scan's detections")
                .isEqualTo(1 + Long.parseLong(export.header("X-Mailmoat-Rows"))).isGreaterThan(1);
        record(exercised, demo.get("/api/detections/export?level=HIGH"), "GET /api/detections/export", 400);
        // Connected: the directory can be imported again, and a user's own senders read and saved.
        record(exercised, demo.postJson("/api/directory/refresh", Map.of()), "POST /api/directory/refresh", 202);
        String user = "morgan.avery@" + DemoLogin.tenant()[1];
        record(exercised, demo.get("/api/managed-senders?user=" + user), "GET /api/managed-senders", 200);
        record(exercised, demo.send(java.net.http.HttpRequest.newBuilder(demo.uri("/api/managed-senders"))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Browser.write(Map.of("user", user, "permitted", List.of("newsletter.example")))))), "PUT /api/managed-senders", 200);
        record(exercised, demo.postJson("/api/managed-senders/import", Map.of("user", user,
                "csv", "list,value,note\nblocked,billing@invoices.example,Fake invoices\n")), "POST /api/managed-senders/import", 200);
        record(exercised, demo.postJson("/api/managed-senders/import", Map.of("user", user, "csv", "blocked,not an address\n")),
                "POST /api/managed-senders/import", 400);
        record(exercised, demo.get("/api/managed-senders/export?user=" + user), "GET /api/managed-senders/export", 200);
        record(exercised, demo.get("/api/managed-senders/export"), "GET /api/managed-senders/export", 400);

        // Every route of the template, pending contracts included once they are routed.
        Set<String> notExercised = new TreeSet<>(routes);
        notExercised.removeAll(exercised);
        assertThat(notExercised).as("routes whose real answers this test does not check yet: call them above").isEmpty();
    }

    private static Browser.Response put(Browser browser, String path, Object body) {
        return browser.send(java.net.http.HttpRequest.newBuilder(browser.uri(path)).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(Browser.write(body))));
    }

    /** Asserts the status (one of them); the body was already checked against the document by {@link Browser}. */
    private static void record(Set<String> exercised, Browser.Response response, String operation, int... statuses) {
        assertThat(java.util.Arrays.stream(statuses).boxed().toList()).as(operation + ": " + response).contains(response.status());
        assertThat(OpenApi.get().operations().stream().map(OpenApi.Operation::key)).as("documented").contains(operation);
        exercised.add(operation);
    }
}
