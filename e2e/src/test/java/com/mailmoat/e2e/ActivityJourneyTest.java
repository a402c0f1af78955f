package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The activity log through the built local runtime over HTTP: an administrator connects Microsoft 365,
 * changes the mode (asked for, then applied at Microsoft re-consent), a policy and the Blocked senders
 * list, and reads it all back newest first, by their address, a page at a time; another account reads none of it, and nobody
 * without a session reads anything.
 */
class ActivityJourneyTest {

    @Test
    void modePolicyAndSenderListChangesAreReadBackNewestFirstByTheirAdministratorOnly() {
        ScanTenants.Loaded tenant = ScanTenants.generate("contoso-activity", 27, 2, "0000c4a5-0000-4000-8000-0000000000f7");
        String email = SignupJourneyTest.newEmail();
        Browser console = SignupJourneyTest.signedInAdmin(email);
        ScanTenants.connect(console, tenant.adminUpn());
        JsonNode connected = console.get("/api/activity").json().path("items");
        assertThat(connected).extracting(e -> e.path("kind").asText()).as("the sign-in, then the connection")
                .containsExactly("MICROSOFT_365_CONNECTED", "SIGNED_IN");
        assertThat(connected.get(1).path("summary").asText()).isEqualTo("Signed in as Owner (password; two-step sign-in is off)");
        assertThat(connected.get(0).path("summary").asText()).startsWith("Connected the Microsoft 365 tenant ")
                .contains("0000c4a5-0000-4000-8000-0000000000f7").contains("consent granted by " + tenant.adminUpn());

        Browser.Response pending = console.send(HttpRequest.newBuilder(console.uri("/api/mode"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\":\"DISABLED\",\"targetedTo\":{\"everyone\":true}}")));
        assertThat(pending.status()).as(pending.toString()).isEqualTo(202);
        ScanTenants.reconsent(console, tenant.adminUpn());
        Browser.Response policy = console.postJson("/api/policies", Map.of("name", "Finance", "priority", 40,
                "mode", "PROTECT", "target", Map.of("recipients", List.of(tenant.adminUpn()))));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(201);
        Browser.Response blocked = console.postJson("/api/sender-lists/blocked/entries",
                Map.of("value", "*@invoices-overdue.example", "note", "Phishing campaign"));
        assertThat(blocked.status()).as(blocked.toString()).isBetween(200, 201);

        JsonNode first = console.get("/api/activity?limit=2").json();
        JsonNode second = console.get("/api/activity?limit=2&cursor=" + first.path("nextCursor").asText()).json();
        List<JsonNode> entries = new ArrayList<>();
        first.path("items").forEach(entries::add);
        second.path("items").forEach(entries::add);
        assertThat(entries).extracting(e -> e.path("kind").asText()).containsExactly("SENDER_LIST_ENTRY_ADDED",
                "POLICY_CREATED", "MODE_CHANGED", "MODE_CHANGE_REQUESTED");
        assertThat(entries).allSatisfy(e -> assertThat(e.path("actor").asText()).isEqualTo(email));
        assertThat(entries.get(0).path("summary").asText())
                .isEqualTo("Added invoices-overdue.example to the Blocked senders list");
        assertThat(entries.get(1).path("summary").asText()).isEqualTo("Created the policy \u201cFinance\u201d (priority 40, Protect)");
        assertThat(entries.get(2).path("summary").asText()).isEqualTo("Switched from Threat Scan only to Disabled for "
                + "everyone (Microsoft 365 permissions re-confirmed)");
        assertThat(entries).extracting(e -> e.path("at").asText()).isSortedAccordingTo((a, b) -> b.compareTo(a));
        JsonNode third = console.get("/api/activity?limit=2&cursor=" + second.path("nextCursor").asText()).json();
        assertThat(third.path("items")).extracting(e -> e.path("kind").asText())
                .containsExactly("MICROSOFT_365_CONNECTED", "SIGNED_IN");

        Browser other = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        assertThat(other.get("/api/activity").json().path("items")).extracting(e -> e.path("kind").asText())
                .as("only its own sign-in").containsExactly("SIGNED_IN");
        Browser.Response otherWithCursor = other.get("/api/activity?cursor=" + first.path("nextCursor").asText());
        assertThat(otherWithCursor.status()).isEqualTo(200);
        assertThat(otherWithCursor.body()).doesNotContain("MODE_CHANGE");
        Browser.Response anonymous = Browser.forLocalStack().get("/api/activity");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("error").asText()).isEqualTo("unauthorized");
    }
}
