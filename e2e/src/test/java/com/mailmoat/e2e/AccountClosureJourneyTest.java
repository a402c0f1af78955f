package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Leaving Mailmoat through the built local runtime: offboarding erases what Mailmoat kept of the
 * tenant (so the account no longer shows it); closing the account is refused while a tenant is
 * connected, asks for the password and the address again, signs out everywhere, emails once, and
 * erases the account so its address can sign up afresh.
 */
class AccountClosureJourneyTest {
    private static final Duration ERASURE_TIMEOUT = Duration.ofSeconds(90);
    private static final String PASSWORD = SignupJourneyTest.STRONG_PASSWORD;

    @Test
    void offboardingErasesTheTenantsDataAndClosingErasesTheAccount() {
        ScanTenants.Loaded tenant = ScanTenants.generate("tailspin-leaving", 31, 2, "0000c4a5-0000-4000-8000-0000000000d1");
        String email = SignupJourneyTest.newEmail();
        Browser console = SignupJourneyTest.signedInAdmin(email);
        Browser otherTab = Browser.forLocalStack();
        assertThat(otherTab.postJson("/api/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(200);
        ScanTenants.connect(console, tenant.adminUpn());
        awaitTrue("the first scan finds threats", () -> console.get("/api/scans/current").json().path("status").asText()
                .equals("COMPLETED") && console.get("/api/detections").json().path("items").size() > 0);
        assertThat(console.postJson("/api/sender-lists/blocked/import",
                Map.of("csv", "value,note\nbad@fraud.example,Known fraud", "mode", "add")).status()).isEqualTo(200);

        Browser.Response connected = console.postJson("/api/account/close", Map.of("password", PASSWORD, "confirm", email));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(409);
        assertThat(connected.json().path("error").asText()).isEqualTo("still_connected");

        // A threat in quarantine: once offboarded nobody could release it, so offboarding asks first.
        String threat = console.get("/api/detections?limit=1").json().path("items").get(0).path("id").asText();
        Browser.Response removal = console.postJson("/api/remediations", Map.of("action", "REMOVE",
                "detectionIds", java.util.List.of(threat), "confirm", true));
        assertThat(removal.status()).as(removal.toString()).isEqualTo(202);
        awaitTrue("the threat is in quarantine", () -> console.get("/api/detections/" + threat).json()
                .path("status").asText().equals("REMOVED"));
        Browser.Response held = console.postJson("/api/offboard", Map.of("confirm", true, "password", PASSWORD));
        assertThat(held.status()).as(held.toString()).isEqualTo(409);
        assertThat(held.json().path("error").asText()).isEqualTo("quarantine_not_empty");
        assertThat(held.json().path("details").toString()).contains("1 message is in quarantine");

        Browser.Response offboarded = console.postJson("/api/offboard", Map.of("confirm", true, "password", PASSWORD,
                "keepQuarantined", true));
        assertThat(offboarded.status()).as(offboarded.toString()).isEqualTo(200);
        assertThat(offboarded.json().path("dataErasure").asText()).contains("being erased");
        awaitTrue("the tenant's detections, scans and directory are erased",
                () -> console.get("/api/detections").json().path("items").isEmpty()
                        && console.get("/api/scans").json().path("items").isEmpty()
                        && console.get("/api/directory/users").json().path("items").isEmpty());
        assertThat(console.get("/api/sender-lists/blocked").json().path("entries").findValuesAsText("value"))
                .as("the administrator's own lists stay").containsExactly("bad@fraud.example");

        Browser.Response wrongPassword = console.postJson("/api/account/close", Map.of("password", "Not-It-12345", "confirm", email));
        assertThat(wrongPassword.status()).isEqualTo(403);
        Browser.Response mistyped = console.postJson("/api/account/close", Map.of("password", PASSWORD, "confirm", "x" + email));
        assertThat(mistyped.status()).isEqualTo(400);
        assertThat(console.get("/api/account").status()).as("still open").isEqualTo(200);

        Browser.Response closed = console.postJson("/api/account/close", Map.of("password", PASSWORD, "confirm", email.toUpperCase()));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.json().path("status").asText()).isEqualTo("closed");
        assertThat(closed.header("set-cookie")).contains("Max-Age=0");
        assertThat(console.get("/api/account").status()).isEqualTo(401);
        assertThat(otherTab.get("/api/account").status()).as("every session ends").isEqualTo(401);
        assertThat(Browser.forLocalStack().postJson("/api/login", Map.of("email", email, "password", PASSWORD)).status())
                .isEqualTo(401);
        JsonNode notice = Outbox.awaitSubject(email, "Your Mailmoat account is closed");
        assertThat(notice.path("text").asText()).contains("erasing").contains("Mailmoat Quarantine");

        // Once erased, the address is free: signing up again starts a new account.
        awaitTrue("the address can sign up again", () -> {
            LocalTables.letEmailWindowPass(email);
            Browser.forLocalStack().postJson("/api/signup", Map.of("email", email, "company", "Tailspin", "region", "US"));
            return Outbox.count(email, "Set your Mailmoat password") >= 2;
        });
        assertThat(Outbox.count(email, "Your Mailmoat account is closed")).as("one email").isEqualTo(1);
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(ERASURE_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            Outbox.sleep(1000);
        }
        throw new AssertionError("Not in " + ERASURE_TIMEOUT + ": " + what);
    }
}
