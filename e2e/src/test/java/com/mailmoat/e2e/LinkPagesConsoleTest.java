package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Pages reached from a link (headless Chromium, axe-core on each): the set-password page says a
 * spent or expired link at once, in one paragraph with the way on for that kind of link, before
 * anyone types a password; the consent result gives each error its own advice, once.
 */
class LinkPagesConsoleTest {
    @Test
    void aUsedSetPasswordLinkIsSaidWhenThePageOpensAndAFreshOneShowsTheForm() {
        ConsoleBrowser b = ConsoleBrowser.get();
        String console = LocalStack.get().consoleUrl();
        Browser api = Browser.forLocalStack();
        String email = SignupJourneyTest.newEmail();
        String token = SignupJourneyTest.signUpAndGetToken(api, email);

        b.open(console + "set-password?token=" + token);
        b.visible("password-input");
        assertThat(b.driver.findElement(By.id("token-invalid")).isDisplayed()).isFalse();
        // Opening the page spent nothing: the link still sets the password.
        assertThat(api.postJson("/api/password", Map.of("token", token, "password", SignupJourneyTest.STRONG_PASSWORD))
                .status()).isEqualTo(200);

        b.open(console + "set-password?token=" + token);
        WebElement invalid = b.visible(By.id("token-invalid"));
        assertThat(b.driver.findElement(By.id("password-view")).isDisplayed()).as("no form to fill in for nothing").isFalse();
        assertThat(invalid.findElements(By.tagName("p"))).as("one paragraph").hasSize(1);
        assertThat(b.visible("invalid-text").getText()).contains("sign up again with the same email address");
        assertThat(b.visible(By.id("invalid-action")).getText()).isEqualTo("Sign up again");
        b.screenshot("link-01-used-set-password-link");
        b.checkAccessibility("link-01-used-set-password-link");

        // A used reset link points to Forgot password?, the one way to a new one.
        b.open(console + "set-password?token=" + token + "&reset=1");
        assertThat(b.visible("invalid-text").getText()).contains("Forgot password?").doesNotContain("sign up");
        assertThat(b.visible(By.id("invalid-action")).getAttribute("href")).endsWith("/#reset");
        assertThat(b.driver.findElement(By.id("invalid-sign-in")).isDisplayed()).isFalse();
        b.checkAccessibility("link-02-used-reset-link");
        b.assertHealthy("set-password links");
    }

    @Test
    void eachConsentErrorGivesItsOwnAdviceOnce() {
        ConsoleBrowser b = ConsoleBrowser.get();
        String console = LocalStack.get().consoleUrl();
        String email = SignupJourneyTest.newEmail();
        SignupJourneyTest.signedInAdmin(email);
        b.signInAs(email);

        b.open(console + "consent-result?status=error&reason=tenant_linked_elsewhere");
        String elsewhere = b.visible("consent-result").getText();
        assertThat(elsewhere).contains("already connected to another Mailmoat account")
                .doesNotContain("Global Administrator").doesNotContain("trial");
        b.screenshot("link-03-consent-linked-elsewhere");

        b.open(console + "consent-result?status=error&reason=not_global_admin");
        String notAdmin = b.visible("consent-result").getText();
        assertThat(notAdmin.split("Global Administrator account", -1)).as(notAdmin).hasSize(2);
        assertThat(notAdmin).doesNotContain("trial");
        b.checkAccessibility("link-04-consent-not-admin");
        b.assertHealthy("consent errors");
    }
}
