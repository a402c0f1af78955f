package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A team on one account, over HTTP against the local runtime and then in the console: the owner
 * invites an analyst, the analyst chooses a password from the emailed link (the sign-up's page),
 * signs in with their own address, sees the account's data, may start a removal but not change the
 * mode or the team, is named in the activity log, and is signed out at once when removed. Another
 * account's owner sees none of it.
 */
class TeamJourneyTest {
    private static final String PASSWORD = SignupJourneyTest.STRONG_PASSWORD;

    private static String memberEmail() {
        return "analyst+" + UUID.randomUUID().toString().substring(0, 8) + "@fabrikam.example";
    }

    private static Browser.Response put(Browser browser, String path, Object body) {
        return browser.send(HttpRequest.newBuilder(URI.create(LocalStack.get().consoleUrl() + path.substring(1)))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(Browser.write(body))));
    }

    private static Browser.Response delete(Browser browser, String path) {
        return browser.send(HttpRequest.newBuilder(URI.create(LocalStack.get().consoleUrl() + path.substring(1))).DELETE());
    }

    /** Invites {@code email} as {@code role}, sets the password from the invitation and signs in: the member's browser. */
    static Browser invitedAndSignedIn(Browser owner, String email, String role) {
        Browser.Response invited = owner.postJson("/api/team", Map.of("email", email, "role", role));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        JsonNode invitation = Outbox.awaitSubject(email, "You are invited to Mailmoat");
        String link = Outbox.firstLink(invitation);
        assertThat(link).startsWith(LocalStack.get().consoleUrl() + "set-password?token=");
        Browser member = Browser.forLocalStack();
        assertThat(member.get(link).status()).as("the sign-up's set-password page").isEqualTo(200);
        String token = URI.create(link).getQuery().replaceFirst("^token=", "");
        Browser.Response set = member.postJson("/api/password", Map.of("token", token, "password", PASSWORD));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(member.postJson("/api/password", Map.of("token", token, "password", PASSWORD)).status())
                .as("the invitation works once").isEqualTo(400);
        Browser.Response login = member.postJson("/api/login", Map.of("email", email, "password", PASSWORD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return member;
    }

    @Test
    void anAnalystJoinsSeesTheAccountHandlesThreatsButCannotChangeProtectionAndIsSignedOutWhenRemoved() {
        String ownerEmail = SignupJourneyTest.newEmail();
        Browser owner = SignupJourneyTest.signedInAdmin(ownerEmail);
        String analystEmail = memberEmail();

        Browser analyst = invitedAndSignedIn(owner, analystEmail, "ANALYST");
        JsonNode account = analyst.get("/api/account").json();
        assertThat(account.path("email").asText()).as("the owner's account").isEqualTo(ownerEmail);
        assertThat(account.path("signedInAs").path("email").asText()).isEqualTo(analystEmail);
        assertThat(account.path("signedInAs").path("role").asText()).isEqualTo("ANALYST");
        assertThat(analyst.get("/api/detections").status()).isEqualTo(200);
        assertThat(analyst.get("/api/detections/export").status()).isEqualTo(200);

        // Handling threats passes the role check (this account has nothing to remove yet: the answer says so).
        Browser.Response removal = analyst.postJson("/api/remediations",
                Map.of("action", "REMOVE", "detectionIds", List.of("no-such-detection"), "confirm", true));
        assertThat(removal.status()).as(removal.toString()).isNotEqualTo(403);
        assertThat(removal.body()).doesNotContain("forbidden_for_role");
        // Changing protection, the team or the account is refused, saying who may.
        Browser.Response mode = put(analyst, "/api/mode", Map.of("mode", "PROTECT"));
        assertThat(mode.status()).isEqualTo(403);
        assertThat(mode.json().path("error").asText()).isEqualTo("forbidden_for_role");
        assertThat(mode.json().path("details").asText())
                .isEqualTo("Only the owner or an Administrator can do this; your role is Analyst.");
        Browser.Response invite = analyst.postJson("/api/team", Map.of("email", memberEmail(), "role", "ADMINISTRATOR"));
        assertThat(invite.status()).isEqualTo(403);
        assertThat(invite.json().path("details").asText()).isEqualTo("Only the account's owner can do this.");
        assertThat(analyst.postJson("/api/account/close", Map.of("password", PASSWORD, "confirm", ownerEmail)).status())
                .isEqualTo(403);
        assertThat(put(analyst, "/api/sender-lists/blocked", Map.of("entries", List.of())).status()).isEqualTo(403);

        // The same address cannot join twice, nor another account; the owner's cannot be invited.
        assertThat(owner.postJson("/api/team", Map.of("email", analystEmail, "role", "READ_ONLY")).json().path("error").asText())
                .isEqualTo("already_member");
        Browser other = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        Browser.Response elsewhere = other.postJson("/api/team", Map.of("email", analystEmail, "role", "READ_ONLY"));
        assertThat(elsewhere.status()).isEqualTo(409);
        assertThat(elsewhere.json().path("error").asText()).isEqualTo("email_in_use");
        assertThat(other.postJson("/api/team", Map.of("email", ownerEmail, "role", "READ_ONLY")).status()).isEqualTo(409);
        // Another account's owner sees none of this team, and cannot touch its members.
        JsonNode team = owner.get("/api/team").json();
        String memberId = team.path("members").get(1).path("id").asText();
        assertThat(other.get("/api/team").json().path("members")).hasSize(1);
        assertThat(delete(other, "/api/team/" + memberId).status()).isEqualTo(404);

        // The log names who did what.
        List<String> log = new ArrayList<>();
        owner.get("/api/activity").json().path("items").forEach(e -> log.add(e.path("actor").asText() + " " + e.path("kind").asText()));
        assertThat(log).contains(ownerEmail + " TEAM_MEMBER_INVITED", analystEmail + " SIGNED_IN", ownerEmail + " SIGNED_IN");

        // A role change applies to the member's next request; removal ends the session at once.
        assertThat(put(owner, "/api/team/" + memberId, Map.of("role", "READ_ONLY")).status()).isEqualTo(200);
        assertThat(analyst.postJson("/api/remediations", Map.of("action", "REMOVE", "detectionIds", List.of("x"), "confirm", true))
                .json().path("details").asText()).endsWith("your role is Read-only.");
        assertThat(delete(owner, "/api/team/" + memberId).status()).isEqualTo(204);
        assertThat(analyst.get("/api/account").status()).isEqualTo(401);
        assertThat(Browser.forLocalStack().postJson("/api/login", Map.of("email", analystEmail, "password", PASSWORD)).status())
                .isEqualTo(401);
    }

    @Test
    void theOwnerSeesTheTeamCardAndAMemberSeesWhoTheyAreAndTheTeamReadOnly() {
        String ownerEmail = SignupJourneyTest.newEmail();
        Browser owner = SignupJourneyTest.signedInAdmin(ownerEmail);
        String readerEmail = memberEmail();
        invitedAndSignedIn(owner, readerEmail, "READ_ONLY");

        ConsoleBrowser b = ConsoleBrowser.get();
        String console = LocalStack.get().consoleUrl();
        b.signInAs(ownerEmail);
        b.open(console + "#/account/team");
        b.until(d -> b.visible("team-list").getText().contains(readerEmail), "the member in the team list");
        assertThat(b.visible(By.id("team-invite-form")).isDisplayed()).isTrue();
        b.screenshot("team-01-owner");
        b.checkAccessibility("team-01-owner");

        b.signInAs(readerEmail);
        b.until(d -> b.visible(By.id("account-menu-button")).getText().contains(readerEmail + " · Read-only"),
                "the header names the member and their role");
        b.open(console + "#/account/team");
        b.until(d -> b.visible("team-list").getText().contains(ownerEmail), "the owner in the list");
        assertThat(b.driver.findElement(By.id("team-invite-form")).isDisplayed()).as("no invite form").isFalse();
        assertThat(b.driver.findElements(By.cssSelector("#team-list [data-action='remove']"))).isEmpty();
        assertThat(b.driver.findElement(By.id("close-account")).isDisplayed()).as("closing is the owner's").isFalse();
        b.screenshot("team-02-read-only");
        b.checkAccessibility("team-02-read-only");
    }
}
