package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Releasing everything in quarantine before leaving, through the built local runtime and the simulated
 * tenant: every threat of the first Threat Scan is removed, offboarding asks first (409 with how many),
 * the administrator releases them all in one job (asking twice joins it), each message is back in the
 * folder it came from in its mailbox (the simulator says where), the completion email says it was
 * everything in quarantine, and offboarding then goes through without {@code keepQuarantined}.
 */
class QuarantineReleaseJourneyTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String PASSWORD = SignupJourneyTest.STRONG_PASSWORD;

    @Test
    void removeThreatsReleaseEverythingInQuarantineThenOffboardWithNothingLeftBehind() {
        ScanTenants.Loaded tenant = ScanTenants.generate("fourthcoffee-release", 41, 3, "0000c4a5-0000-4000-8000-0000000000a2");
        String email = SignupJourneyTest.newEmail();
        Browser console = SignupJourneyTest.signedInAdmin(email);
        ScanTenants.connect(console, tenant.adminUpn());
        awaitTrue("the first scan finds threats", () -> console.get("/api/scans/current").json().path("status").asText()
                .equals("COMPLETED") && console.get("/api/detections").json().path("items").size() > 0);
        String scanId = console.get("/api/scans/current").json().path("id").asText();
        List<JsonNode> threats = new java.util.ArrayList<>();
        console.get("/api/detections?limit=200&scanId=" + scanId).json().path("items").forEach(threats::add);
        assertThat(threats).isNotEmpty();
        // Where each message was before Mailmoat touched it.
        Map<String, String> before = new HashMap<>();
        for (JsonNode threat : threats) {
            before.put(threat.path("id").asText(), where(tenant, threat));
        }
        assertThat(before.values()).as("every threat found in its mailbox").doesNotContainNull();

        Browser.Response removal = console.postJson("/api/remediations", Map.of("action", "REMOVE", "scanId", scanId,
                "confirm", true));
        assertThat(removal.status()).as(removal.toString()).isEqualTo(202);
        awaitJob(console, removal.json().path("id").asText());
        for (JsonNode threat : threats) {
            assertThat(where(tenant, threat)).as("removed").isEqualTo("Mailmoat Quarantine");
        }

        Browser.Response held = console.postJson("/api/offboard", Map.of("confirm", true, "password", PASSWORD));
        assertThat(held.status()).as(held.toString()).isEqualTo(409);
        assertThat(held.json().path("error").asText()).isEqualTo("quarantine_not_empty");
        assertThat(held.json().path("details").toString()).contains(threats.size() + " messages are in quarantine");

        JsonNode counted = console.get("/api/remediations/preview?inQuarantine=true").json();
        assertThat(counted.path("total").asInt()).as("the confirmation's number").isEqualTo(threats.size());
        assertThat(counted.path("more").asBoolean()).isFalse();
        Browser.Response removeAll = console.postJson("/api/remediations", Map.of("action", "REMOVE", "inQuarantine", true,
                "confirm", true));
        assertThat(removeAll.status()).as("what is in quarantine can only be released").isEqualTo(400);

        Map<String, Object> releaseAll = Map.of("action", "RELEASE", "inQuarantine", true, "confirm", true);
        Browser.Response started = console.postJson("/api/remediations", releaseAll);
        Browser.Response again = console.postJson("/api/remediations", releaseAll);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.json().path("total").asInt()).isEqualTo(threats.size());
        assertThat(started.json().path("inQuarantine").asBoolean()).isTrue();
        String jobId = started.json().path("id").asText();
        if (again.status() == 202) {
            assertThat(again.json().path("joined").asBoolean()).as("a second click follows the running job").isTrue();
            assertThat(again.json().path("id").asText()).isEqualTo(jobId);
        } else {
            // The first finished before the second arrived: nothing was left to release.
            assertThat(again.status()).as(again.toString()).isEqualTo(409);
        }
        JsonNode job = awaitJob(console, jobId);
        assertThat(job.path("done").asInt()).isEqualTo(threats.size());
        assertThat(job.path("failed").asInt()).isZero();
        assertThat(job.path("inQuarantine").asBoolean()).isTrue();

        for (JsonNode threat : threats) {
            assertThat(where(tenant, threat)).as("back where it came from").isEqualTo(before.get(threat.path("id").asText()));
            assertThat(console.get("/api/detections/" + threat.path("id").asText()).json().path("status").asText())
                    .isEqualTo("RELEASED");
        }
        assertThat(threats).as("most planted threats came to the inbox")
                .anySatisfy(threat -> assertThat(where(tenant, threat)).isEqualTo("Inbox"));
        assertThat(ScanTenants.messages(tenant.tenantId())).as("nothing is left in quarantine")
                .noneMatch(m -> m.path("folder").asText().equals("Mailmoat Quarantine"));
        JsonNode notice = Outbox.awaitSubject(email, "Quarantine released: " + threats.size() + " of ");
        assertThat(notice.path("text").asText()).contains("Everything in quarantine was released");
        assertThat(console.get("/api/remediations/preview?inQuarantine=true").json().path("total").asInt()).isZero();

        Browser.Response offboarded = console.postJson("/api/offboard", Map.of("confirm", true, "password", PASSWORD));
        assertThat(offboarded.status()).as("nothing left in quarantine: no keepQuarantined needed: " + offboarded)
                .isEqualTo(200);
    }

    /**
     * A mailbox whose Mailmoat Quarantine folder was made visible, before Mailmoat created it hidden: the
     * scan names it to the administrator, removals go on using it (Graph cannot hide it), and the other
     * mailboxes get hidden folders and are not named.
     */
    @Test
    void aMailboxThatKeptAVisibleQuarantineFolderIsNamedToTheAdministrator() {
        String[] legacy = new String[1];
        ScanTenants.Loaded tenant = ScanTenants.generate("fourthcoffee-legacy", 43, 3, "0000c4a5-0000-4000-8000-0000000000a3",
                dir -> legacy[0] = withVisibleQuarantineFolder(dir));
        String email = SignupJourneyTest.newEmail();
        Browser console = SignupJourneyTest.signedInAdmin(email);
        assertThat(console.get("/api/quarantine/folders").json().path("visible").asInt()).isZero();
        ScanTenants.connect(console, tenant.adminUpn());
        awaitTrue("the first scan finds threats", () -> console.get("/api/scans/current").json().path("status").asText()
                .equals("COMPLETED") && console.get("/api/detections").json().path("items").size() > 0);

        JsonNode named = console.get("/api/quarantine/folders").json();
        assertThat(named.path("visible").asInt()).as(named.toString()).isEqualTo(1);
        assertThat(named.path("mailboxes").findValuesAsText("mailbox")).containsExactly(legacy[0]);

        String scanId = console.get("/api/scans/current").json().path("id").asText();
        Browser.Response removal = console.postJson("/api/remediations", Map.of("action", "REMOVE", "scanId", scanId,
                "confirm", true));
        assertThat(removal.status()).as(removal.toString()).isEqualTo(202);
        awaitJob(console, removal.json().path("id").asText());
        List<JsonNode> quarantines = new java.util.ArrayList<>();
        readJson(ScanTenants.simulator("GET", "/_sim/tenants/" + tenant.tenantId() + "/mailboxes/" + legacy[0]
                + "/folders", null).body()).path("value").forEach(f -> {
                    if (f.path("displayName").asText().equals("Mailmoat Quarantine")) {
                        quarantines.add(f);
                    }
                });
        assertThat(quarantines).as("no second folder of that name: the visible one is kept").singleElement()
                .satisfies(f -> assertThat(f.path("isHidden").asBoolean()).isFalse());
        List<JsonNode> legacyThreats = new java.util.ArrayList<>();
        console.get("/api/detections?limit=200&scanId=" + scanId).json().path("items").forEach(d -> {
            if (d.path("mailbox").asText().equals(legacy[0])) {
                legacyThreats.add(d);
            }
        });
        for (JsonNode threat : legacyThreats) {
            assertThat(where(tenant, threat)).as("removed into the visible folder").isEqualTo("Mailmoat Quarantine");
        }
        assertThat(console.get("/api/quarantine/folders").json().path("mailboxes").findValuesAsText("mailbox"))
                .as("the others' new folders are hidden").containsExactly(legacy[0]);
    }

    /** Puts one ordinary message of the first mailbox into a visible "Mailmoat Quarantine" folder; its address. */
    private static String withVisibleQuarantineFolder(java.nio.file.Path dir) {
        try (var mailboxes = java.nio.file.Files.list(dir.resolve("mailboxes"))) {
            java.nio.file.Path mailbox = mailboxes.sorted().findFirst().orElseThrow();
            java.nio.file.Path list = mailbox.resolve("messages.json");
            com.fasterxml.jackson.databind.node.ArrayNode messages =
                    (com.fasterxml.jackson.databind.node.ArrayNode) Browser.JSON.readTree(list.toFile());
            for (JsonNode message : messages) {
                if (!message.path("threat").asBoolean() && message.path("folder").asText().equals("inbox")) {
                    // The simulator makes a folder named in messages.json as a user would: visible.
                    ((com.fasterxml.jackson.databind.node.ObjectNode) message).put("folder", "Mailmoat Quarantine");
                    break;
                }
            }
            java.nio.file.Files.writeString(list, messages.toPrettyString());
            return mailbox.getFileName().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The folder (by name) the simulator holds the detection's message in now, in the detection's mailbox. */
    private static String where(ScanTenants.Loaded tenant, JsonNode threat) {
        String internetMessageId = threat.path("internetMessageId").asText();
        java.net.http.HttpResponse<String> listed = ScanTenants.simulator("GET", "/_sim/tenants/" + tenant.tenantId()
                + "/mailboxes/" + threat.path("mailbox").asText() + "/messages", null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        try {
            for (JsonNode message : Browser.JSON.readTree(listed.body()).path("value")) {
                if (message.path("internetMessageId").asText().equals(internetMessageId)) {
                    return message.path("folder").asText();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return null;
    }

    private static JsonNode readJson(String body) {
        try {
            return Browser.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode awaitJob(Browser console, String id) {
        JsonNode[] last = new JsonNode[1];
        awaitTrue("remediation " + id + " completes", () -> {
            last[0] = console.get("/api/remediations/" + id).json();
            return last[0].path("status").asText().equals("COMPLETED");
        });
        return last[0];
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            Outbox.sleep(500);
        }
        throw new AssertionError("Not in " + TIMEOUT + ": " + what);
    }
}
