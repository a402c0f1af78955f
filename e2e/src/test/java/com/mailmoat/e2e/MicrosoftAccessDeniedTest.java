package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mailmoat's admin consent removed in Microsoft Entra (the simulator revokes it): a scan asked for afterwards does
 * not leave Home waiting in silence; the owner is told once that day what stopped and how to reconnect, and the
 * activity log says Microsoft 365 refused.
 */
class MicrosoftAccessDeniedTest {

    @Test
    void aScanMicrosoftRefusesIsExplainedOnceInsteadOfWaitingSilently() {
        ScanTenants.Loaded tenant = ScanTenants.generate("tailspin-refused", 31, 2, "0000c4a5-0000-4000-8000-0000000016c1");
        String email = SignupJourneyTest.newEmail();
        Browser console = SignupJourneyTest.signedInAdmin(email);
        ScanTenants.connect(console, tenant.adminUpn());
        TenantJourney.await("the first scan", Duration.ofMinutes(4), () -> console.get("/api/scans/current").json(),
                TenantJourney::scanFinished);

        assertThat(ScanTenants.simulator("DELETE", "/_sim/tenants/" + tenant.tenantId() + "/consent", null).statusCode())
                .isEqualTo(204);
        // Tokens issued before outlive a revocation until their hour is up, at Microsoft as in the simulator.
        assertThat(ScanTenants.simulator("POST", "/_sim/tokens/expire", null).statusCode()).isEqualTo(204);
        for (int ask = 0; ask < 2; ask++) {
            Browser.Response asked = console.postJson("/api/scans", Map.of());
            assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
            JsonNode current = TenantJourney.await("the request handled", Duration.ofMinutes(2),
                    () -> console.get("/api/scans/current").json(), scan -> !"REQUESTED".equals(scan.path("status").asText()));
            assertThat(current.path("kind").asText()).as("Home is back on the scan that ran").isEqualTo("FIRST");
        }

        JsonNode told = Outbox.awaitSubject(email, "Mailmoat can't reach your Microsoft 365 tenant");
        assertThat(told.path("text").asText()).contains("Re-confirm permissions").contains("did not run");
        Outbox.sleep(2000);
        assertThat(Outbox.count(email, "Mailmoat can't reach your Microsoft 365 tenant")).as("told once a day").isEqualTo(1);
        assertThat(console.get("/api/notifications").json().path("notifications").findValuesAsText("kind"))
                .containsOnlyOnce("MICROSOFT_ACCESS_DENIED");
        List<JsonNode> byMicrosoft = new ArrayList<>();
        console.get("/api/activity").json().path("items").forEach(entry -> {
            if ("Microsoft 365".equals(entry.path("actor").asText())) {
                byMicrosoft.add(entry);
            }
        });
        assertThat(byMicrosoft).singleElement().satisfies(entry ->
                assertThat(entry.path("summary").asText()).contains("did not run"));
    }
}
