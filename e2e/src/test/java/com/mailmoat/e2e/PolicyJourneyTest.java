package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Protection modes, Targeted To and policies through the built local runtime and the simulator:
 * the Default Policy is there, a mode change waits for re-consent, a Targeted To group gets the
 * mode and the rest keep theirs, sender lists reach the scan, bad input changes nothing, and one
 * account never sees another's policies.
 */
class PolicyJourneyTest {

    @Test
    void aModeChangeWaitsForReconsentAndATargetedGroupGetsTheModeWhileTheRestKeepTheirs() {
        ScanTenants.Loaded tenant = ScanTenants.generate("contoso-modes", 21, 4, "0000c4a5-0000-4000-8000-0000000000e1");
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        ScanTenants.connect(console, tenant.adminUpn());

        JsonNode policies = console.get("/api/policies").json();
        assertThat(policies.path("items").get(0).path("name").asText()).isEqualTo("Default Policy");
        assertThat(policies.path("items").get(0).path("default").asBoolean()).isTrue();

        // Straight to Protect from Threat Scan Only is the upgrade's job.
        Browser.Response tooEarly = console.send(java.net.http.HttpRequest.newBuilder(console.uri("/api/mode"))
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"mode\":\"PROTECT\",\"targetedTo\":{\"everyone\":true}}")));
        assertThat(tooEarly.status()).isEqualTo(409);
        assertThat(tooEarly.json().path("error").asText()).isEqualTo("upgrade_required");

        Browser.Response pending = putMode(console, "{\"mode\":\"DISABLED\",\"targetedTo\":{\"everyone\":true}}");
        assertThat(pending.status()).as(pending.toString()).isEqualTo(202);
        assertThat(pending.json().path("consentUrl").asText()).contains("/api/sso/consent?purpose=reconsent");
        JsonNode account = console.get("/api/account").json();
        assertThat(account.path("mode").asText()).isEqualTo("THREAT_SCAN_ONLY");
        assertThat(account.path("pendingMode").asText()).isEqualTo("DISABLED");

        ScanTenants.reconsent(console, tenant.adminUpn());
        account = console.get("/api/account").json();
        assertThat(account.path("mode").asText()).isEqualTo("DISABLED");
        assertThat(account.path("pendingMode").isNull()).isTrue();

        // The directory was imported after consent: target the Finance group with Protect.
        JsonNode finance = await(() -> console.get("/api/directory/groups?q=finance").json().path("items"), items -> items.size() == 1)
                .get(0);
        String member = await(() -> console.get("/api/directory/users?q=priya").json().path("items"), items -> items.size() == 1)
                .get(0).path("address").asText();
        // The daily schedule imports every connected tenant's directory again (run only in AWS otherwise).
        Instant imported = Instant.parse(console.get("/api/directory/groups").json().path("importedAt").asText());
        Browser.Response fired = console.postJson("/local/schedules/DirectoryScheduleFunction.Daily", Map.of());
        assertThat(fired.status()).as(fired.toString()).isEqualTo(200);
        await(() -> console.get("/api/directory/groups").json().path("importedAt").asText(),
                at -> !at.isEmpty() && Instant.parse(at).isAfter(imported));
        assertThat(putMode(console, "{\"mode\":\"PROTECT\",\"targetedTo\":{\"groups\":[\"" + finance.path("id").asText() + "\"]}}")
                .status()).isEqualTo(202);
        ScanTenants.reconsent(console, tenant.adminUpn());
        assertThat(console.get("/api/account").json().path("mode").asText()).isEqualTo("PROTECT");

        JsonNode inGroup = console.get("/api/policies/effective?sender=billing@outside.example&recipient=" + member).json();
        assertThat(inGroup.path("mode").asText()).isEqualTo("PROTECT");
        assertThat(inGroup.path("onMalicious").asText()).isEqualTo("QUARANTINE");
        JsonNode outside = console.get("/api/policies/effective?sender=billing@outside.example&recipient=" + tenant.adminUpn()).json();
        assertThat(outside.path("mode").asText()).isEqualTo("THREAT_SCAN_ONLY");
        assertThat(outside.path("reasons").toString()).contains("not in Targeted To");
    }

    @Test
    void aBlockedSendersMessageIsAlwaysADetection() throws IOException {
        ScanTenants.Loaded tenant = ScanTenants.generate("contoso-lists", 22, 3, "0000c4a5-0000-4000-8000-0000000000e2");
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        ScanTenants.connect(console, tenant.adminUpn());
        awaitScanFinished(console);
        // A sender of ordinary in-window mail, by the simulator's own listing: no threat, received last week.
        String cleanSender = cleanSender(tenant);
        assertThat(detectionsFrom(console, cleanSender)).as("not flagged before it is blocked").isZero();

        Browser.Response imported = console.postJson("/api/sender-lists/blocked/import",
                Map.of("csv", "value,note\n" + cleanSender + ",Compromised account", "mode", "add"));
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(console.postJson("/api/scans", Map.of()).status()).isEqualTo(202);
        awaitScanFinished(console, s -> "MANUAL".equals(s.path("kind").asText()));
        assertThat(detectionsFrom(console, cleanSender)).as("every message of the blocked sender").isPositive();
    }

    /**
     * Audit H1: an allow entry does not apply to a sender that fails authentication (Microsoft's Tenant
     * Allow/Block List); the spoofed "trusted" sender's phish is quarantined in Protect like any other,
     * and its detection says why the allow entry was not applied.
     */
    @Test
    void aPermittedSenderFailingAuthenticationIsQuarantinedInProtectAndTheDetectionSaysWhy() throws IOException {
        ScanTenants.Loaded tenant = ScanTenants.generate("contoso-permit", 24, 2, "0000c4a5-0000-4000-8000-0000000000e4");
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        ScanTenants.connect(console, tenant.adminUpn());
        awaitScanFinished(console);
        // The sender of the credential phish fixture is one the organisation says it trusts (e.g. a mis-set vendor tool).
        Browser.Response permitted = console.postJson("/api/sender-lists/permitted/import",
                Map.of("csv", "value,note\nsecurity-alert@micros0ft-account-verify.example,Vendor alerting tool", "mode", "add"));
        assertThat(permitted.status()).as(permitted.toString()).isEqualTo(200);

        assertThat(putMode(console, "{\"mode\":\"DISABLED\",\"targetedTo\":{\"everyone\":true}}").status()).isEqualTo(202);
        ScanTenants.reconsent(console, tenant.adminUpn());
        assertThat(putMode(console, "{\"mode\":\"PROTECT\",\"targetedTo\":{\"everyone\":true}}").status()).isEqualTo(202);
        ScanTenants.reconsent(console, tenant.adminUpn());
        assertThat(console.get("/api/account").json().path("mode").asText()).isEqualTo("PROTECT");

        // Both mailboxes subscribed for new mail.
        await(() -> console.get("/api/realtime/summary").json().path("protectedMailboxes").asInt(), n -> n == 2);
        // Malicious mail from anyone else is quarantined: Protect is on for this mailbox.
        String user = tenant.adminUpn().toLowerCase();
        JsonNode other = ScanTenants.deliver(tenant.tenantId(), user, fixture("phish-invoice-attachment.eml"));
        await(() -> simMessage(tenant, other), m -> m.path("folder").asText().startsWith("Mailmoat Quarantine"));

        // spf=fail, dmarc=fail, compauth=fail: the allow entry is not applied
        JsonNode trusted = ScanTenants.deliver(tenant.tenantId(), user, fixture("phish-password.eml"));
        await(() -> simMessage(tenant, trusted), m -> m.path("folder").asText().startsWith("Mailmoat Quarantine"));
        JsonNode detection = ThreatScanJourneyTest.allDetections(console, 200).stream()
                .filter(d -> d.path("sender").asText().equalsIgnoreCase("security-alert@micros0ft-account-verify.example")
                        && "REAL_TIME".equals(d.path("source").asText()))
                .findFirst().orElseThrow();
        JsonNode detail = console.get("/api/detections/" + detection.path("id").asText()).json();
        assertThat(detail.path("reasons").findValuesAsText("rule")).contains("POLICY_PERMITTED_BUT_FORGED")
                .doesNotContain("POLICY_PERMITTED_SENDER");
        assertThat(console.get("/api/policies/effective?sender=security-alert@micros0ft-account-verify.example&recipient=" + user)
                .json().path("reasons").toString()).contains("Allowed senders list").contains("passes authentication");
    }

    @Test
    void badInputIs400WithDetailsAndChangesNothingAndOtherAccountsPoliciesAreInvisible() {
        ScanTenants.Loaded tenant = ScanTenants.generate("contoso-input", 23, 2, "0000c4a5-0000-4000-8000-0000000000e3");
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        ScanTenants.connect(console, tenant.adminUpn());

        Browser.Response unknownMode = putMode(console, "{\"mode\":\"LOUD\",\"targetedTo\":{\"everyone\":true}}");
        assertThat(unknownMode.status()).isEqualTo(400);
        assertThat(unknownMode.body()).contains("\"field\":\"mode\"");
        Browser.Response emptyTarget = putMode(console, "{\"mode\":\"DISABLED\",\"targetedTo\":{\"users\":[],\"groups\":[]}}");
        assertThat(emptyTarget.status()).isEqualTo(400);
        assertThat(emptyTarget.body()).contains("targetedTo");
        assertThat(console.get("/api/account").json().path("pendingMode").isNull()).isTrue();

        Browser.Response badCsv = console.postJson("/api/sender-lists/permitted/import",
                Map.of("csv", "partner.example\nthis is not a sender\nother.example", "mode", "replace"));
        assertThat(badCsv.status()).isEqualTo(400);
        assertThat(badCsv.body()).contains("line 2");
        assertThat(console.get("/api/sender-lists/permitted").json().path("entries")).isEmpty();

        Browser.Response created = console.postJson("/api/policies", Map.of("name", "Payroll", "priority", 10, "mode", "MONITOR",
                "target", Map.of("senders", List.of("payroll.example"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        Browser other = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        assertThat(other.get("/api/policies/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/policies").json().path("items").findValuesAsText("name")).doesNotContain("Payroll");
    }

    // --- helpers --------------------------------------------------------------------------------

    /** A fixture email with a fresh Message-ID, so each delivery is a new message. */
    private static byte[] fixture(String name) throws IOException {
        return Files.readString(LocalStack.root().resolve("e2e/src/test/resources/realmail/" + name))
                .replaceFirst("(?mi)^Message-ID:.*$", "Message-ID: <" + java.util.UUID.randomUUID() + "@policy.test>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Where a delivered message is now, by its immutable id. */
    private static JsonNode simMessage(ScanTenants.Loaded tenant, JsonNode delivered) {
        return ScanTenants.messages(tenant.tenantId()).stream()
                .filter(m -> m.path("immutableId").asText().equals(delivered.path("immutableId").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("No message " + delivered));
    }

    private static Browser.Response putMode(Browser console, String body) {
        return console.send(java.net.http.HttpRequest.newBuilder(console.uri("/api/mode"))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode awaitScanFinished(Browser console) {
        return awaitScanFinished(console, s -> true);
    }

    private static JsonNode awaitScanFinished(Browser console, java.util.function.Predicate<JsonNode> which) {
        return await(() -> {
            Browser.Response current = console.get("/api/scans/current");
            return current.status() == 200 ? current.json() : Browser.JSON.createObjectNode();
        }, scan -> which.test(scan) && TenantJourney.scanFinished(scan));
    }

    private static <T> T await(java.util.function.Supplier<T> read, java.util.function.Predicate<T> done) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Outbox.sleep(500);
        }
        throw new AssertionError("Timed out; last seen: " + last);
    }

    private static long detectionsFrom(Browser console, String sender) {
        return ThreatScanJourneyTest.allDetections(console, 200).stream()
                .filter(d -> d.path("sender").asText().equalsIgnoreCase(sender)).count();
    }

    /** The From address of an external, in-window message the simulator did not plant as a threat. */
    private static String cleanSender(ScanTenants.Loaded tenant) throws IOException {
        Map<String, JsonNode> byMessageId = new java.util.HashMap<>();
        ScanTenants.messages(tenant.tenantId()).forEach(m -> byMessageId.put(m.path("internetMessageId").asText(), m));
        Pattern from = Pattern.compile("(?m)^From:.*<([^>]+)>");
        Pattern messageId = Pattern.compile("(?mi)^Message-ID:\\s*(<[^>]+>)");
        Instant since = Instant.now().minus(Duration.ofDays(20));
        try (Stream<Path> files = Files.walk(tenant.dir().resolve("mailboxes"))) {
            for (Path eml : files.filter(p -> p.toString().endsWith(".eml")).sorted().toList()) {
                String text = Files.readString(eml);
                Matcher sender = from.matcher(text);
                Matcher id = messageId.matcher(text);
                if (!sender.find() || !id.find()) {
                    continue;
                }
                JsonNode message = byMessageId.get(id.group(1));
                String address = sender.group(1).toLowerCase();
                if (message != null && !message.path("threat").asBoolean() && !address.endsWith("@contoso-lists.example")
                        && Instant.parse(message.path("receivedDateTime").asText()).isAfter(since)) {
                    return address;
                }
            }
        }
        throw new AssertionError("No clean external sender found");
    }
}
