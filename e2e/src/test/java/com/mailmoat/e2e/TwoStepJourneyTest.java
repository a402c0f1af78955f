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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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

    /**
     * The authenticator key is sealed in the Accounts table: reading the table does not give it. A
     * sealed key copied into another account's item (by someone who can write to the table) opens
     * nothing there: that account's sign-in stops (503) instead of taking the password alone.
     */
    @Test
    void theAuthenticatorKeyIsSealedInTheTableAndOneCopiedToAnotherAccountOpensNothing() {
        String ownerEmail = SignupJourneyTest.newEmail();
        String owner = turnOn(SignupJourneyTest.signedInAdmin(ownerEmail));
        String otherEmail = SignupJourneyTest.newEmail();
        turnOn(SignupJourneyTest.signedInAdmin(otherEmail));

        try (DynamoDbClient dynamo = LocalTables.dynamo()) {
            Map<String, AttributeValue> stored = twoStepItem(dynamo, accountIdOf(dynamo, ownerEmail));
            assertThat(stored.get("secret").s()).startsWith("v2:1:");
            assertThat(stored.toString()).as("the item, every attribute").doesNotContain(owner)
                    .doesNotContain(owner.toLowerCase(java.util.Locale.ROOT));

            String other = accountIdOf(dynamo, otherEmail);
            dynamo.updateItem(r -> r.tableName("AccountsTable").key(twoStepKey(other))
                    .updateExpression("SET secret = :s").expressionAttributeValues(Map.of(":s", stored.get("secret"))));
        }

        Browser stranger = Browser.forLocalStack();
        Browser.Response refused = stranger.postJson("/api/login", Map.of("email", otherEmail, "password", PASSWORD));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.json().path("error").asText()).isEqualTo("two_step_unavailable");
        assertThat(refused.header("set-cookie")).isNull();
        assertThat(stranger.get("/api/account").status()).isEqualTo(401);

        // The owner's own key still opens where it was sealed.
        Browser.Response ownerSignIn = Browser.forLocalStack().postJson("/api/login",
                Map.of("email", ownerEmail, "password", PASSWORD));
        assertThat(ownerSignIn.json().path("status").asText()).isEqualTo("code_required");
    }

    /** Sets two-step sign-in up through the routes; returns the authenticator key (base32). */
    private static String turnOn(Browser console) {
        String secret = console.postJson("/api/account/two-step", Map.of("password", PASSWORD)).json().path("secret").asText();
        Browser.Response confirmed = console.postJson("/api/account/two-step/confirm",
                Map.of("code", Totp.code(Base32.decode(secret).orElseThrow(), Totp.step(Instant.now()))));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        return secret;
    }

    private static String accountIdOf(DynamoDbClient dynamo, String email) {
        return dynamo.getItem(r -> r.tableName("AccountsTable").consistentRead(true).key(Map.of(
                "accountId", AttributeValue.fromS("EMAIL#" + email), "sk", AttributeValue.fromS("CLAIM"))))
                .item().get("ownerAccountId").s();
    }

    private static Map<String, AttributeValue> twoStepKey(String accountId) {
        return Map.of("accountId", AttributeValue.fromS(accountId), "sk", AttributeValue.fromS("TWO_STEP"));
    }

    private static Map<String, AttributeValue> twoStepItem(DynamoDbClient dynamo, String accountId) {
        return dynamo.getItem(r -> r.tableName("AccountsTable").consistentRead(true).key(twoStepKey(accountId))).item();
    }
}
