package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Remove Threats while Microsoft misbehaves (the simulator throttles with 429, answers 503 and
 * 504, and commits moves and folder creations before answering 504/503) and users change their
 * mailboxes between the scan and the removal: the job completes with exact counts and no message
 * is moved twice.
 */
class RemediationUnderFaultsTest {
    private static final String FAULTS = "throttle=0.15,unavailable=0.05,gatewayTimeout=0.05,commitThenFail=0.35,"
            + "retryAfter=1,seed=11";
    private static LocalStack stack;
    private static TenantJourney admin;
    private static JsonNode scan;

    @BeforeAll
    static void aTenantScannedUnderFaults() {
        var tenant = TenantJourney.generate(TenantJourney.temporaryDirectory(), 13, "fabrikam-faults-e2e.example");
        stack = LocalStack.startWith(List.of("--sim-tenant", tenant.dir().toString(), "--sim-faults", FAULTS));
        admin = TenantJourney.signUp(stack, tenant);
        admin.connect();
        scan = admin.awaitScan();
        assertThat(scan.path("threatsFound").asInt()).isGreaterThanOrEqualTo(8);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theJobCompletesWithExactCountsAndNoMessageMovedTwice() {
        List<JsonNode> threats = admin.detections(scan.path("id").asText());
        // Between the scan and the removal, one user deletes a threat and another files one in Junk Email.
        JsonNode deleted = threats.get(0);
        JsonNode filed = threats.get(1);
        String deletedId = admin.message(deleted.path("mailbox").asText(), deleted.path("internetMessageId").asText())
                .path("immutableId").asText();
        admin.userDeletes(deleted.path("mailbox").asText(), deletedId);
        admin.userMoves(filed.path("mailbox").asText(), admin.message(filed.path("mailbox").asText(),
                filed.path("internetMessageId").asText()).path("immutableId").asText(), "junkemail");

        JsonNode job = admin.remediateAndWait(Map.of("action", "REMOVE", "scanId", scan.path("id").asText(), "confirm", true));
        assertThat(job.path("total").asInt()).isEqualTo(threats.size());
        assertThat(job.path("failed").asInt()).as(job.toString()).isZero();
        assertThat(job.path("alreadyGone").asInt()).isEqualTo(1);
        assertThat(job.path("done").asInt()).isEqualTo(threats.size() - 1);
        assertThat(admin.summary().path("quarantined").asInt()).isEqualTo(job.path("done").asInt());
        for (JsonNode threat : threats.subList(1, threats.size())) {
            JsonNode message = admin.message(threat.path("mailbox").asText(), threat.path("internetMessageId").asText());
            assertThat(message.path("folder").asText()).isEqualTo("Mailmoat Quarantine");
            assertThat(message.path("graphMoves").asInt()).as("moved exactly once: " + message).isEqualTo(1);
        }
        JsonNode gone = admin.detection(deleted.path("id").asText());
        assertThat(gone.path("messageGone").asBoolean()).isTrue();
        assertThat(gone.path("history").get(0).path("outcome").asText()).isEqualTo("ALREADY_GONE");
        // One quarantine folder per mailbox, though creations were answered with errors after they happened.
        for (String mailbox : threats.stream().map(t -> t.path("mailbox").asText()).distinct().toList()) {
            assertThat(admin.messages(mailbox).stream().filter(m -> m.path("folder").asText().equals("Mailmoat Quarantine"))
                    .map(m -> m.path("folderId").asText()).distinct()).hasSizeLessThanOrEqualTo(1);
        }

        // The faults did happen: moves Microsoft applied but answered with an error were located, not resent.
        assertThat(String.join("\n", stack.output())).contains("located the message instead of resending it");

        admin.awaitEmail("Threats removed: " + job.path("done").asInt() + " of " + threats.size());
        Outbox.sleep(2000);
        assertThat(admin.emails("Threats removed")).hasSize(1);

        // Repeating it moves nothing.
        assertThat(admin.remediate(Map.of("action", "REMOVE", "scanId", scan.path("id").asText(), "confirm", true)).status())
                .isEqualTo(409);
        for (JsonNode threat : threats.subList(1, threats.size())) {
            assertThat(admin.message(threat.path("mailbox").asText(), threat.path("internetMessageId").asText())
                    .path("graphMoves").asInt()).isEqualTo(1);
        }
    }
}
