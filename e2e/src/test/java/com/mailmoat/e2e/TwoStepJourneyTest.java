package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.twostep.Base32;
import com.mailmoat.core.twostep.Totp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two-step sign-in over HTTP against the built local runtime: set up from a signed-in session,
 * then the password alone no longer signs in; a code from the authenticator (computed here as an
 * app would) does, once; a recovery code does, once.
 */
class TwoStepJourneyTest {
    private static final String PASSWORD = SignupJourneyTest.STRONG_PASSWORD;

    @Test
    void afterSetupSigningInTakesTheCodeAndARecoveryCodeWorksOnce() throws Exception {
        String email = SignupJourneyTest.newEmail();
        Browser console = SignupJourneyTest.signedInAdmin(email);
        assertThat(console.get("/api/account/two-step").json().path("enabled").asBoolean()).isFalse();

        Browser.Response begun = console.postJson("/api/account/two-step", Map.of("password", PASSWORD));
        assertThat(begun.status()).as(begun.toString()).isEqualTo(200);
        String secret = begun.json().path("secret").asText();
        assertThat(begun.json().path("otpauthUri").asText())
                .startsWith("otpauth://totp/Mailmoat:" + URLEncoder.encode(email, StandardCharsets.UTF_8).replace("%40", "@")
                        + "?secret=" + secret).contains("&issuer=Mailmoat");
        byte[] key = Base32.decode(secret).orElseThrow();
        long step = Totp.step(Instant.now());
        Browser.Response confirmed = console.postJson("/api/account/two-step/confirm", Map.of("code", Totp.code(key, step)));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        JsonNode recoveryCodes = confirmed.json().path("recoveryCodes");
        assertThat(recoveryCodes).hasSize(10);
        assertThat(Outbox.awaitSubject(email, "Two-step sign-in is on").path("text").asText()).contains("recovery code");
        assertThat(console.postJson("/api/logout", Map.of()).status()).isEqualTo(204);
        assertThat(console.get("/api/account").status()).isEqualTo(401);

        // The password alone: no session, a pending sign-in instead.
        Browser phone = Browser.forLocalStack();
        Browser.Response password = phone.postJson("/api/login", Map.of("email", email, "password", PASSWORD));
        assertThat(password.status()).as(password.toString()).isEqualTo(200);
        assertThat(password.json().path("status").asText()).isEqualTo("code_required");
        assertThat(phone.get("/api/account").status()).as("no session yet").isEqualTo(401);

        // The next step's code (the step of the confirming code is used up; one step of drift is allowed).
        String code = Totp.code(key, Math.max(step + 1, Totp.step(Instant.now())));
        Browser.Response signedIn = phone.postJson("/api/login/code",
                Map.of("token", password.json().path("token").asText(), "code", code));
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        assertThat(signedIn.header("set-cookie")).contains("mm_session=");
        assertThat(phone.get("/api/account").status()).isEqualTo(200);

        // The same code again is refused; a recovery code works, once.
        Browser laptop = Browser.forLocalStack();
        String pending = laptop.postJson("/api/login", Map.of("email", email, "password", PASSWORD)).json()
                .path("token").asText();
        Browser.Response replayed = laptop.postJson("/api/login/code", Map.of("token", pending, "code", code));
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.json().path("error").asText()).isEqualTo("wrong_code");
        String recovery = recoveryCodes.get(0).asText();
        assertThat(laptop.postJson("/api/login/code", Map.of("token", pending, "code", recovery)).status()).isEqualTo(200);
        assertThat(laptop.get("/api/account").status()).isEqualTo(200);

        Browser tablet = Browser.forLocalStack();
        String again = tablet.postJson("/api/login", Map.of("email", email, "password", PASSWORD)).json()
                .path("token").asText();
        Browser.Response spent = tablet.postJson("/api/login/code", Map.of("token", again, "code", recovery));
        assertThat(spent.status()).as("a recovery code is spent by its first use").isEqualTo(401);
        assertThat(tablet.get("/api/account").status()).isEqualTo(401);
        assertThat(laptop.get("/api/account/two-step").json().path("recoveryCodesLeft").asInt()).isEqualTo(9);
    }

    @Test
    void theThisWasNotMeLinkOfTheEmailTakesTheAccountBackFromWhoeverTurnedTwoStepOn() {
        String email = SignupJourneyTest.newEmail();
        Browser intruder = SignupJourneyTest.signedInAdmin(email);
        String secret = intruder.postJson("/api/account/two-step", Map.of("password", PASSWORD)).json().path("secret").asText();
        byte[] key = Base32.decode(secret).orElseThrow();
        long step = Totp.step(Instant.now());
        assertThat(intruder.postJson("/api/account/two-step/confirm", Map.of("code", Totp.code(key, step))).status()).isEqualTo(200);
        // New recovery codes take the password and the app's next code; the owner hears of it.
        Browser.Response renewed = intruder.postJson("/api/account/two-step/recovery-codes",
                Map.of("password", PASSWORD, "code", Totp.code(key, step + 1)));
        assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
        assertThat(renewed.json().path("recoveryCodes")).hasSize(10);
        assertThat(Outbox.awaitSubject(email, "New recovery codes")).isNotNull();

        String text = Outbox.awaitSubject(email, "Two-step sign-in is on").path("text").asText();
        java.util.regex.Matcher undo = java.util.regex.Pattern.compile("https?://\\S+undo=two-step").matcher(text);
        assertThat(undo.find()).as(text).isTrue();
        String token = undo.group().replaceAll(".*token=([^&]+).*", "$1");
        Browser owner = Browser.forLocalStack();
        Browser.Response secured = owner.postJson("/api/password", Map.of("token", token, "password", "Owner-Takes-It-Back-42"));
        assertThat(secured.status()).as(secured.toString()).isEqualTo(200);

        assertThat(intruder.get("/api/account").status()).as("the intruder is signed out").isEqualTo(401);
        Browser.Response signedIn = Browser.forLocalStack().postJson("/api/login",
                Map.of("email", email, "password", "Owner-Takes-It-Back-42"));
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        assertThat(signedIn.json().path("status").asText()).as("no code asked: two-step is off").isNotEqualTo("code_required");
        assertThat(Outbox.awaitSubject(email, "Two-step sign-in is off")).isNotNull();
        assertThat(owner.postJson("/api/password", Map.of("token", token, "password", "Owner-Takes-It-Back-43")).status())
                .as("single use").isEqualTo(400);
    }
}
