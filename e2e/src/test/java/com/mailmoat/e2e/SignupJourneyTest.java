package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The first user journey over real HTTP against the built local runtime: sign up, receive the
 * set-password email, set a password that meets the rules, receive the account-details email, log
 * in and read the account; and the ways it must refuse.
 */
class SignupJourneyTest {
    static final String STRONG_PASSWORD = "Harbour-Lantern-42";

    static String newEmail() {
        return "admin+" + UUID.randomUUID().toString().substring(0, 8) + "@fabrikam.example";
    }

    /** Signs up and returns the set-password token from the emailed link. */
    static String signUpAndGetToken(Browser browser, String email) {
        Browser.Response signup = browser.postJson("/api/signup", Map.of("email", email, "company", "Fabrikam", "region", "UK"));
        assertThat(signup.status()).as(signup.toString()).isEqualTo(202);
        String link = Outbox.firstLink(Outbox.awaitSubject(email, "Set your Mailmoat password"));
        return URI.create(link).getQuery().replaceFirst("^token=", "");
    }

    /** A signed-in browser for a brand-new account. */
    static Browser signedInAdmin(String email) {
        Browser browser = Browser.forLocalStack();
        String token = signUpAndGetToken(browser, email);
        assertThat(browser.postJson("/api/password", Map.of("token", token, "password", STRONG_PASSWORD)).status()).isEqualTo(200);
        Browser.Response login = browser.postJson("/api/login", Map.of("email", email, "password", STRONG_PASSWORD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return browser;
    }

    @Test
    void anAdministratorSignsUpSetsAPasswordLogsInAndReadsTheAccount() {
        Browser browser = Browser.forLocalStack();
        String email = newEmail();

        Browser.Response signup = browser.postJson("/api/signup", Map.of("email", email, "company", "Fabrikam", "region", "UK"));
        assertThat(signup.status()).isEqualTo(202);

        JsonNode setPasswordEmail = Outbox.awaitSubject(email, "Set your Mailmoat password");
        String link = Outbox.firstLink(setPasswordEmail);
        assertThat(link).startsWith(LocalStack.get().consoleUrl() + "set-password?token=");
        assertThat(setPasswordEmail.path("html").asText()).contains(link.replace("&", "&amp;"));
        assertThat(setPasswordEmail.path("sentAt").asText()).isNotBlank();

        // The link opens the console's set-password page.
        Browser.Response page = browser.get(link);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-type")).startsWith("text/html");

        Browser.Response rules = browser.get("/api/password/rules");
        assertThat(rules.status()).isEqualTo(200);
        assertThat(rules.json().path("rules").findValuesAsText("id"))
                .contains("length", "character-classes", "not-email", "not-common");

        String token = URI.create(link).getQuery().replaceFirst("^token=", "");
        Browser.Response set = browser.postJson("/api/password", Map.of("token", token, "password", STRONG_PASSWORD));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().path("loginUrl").asText()).isEqualTo(LocalStack.get().consoleUrl());

        JsonNode details = Outbox.awaitSubject(email, "Your Mailmoat account is ready");
        assertThat(details.path("text").asText()).contains(LocalStack.get().consoleUrl()).contains(email);

        Browser.Response login = browser.postJson("/api/login", Map.of("email", email, "password", STRONG_PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        String cookie = login.header("set-cookie");
        assertThat(cookie).startsWith("mm_session=").contains("HttpOnly").contains("SameSite=Lax")
                .doesNotContain("Secure"); // plain-HTTP localhost; Secure is set behind HTTPS

        Browser.Response account = browser.get("/api/account");
        assertThat(account.status()).as(account.toString()).isEqualTo(200);
        JsonNode body = account.json();
        assertThat(body.path("email").asText()).isEqualTo(email);
        assertThat(body.path("company").asText()).isEqualTo("Fabrikam");
        assertThat(body.path("region").asText()).isEqualTo("UK");
        assertThat(body.path("mode").asText()).isEqualTo("THREAT_SCAN_ONLY");
        assertThat(body.path("trialDaysLeft").asInt()).isEqualTo(30);
        assertThat(body.path("setup").findValuesAsText("id")).contains("account-created", "password-set", "microsoft-consent");
        assertThat(body.has("passwordHash")).isFalse();

        assertThat(browser.postJson("/api/logout", Map.of()).status()).isEqualTo(204);
        assertThat(browser.get("/api/account").status()).isEqualTo(401);
    }

    @Test
    void weakPasswordsAreRefusedWithEveryBrokenRuleAndTheLinkStaysUsable() {
        Browser browser = Browser.forLocalStack();
        String email = newEmail();
        String token = signUpAndGetToken(browser, email);

        Browser.Response tooShort = browser.postJson("/api/password", Map.of("token", token, "password", "password"));
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().path("error").asText()).isEqualTo("weak_password");
        assertThat(tooShort.json().path("details").findValuesAsText("rule"))
                .containsExactlyInAnyOrder("length", "character-classes", "not-common");

        String local = email.substring(0, email.indexOf('@'));
        Browser.Response containsEmail = browser.postJson("/api/password", Map.of("token", token, "password", "Xy7-" + local + "-Zz9"));
        assertThat(containsEmail.json().path("details").findValuesAsText("rule")).containsExactly("not-email");

        Browser.Response common = browser.postJson("/api/password", Map.of("token", token, "password", "Password123456!"));
        assertThat(common.json().path("details").findValuesAsText("rule")).containsExactly("not-common");

        assertThat(browser.postJson("/api/password", Map.of("token", token, "password", STRONG_PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void aSetPasswordLinkWorksOnce() {
        Browser browser = Browser.forLocalStack();
        String token = signUpAndGetToken(browser, newEmail());
        assertThat(browser.postJson("/api/password", Map.of("token", token, "password", STRONG_PASSWORD)).status()).isEqualTo(200);

        Browser.Response reused = browser.postJson("/api/password", Map.of("token", token, "password", "Another-Strong-Pass-7"));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().path("error").asText()).isEqualTo("invalid_token");

        Browser.Response forged = browser.postJson("/api/password", Map.of("token", "not-a-real-token", "password", STRONG_PASSWORD));
        assertThat(forged.json().path("error").asText()).isEqualTo("invalid_token");
    }

    @Test
    void anExpiredSetPasswordLinkIsRefused() {
        Browser browser = Browser.forLocalStack();
        String token = signUpAndGetToken(browser, newEmail());
        // 24 hours pass: the operator's view of the Tokens table moves the expiry into the past.
        LocalTables.expireToken(token);

        Browser.Response expired = browser.postJson("/api/password", Map.of("token", token, "password", STRONG_PASSWORD));
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.json().path("error").asText()).isEqualTo("invalid_token");
        assertThat(expired.json().path("details").asText()).contains("expired");
    }

    @Test
    void aWrongPasswordIsRefusedAndRepeatedFailuresAreThrottled() {
        String email = newEmail();
        signedInAdmin(email);
        Browser attacker = Browser.forLocalStack();

        Browser.Response wrong = attacker.postJson("/api/login", Map.of("email", email, "password", "Wrong-Password-99"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().path("error").asText()).isEqualTo("invalid_credentials");
        assertThat(wrong.header("set-cookie")).isNull();

        Browser.Response unknown = attacker.postJson("/api/login", Map.of("email", newEmail(), "password", "Wrong-Password-99"));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());

        Browser.Response last = null;
        for (int i = 0; i < 5; i++) {
            last = attacker.postJson("/api/login", Map.of("email", email, "password", "Wrong-Password-99"));
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.json().path("error").asText()).isEqualTo("too_many_attempts");
        assertThat(Integer.parseInt(last.header("retry-after"))).isBetween(1, 15 * 60);
        // Even the right password waits until the window passes.
        assertThat(attacker.postJson("/api/login", Map.of("email", email, "password", STRONG_PASSWORD)).status()).isEqualTo(429);
    }

    @Test
    void theConsoleApiNeedsASession() {
        Browser anonymous = Browser.forLocalStack();
        for (String path : List.of("/api/account", "/api/setup", "/api/notifications")) {
            Browser.Response response = anonymous.get(path);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.json().path("error").asText()).isEqualTo("unauthorized");
        }
        Browser forged = Browser.forLocalStack();
        Browser.Response withForgedCookie = forged.send(java.net.http.HttpRequest.newBuilder(forged.uri("/api/account"))
                .header("Cookie", "mm_session=forged-session-value").GET());
        assertThat(withForgedCookie.status()).isEqualTo(401);
    }

    @Test
    void signingUpTwiceRevealsNothingAboutExistingAccounts() {
        String existing = newEmail();
        signedInAdmin(existing);
        Browser stranger = Browser.forLocalStack();

        Browser.Response forExisting = stranger.postJson("/api/signup", Map.of("email", existing, "company", "Other", "region", "US"));
        Browser.Response forNew = stranger.postJson("/api/signup", Map.of("email", newEmail(), "company", "Other", "region", "US"));
        assertThat(forExisting.status()).isEqualTo(202);
        assertThat(forExisting.body()).isEqualTo(forNew.body());
        // The existing account is untouched: its password still works, its company did not change.
        Browser owner = Browser.forLocalStack();
        assertThat(owner.postJson("/api/login", Map.of("email", existing, "password", STRONG_PASSWORD)).status()).isEqualTo(200);
        assertThat(owner.get("/api/account").json().path("company").asText()).isEqualTo("Fabrikam");
        Outbox.sleep(500);
        assertThat(Outbox.emailsTo(existing)).extracting(e -> e.path("subject").asText())
                .filteredOn(subject -> subject.contains("Set your Mailmoat password")).hasSize(1);
    }
}
