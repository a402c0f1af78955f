package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Upgrade Now through the built local runtime against the simulated tenant: the state machine
 * (statemachine/upgrade.asl.json run by the local ASL interpreter) installs exactly Mailmoat's rules
 * at the top of Exchange's list, shows each step, reports the rules pushed down, switches the mode and
 * emails once — with its InstallTransportRules task killed once after its first rule (the local crash
 * hook) and re-run without duplicating anything; blocked and malicious senders reach the rule within a
 * minute; offboarding leaves Exchange exactly as before; a missing Exchange role stops the upgrade
 * before any change with the reason and the fix.
 */
class UpgradeJourneyTest {
    /** The tenant whose InstallTransportRules task the local runtime kills once (see {@link LocalStack}). */
    static final String CRASH_TENANT_ID = "00009a6e-0000-4000-8000-0000000000c1";

    @Test
    void upgradeKeepRulesInSyncAndOffboard() {
        ScanTenants.Loaded tenant = ScanTenants.generate("contoso-upgrade", 21, 2, CRASH_TENANT_ID);
        String email = SignupJourneyTest.newEmail();
        Browser console = SignupJourneyTest.signedInAdmin(email);
        ScanTenants.connect(console, tenant.adminUpn());
        JsonNode before = ScanTenants.exchange(tenant.tenantId());
        assertThat(names(before)).containsExactly("Disclaimer", "Tag external mail");

        Browser.Response unconfirmed = console.postJson("/api/upgrade", Map.of("mode", "PROTECT"));
        assertThat(unconfirmed.status()).as(unconfirmed.toString()).isEqualTo(400);
        Browser.Response accepted = console.postJson("/api/upgrade", Map.of("mode", "PROTECT",
                "targetedTo", Map.of("everyone", true), "confirm", true));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.json().path("id").asText();
        URI consentUrl = URI.create(accepted.json().path("consentUrl").asText());
        assertThat(consentUrl.getQuery()).isEqualTo("purpose=reconsent");
        assertThat(console.get("/api/upgrade").json().path("status").asText()).isEqualTo("PENDING_CONSENT");
        assertThat(names(ScanTenants.exchange(tenant.tenantId()))).as("nothing changes before consent")
                .containsExactly("Disclaimer", "Tag external mail");

        ScanTenants.connect(console, tenant.adminUpn(), consentUrl.getRawPath() + "?" + consentUrl.getRawQuery());
        Set<String> seen = new LinkedHashSet<>();
        JsonNode upgrade = awaitUpgrade(console, seen, u -> u.path("status").asText().matches("COMPLETED|FAILED"));

        assertThat(upgrade.path("id").asText()).isEqualTo(id);
        assertThat(upgrade.path("status").asText()).as(upgrade.toString()).isEqualTo("COMPLETED");
        assertThat(upgrade.path("steps").findValuesAsText("name")).containsExactly("ValidatePrerequisites",
                "RecordTransportRuleOrder", "InstallTransportRules", "ImportUsersAndGroups", "CreateMailSubscriptions",
                "SwitchMode", "NotifyComplete");
        assertThat(upgrade.path("steps").findValuesAsText("status")).containsOnly("COMPLETED");
        assertThat(seen).as("progress shown step by step").anyMatch(s -> s.endsWith("=RUNNING"));
        assertThat(upgrade.path("warnings").findValuesAsText("code")).contains("NO_VALIDATED_DOMAIN");
        assertThat(upgrade.path("rulesPushedDown").toString()).isEqualTo(
                "[{\"name\":\"Disclaimer\",\"from\":0,\"to\":2,\"disclaimer\":true},"
                        + "{\"name\":\"Tag external mail\",\"from\":1,\"to\":3,\"disclaimer\":false}]");

        JsonNode exchange = ScanTenants.exchange(tenant.tenantId());
        assertThat(names(exchange)).containsExactly("Mailmoat - blocked senders", "Mailmoat - blocked domains",
                "Disclaimer", "Tag external mail");
        JsonNode rule = exchange.path("transportRules").get(0);
        assertThat(rule.path("Quarantine").asBoolean()).isTrue();
        assertThat(rule.path("SentToScope").asText()).isEqualTo("InOrganization");
        assertThat(rule.path("FromScope").asText()).isEqualTo("NotInOrganization");
        assertThat(ScanTenants.summary(tenant.tenantId()).path("mailmoatRules").asInt()).isEqualTo(2);
        assertThat(console.get("/api/account").json().path("mode").asText()).isEqualTo("PROTECT");
        // The checklist follows: upgraded, and two of the administrator's rules moved down are theirs to check.
        JsonNode setup = console.get("/api/setup").json().path("steps");
        assertThat(setup.findParents("id").stream().filter(s -> s.path("id").asText().matches("upgrade|transport-rules"))
                .map(s -> s.path("id").asText() + "=" + s.path("state").asText()).toList())
                .containsExactly("upgrade=DONE", "transport-rules=TODO");
        // Once they say they checked that order, the step is done; saying it again keeps the first time.
        Browser.Response reviewed = console.postJson("/api/upgrade/rule-order-reviewed", Map.of());
        assertThat(reviewed.status()).as(reviewed.toString()).isEqualTo(200);
        String reviewedAt = reviewed.json().path("ruleOrderReviewedAt").asText();
        assertThat(reviewedAt).isNotBlank();
        assertThat(console.postJson("/api/upgrade/rule-order-reviewed", Map.of()).json().path("ruleOrderReviewedAt").asText())
                .isEqualTo(reviewedAt);
        assertThat(console.get("/api/setup").json().path("steps").findParents("id").stream()
                .filter(s -> s.path("id").asText().equals("transport-rules")).findFirst().orElseThrow()
                .path("state").asText()).isEqualTo("DONE");
        // Everyone is targeted: one Graph mail subscription per mailbox, made by the mode switch's sync.
        JsonNode subscribed = ScanTenants.summary(tenant.tenantId());
        assertThat(subscribed.path("subscriptions").asInt()).isEqualTo(subscribed.path("mailboxes").asInt()).isPositive();
        // The email and the page say what was imported from the directory, as the API records it.
        int usersImported = upgrade.path("directoryImported").path("users").asInt();
        assertThat(usersImported).as(upgrade.toString()).isPositive();
        JsonNode complete = Outbox.awaitSubject(email, "Upgrade complete");
        assertThat(complete.path("text").asText()).contains("Users imported").contains(String.valueOf(usersImported))
                .contains("Groups imported");
        Outbox.sleep(1000);
        assertThat(Outbox.count(email, "Upgrade complete")).as("the email is sent once").isEqualTo(1);
        JsonNode execution = execution(id);
        assertThat(execution.path("status").asText()).isEqualTo("SUCCEEDED");
        List<String> states = new ArrayList<>();
        execution.path("states").forEach(s -> states.add(s.asText()));
        assertThat(states.stream().filter("InstallTransportRules"::equals)).as("killed once, run again").hasSize(2);

        // A sender blocked in policy reaches the rule within a minute.
        Browser.Response blocked = console.send(HttpRequest.newBuilder(console.uri("/api/sender-lists/blocked"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Browser.write(Map.of("entries",
                        List.of("invoices@fake-vendor.example"))))));
        assertThat(blocked.status()).as(blocked.toString()).isEqualTo(200);
        awaitRule(tenant.tenantId(), "From", "invoices@fake-vendor.example");
        JsonNode heldBack = console.get("/api/upgrade/held-back").json();
        assertThat(heldBack.path("mode").asText()).isEqualTo("PROTECT");
        assertThat(heldBack.path("senders").findParents("value").stream()
                .filter(s -> s.path("value").asText().equals("invoices@fake-vendor.example"))
                .map(s -> s.path("why").asText())).containsExactly("BLOCKED_LIST");

        // Senders a scan found malicious reach the rules within a minute of the scan recording them.
        awaitScanFinished(console);
        List<String> malicious = new ArrayList<>();
        for (JsonNode detection : console.get("/api/detections?level=MALICIOUS&limit=200").json().path("items")) {
            String sender = detection.path("sender").asText().toLowerCase();
            boolean spoofed = detection.path("categories").toString().contains("SPOOFING");
            if (sender.contains("@") && !sender.endsWith("@contoso-upgrade.example") && !spoofed) {
                malicious.add(sender);
            }
        }
        assertThat(malicious).as("the scan found malicious senders").isNotEmpty();
        String sender = malicious.get(0);
        awaitCondition(tenant.tenantId(), rules -> rules.contains(sender)
                || rules.contains(sender.substring(sender.indexOf('@') + 1)));

        // Offboarding leaves Exchange exactly as it was before the upgrade.
        Browser.Response unconfirmedOffboard = console.postJson("/api/offboard", Map.of());
        assertThat(unconfirmedOffboard.status()).isEqualTo(400);
        Browser.Response wrongPassword = console.postJson("/api/offboard", Map.of("confirm", true, "password", "Not-The-Password-1"));
        assertThat(wrongPassword.status()).as("a session alone does not offboard").isEqualTo(403);
        assertThat(ScanTenants.summary(tenant.tenantId()).path("mailmoatRules").asInt()).as("nothing removed").isPositive();
        Browser.Response offboarded = console.postJson("/api/offboard", Map.of("confirm", true,
                "password", SignupJourneyTest.STRONG_PASSWORD));
        assertThat(offboarded.status()).as(offboarded.toString()).isEqualTo(200);
        assertThat(offboarded.json().path("removed").findValuesAsText("kind")).contains("transportRule",
                "mailSubscriptions", "microsoftTokens", "tenantLink");
        assertThat(offboarded.json().path("nextStep").asText()).contains("Enterprise applications");
        assertThat(ScanTenants.exchange(tenant.tenantId())).isEqualTo(before);
        assertThat(ScanTenants.summary(tenant.tenantId()).path("mailmoatRules").asInt()).isZero();
        assertThat(ScanTenants.summary(tenant.tenantId()).path("subscriptions").asInt()).as("subscriptions deleted").isZero();
        assertThat(console.get("/api/account").json().path("mode").asText()).isEqualTo("THREAT_SCAN_ONLY");
        assertThat(console.get("/api/upgrade").status()).isEqualTo(404);
        // ... and the account can connect again.
        ScanTenants.connect(console, tenant.adminUpn());
    }

    @Test
    void withoutAnExchangeRoleThePrerequisitesStopTheUpgradeBeforeAnyChangeSayingHowToFixIt() {
        ScanTenants.Loaded tenant = ScanTenants.generate("fabrikam-norole", 22, 1, "00009a6e-0000-4000-8000-0000000000c2");
        String email = SignupJourneyTest.newEmail();
        Browser console = SignupJourneyTest.signedInAdmin(email);
        ScanTenants.connect(console, tenant.adminUpn());
        ScanTenants.exchangeRole(tenant.tenantId(), false);
        JsonNode before = ScanTenants.exchange(tenant.tenantId());

        Browser.Response accepted = console.postJson("/api/upgrade", Map.of("mode", "PROTECT", "confirm", true));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        URI consentUrl = URI.create(accepted.json().path("consentUrl").asText());
        ScanTenants.connect(console, tenant.adminUpn(), consentUrl.getRawPath() + "?" + consentUrl.getRawQuery());
        JsonNode upgrade = awaitUpgrade(console, new LinkedHashSet<>(), u -> u.path("status").asText().matches("COMPLETED|FAILED"));

        assertThat(upgrade.path("status").asText()).as(upgrade.toString()).isEqualTo("FAILED");
        assertThat(upgrade.path("blockers").findValuesAsText("code")).containsExactly("NO_EXCHANGE_ROLE");
        JsonNode first = upgrade.path("steps").get(0);
        assertThat(first.path("status").asText()).isEqualTo("FAILED");
        assertThat(first.path("error").asText()).contains("Exchange Administrator");
        assertThat(upgrade.path("steps").findValuesAsText("status").subList(1, 7)).containsOnly("SKIPPED");
        ScanTenants.exchangeRole(tenant.tenantId(), true);
        JsonNode after = ScanTenants.exchange(tenant.tenantId());
        assertThat(after.path("transportRules")).isEqualTo(before.path("transportRules"));
        assertThat(console.get("/api/account").json().path("mode").asText()).isEqualTo("THREAT_SCAN_ONLY");
        Outbox.awaitSubject(email, "did not complete");
        assertThat(execution(upgrade.path("id").asText()).path("states").toString()).doesNotContain("InstallTransportRules");
    }

    private static List<String> names(JsonNode exchange) {
        return exchange.path("transportRules").findValuesAsText("Name");
    }

    private static JsonNode awaitUpgrade(Browser console, Set<String> seen, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            Browser.Response response = console.get("/api/upgrade");
            if (response.status() == 200) {
                JsonNode upgrade = response.json();
                upgrade.path("steps").forEach(s -> seen.add(s.path("name").asText() + "=" + s.path("status").asText()));
                if (done.test(upgrade)) {
                    return upgrade;
                }
            }
            Outbox.sleep(150);
        }
        throw new AssertionError("The upgrade did not finish: " + console.get("/api/upgrade"));
    }

    private static void awaitScanFinished(Browser console) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            JsonNode scan = console.get("/api/scans/current").json();
            if (TenantJourney.scanFinished(scan)) {
                return;
            }
            Outbox.sleep(500);
        }
        throw new AssertionError("The Threat Scan did not finish");
    }

    private static void awaitRule(String tenantId, String condition, String value) {
        awaitCondition(tenantId, rules -> rules.contains("\"" + condition + "\"") && rules.contains(value));
    }

    /** Waits at most a minute for the Mailmoat rules (as JSON text) to satisfy {@code test}. */
    private static void awaitCondition(String tenantId, Predicate<String> test) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String rules = "";
        while (Instant.now().isBefore(deadline)) {
            rules = ScanTenants.exchange(tenantId).path("transportRules").toString();
            if (test.test(rules)) {
                return;
            }
            Outbox.sleep(500);
        }
        throw new AssertionError("Not in Mailmoat's rules within a minute: " + rules);
    }

    private static JsonNode execution(String upgradeId) {
        for (JsonNode execution : Browser.forLocalStack().get("/local/executions").json()) {
            if (execution.path("name").asText().equals("upgrade-" + upgradeId)) {
                return execution;
            }
        }
        throw new AssertionError("No execution for upgrade " + upgradeId);
    }
}
