package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Remove Threats and Release end to end, on a local runtime of its own with a generated tenant:
 * every threat of the first Threat Scan goes to its mailbox's quarantine folder and is no longer
 * where it was (the simulator counts the quarantined messages), one is released back to where it
 * came from, the completion email and notice arrive once each, repeating the request moves nothing,
 * another account cannot touch any of it, and the trial tracker tells the administrator once.
 */
class RemediationJourneyTest {
    private static LocalStack stack;
    private static TenantJourney admin;
    private static JsonNode scan;

    @BeforeAll
    static void aConnectedTenantWhoseFirstScanFoundThreats() {
        var tenant = TenantJourney.generate(TenantJourney.temporaryDirectory(), 7, "northwind-e2e.example");
        stack = LocalStack.startWith(List.of("--sim-tenant", tenant.dir().toString()));
        admin = TenantJourney.signUp(stack, tenant);
        admin.connect();
        scan = admin.awaitScan();
        assertThat(scan.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(scan.path("threatsFound").asInt()).as("the generated tenant's planted threats").isPositive();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void removeEveryThreatOfTheScanReleaseOneAndRepeatNothing() {
        String scanId = scan.path("id").asText();
        List<JsonNode> threats = admin.detections(scanId);
        assertThat(threats).hasSize(scan.path("threatsFound").asInt());
        assertThat(admin.summary().path("quarantined").asInt()).isZero();

        // Without confirmation nothing happens.
        Browser.Response unconfirmed = admin.remediate(Map.of("action", "REMOVE", "scanId", scanId));
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.json().path("error").asText()).isEqualTo("confirmation_required");
        assertThat(admin.remediate(Map.of("action", "REMOVE", "detectionIds", List.of(), "confirm", true)).status())
                .isEqualTo(400);
        assertThat(admin.summary().path("quarantined").asInt()).isZero();

        JsonNode job = admin.remediateAndWait(Map.of("action", "REMOVE", "scanId", scanId, "confirm", true));
        assertThat(job.path("total").asInt()).isEqualTo(threats.size());
        assertThat(job.path("done").asInt()).isEqualTo(threats.size());
        assertThat(job.path("alreadyGone").asInt()).isZero();
        assertThat(job.path("failed").asInt()).isZero();
        assertThat(job.path("requestedBy").asText()).isEqualTo(admin.email);
        assertThat(admin.summary().path("quarantined").asInt()).isEqualTo(job.path("done").asInt());
        for (JsonNode threat : threats) {
            JsonNode message = admin.message(threat.path("mailbox").asText(), threat.path("internetMessageId").asText());
            JsonNode detail = admin.detection(threat.path("id").asText());
            assertThat(message.path("folder").asText()).isEqualTo("Mailmoat Quarantine");
            assertThat(admin.folders(threat.path("mailbox").asText())).as("the mailbox's folders")
                    .filteredOn(f -> f.path("displayName").asText().equals("Mailmoat Quarantine"))
                    .singleElement().satisfies(f -> {
                        assertThat(f.path("id").asText()).isEqualTo(message.path("folderId").asText());
                        assertThat(f.path("isHidden").asBoolean()).as("hidden from the user").isTrue();
                    });
            assertThat(message.path("graphMoves").asInt()).as("moved exactly once").isEqualTo(1);
            assertThat(detail.path("status").asText()).isEqualTo("REMOVED");
            assertThat(detail.path("folderId").asText()).isEqualTo(message.path("folderId").asText())
                    .isNotEqualTo(detail.path("originalFolderId").asText());
            assertThat(detail.path("history").get(0).path("by").asText()).isEqualTo(admin.email);
            assertThat(detail.path("history").get(0).path("jobId").asText()).isEqualTo(job.path("id").asText());
        }

        // The completion email and notice arrive once each.
        JsonNode email = admin.awaitEmail("Threats removed: " + threats.size() + " of ");
        assertThat(email.path("text").asText()).contains("Moved to quarantine | " + threats.size());
        Outbox.sleep(2000);
        assertThat(admin.emails("Threats removed")).hasSize(1);
        JsonNode notices = admin.console.get("/api/notifications").json();
        assertThat(notices.path("notifications").findValuesAsText("kind")).containsOnlyOnce("REMEDIATION_COMPLETE");
        assertThat(notices.path("unread").asInt()).isPositive();

        // Repeating the same request moves nothing twice.
        Browser.Response again = admin.remediate(Map.of("action", "REMOVE", "scanId", scanId, "confirm", true));
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        Browser.Response byIds = admin.remediate(Map.of("action", "REMOVE",
                "detectionIds", List.of(threats.get(0).path("id").asText()), "confirm", true));
        assertThat(byIds.status()).isEqualTo(409);
        assertThat(admin.summary().path("quarantined").asInt()).isEqualTo(threats.size());

        // Release one: back where it came from.
        JsonNode released = threats.get(0);
        JsonNode releasedDetail = admin.detection(released.path("id").asText());
        JsonNode releaseJob = admin.remediateAndWait(Map.of("action", "RELEASE",
                "detectionIds", List.of(released.path("id").asText()), "confirm", true));
        assertThat(releaseJob.path("done").asInt()).isEqualTo(1);
        JsonNode back = admin.message(released.path("mailbox").asText(), released.path("internetMessageId").asText());
        assertThat(back.path("folderId").asText()).isEqualTo(releasedDetail.path("originalFolderId").asText());
        assertThat(back.path("graphMoves").asInt()).isEqualTo(2);
        assertThat(admin.summary().path("quarantined").asInt()).isEqualTo(threats.size() - 1);
        JsonNode after = admin.detection(released.path("id").asText());
        assertThat(after.path("status").asText()).isEqualTo("RELEASED");
        assertThat(after.path("history").findValuesAsText("action")).containsExactly("REMOVE", "RELEASE");
        admin.awaitEmail("Release complete: 1 of 1 message released");
        Outbox.sleep(1000);
        assertThat(admin.emails("Release complete")).hasSize(1);

        // Read state of the notification area.
        JsonNode readAll = admin.console.postJson("/api/notifications/read-all", Map.of()).json();
        assertThat(readAll.path("unread").asInt()).isZero();

        // Another account: the ids are unknown to it, and nothing of ours moves.
        TenantJourney stranger = TenantJourney.signUp(stack, admin.tenant);
        Browser.Response foreign = stranger.remediate(Map.of("action", "RELEASE",
                "detectionIds", List.of(threats.get(1).path("id").asText()), "confirm", true));
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
        assertThat(stranger.console.get("/api/detections/" + threats.get(1).path("id").asText()).status()).isEqualTo(404);
        assertThat(stranger.console.get("/api/remediations/" + job.path("id").asText()).status()).isEqualTo(404);
        assertThat(stranger.remediate(Map.of("action", "REMOVE", "scanId", scanId, "confirm", true)).status())
                .isEqualTo(404);
        assertThat(admin.summary().path("quarantined").asInt()).isEqualTo(threats.size() - 1);
        assertThat(admin.detection(threats.get(1).path("id").asText()).path("status").asText()).isEqualTo("REMOVED");
    }

    @Test
    void theDailyTrialCheckSaysSevenDaysOnceAndTheAccountCountsDown() {
        TenantJourney trial = TenantJourney.signUp(stack, admin.tenant);
        assertThat(trial.console.get("/api/account").json().path("trialDaysLeft").asInt()).isEqualTo(30);
        trial.fireSchedule("TrialTrackerFunction.Daily");
        Outbox.sleep(1000);
        assertThat(trial.emails("trial ends")).isEmpty();

        trial.setTrialEnd(Instant.now().plus(Duration.ofDays(6)).plus(Duration.ofHours(12)));
        assertThat(trial.console.get("/api/account").json().path("trialDaysLeft").asInt()).isEqualTo(7);
        trial.fireSchedule("TrialTrackerFunction.Daily");
        trial.fireSchedule("TrialTrackerFunction.Daily");
        trial.awaitEmail("Your Mailmoat trial ends in 7 days");
        Outbox.sleep(1500);
        assertThat(trial.emails("trial ends")).hasSize(1);

        trial.setTrialEnd(Instant.now().plus(Duration.ofHours(20)));
        trial.fireSchedule("TrialTrackerFunction.Daily");
        // Twenty hours left may end later today: the email does not say "tomorrow".
        assertThat(trial.awaitEmail("Your Mailmoat trial ends within a day").path("text").asText())
                .as("not upgraded yet: straight to the upgrade page").contains("#/upgrade");
        trial.fireSchedule("TrialTrackerFunction.Daily");
        Outbox.sleep(1500);
        assertThat(trial.emails("trial ends")).hasSize(2);
        assertThat(trial.console.get("/api/notifications").json().path("notifications").findValuesAsText("kind"))
                .containsExactly("TRIAL_ENDING", "TRIAL_ENDING");
    }
}
