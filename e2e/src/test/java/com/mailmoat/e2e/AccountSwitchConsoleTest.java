package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Audit #1 (cross-tenant leak): after Log out and a sign-in to another account in the same tab, Home
 * showed the previous account's figures, mailboxes and senders while its own requests were in flight,
 * and the hidden Detections view kept the previous account's rows after Log out. Here the demo
 * account's Home and Detections are looked at, then Log out, then a brand-new account signs in on the
 * same tab: the page is read right after Log out, and watched from the moment the sign-in is sent
 * until the new account's Home has loaded, for anything of the demo account.
 */
class AccountSwitchConsoleTest {

    @Test
    void nothingOfTheFirstAccountIsLeftOnThePageAfterLogOutOrShownToTheNextAccount() {
        ConsoleBrowser b = ConsoleBrowser.get();
        String console = LocalStack.get().consoleUrl();
        Browser demo = DemoLogin.signIn();
        DemoLogin.awaitFinishedScan(demo);
        // What only the demo account has: its tenant's domain (every mailbox, the admin) and its messages' subjects.
        String domain = DemoLogin.tenant()[1];
        List<String> markers = new ArrayList<>(List.of(domain, "Northwind Demo"));
        for (JsonNode item : demo.get("/api/detections?limit=5").json().path("items")) {
            if (item.path("subject").asText().strip().length() >= 6) {
                markers.add(item.path("subject").asText().strip());
            }
        }
        assertThat(markers).hasSizeGreaterThan(3);

        // A second account, made as a new customer makes it (sign up, the emailed link, a password).
        String second = SignupJourneyTest.newEmail();
        Browser other = Browser.forLocalStack();
        String token = SignupJourneyTest.signUpAndGetToken(other, second);
        assertThat(other.postJson("/api/password", Map.of("token", token, "password", SignupJourneyTest.STRONG_PASSWORD))
                .status()).isEqualTo(200);

        b.forgetSession(console);
        b.open(console);
        b.visible("login-email").sendKeys(DemoLogin.email());
        b.visible("login-password").sendKeys(DemoLogin.password());
        b.click("login-submit");
        b.visible("scan-complete");
        b.until(d -> d.findElement(By.tagName("body")).getText().contains(domain), "Home to show the demo account's mailboxes");
        b.click(By.cssSelector("#main-nav a[data-route='detections']"));
        b.until(d -> !d.findElements(ConsoleBrowser.testId("detection-row")).isEmpty(), "the demo account's detections");
        assertThat(html(b)).as("the markers are what the demo account's pages show").contains(markers.get(2));

        b.click("logout");
        b.visible("login-email");
        b.until(d -> d.findElement(By.id("status-message")).getText().equals("You have logged out."), "Log out to say so");
        assertNoneOf(markers, html(b), "the page right after Log out");

        // From the click on Sign in until the new account's Home is loaded, every change to the page is read.
        b.script("window.__seen = [];"
                + " new MutationObserver(() => window.__seen.push(document.body.innerHTML + document.body.textContent))"
                + ".observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });");
        b.visible("login-email").sendKeys(second);
        b.visible("login-password").sendKeys(SignupJourneyTest.STRONG_PASSWORD);
        b.click("login-submit");
        assertNoneOf(markers, html(b), "the page right after sign-in");
        b.visible("connect-microsoft");
        b.until(d -> !d.findElements(By.cssSelector("#setup-steps li.step")).isEmpty(), "the new account's checklist");
        assertThat(b.visible(By.id("main-nav")).isDisplayed()).isTrue();
        b.click(By.cssSelector("#main-nav a[data-route='detections']"));
        b.visible(By.id("detections-empty"));
        assertThat(b.visible(By.id("detections-empty")).getText()).as("audit #30: before connecting, what comes first")
                .contains("Connect Microsoft 365 first");
        @SuppressWarnings("unchecked")
        List<Object> seen = (List<Object>) b.script("return window.__seen;");
        assertThat(seen).as("the page changed while the new account loaded").isNotEmpty();
        for (Object snapshot : seen) {
            assertNoneOf(markers, String.valueOf(snapshot), "the page while the new account's Home loaded");
        }
        assertNoneOf(markers, html(b), "the new account's console");
        b.screenshot("account-switch-second-account");
        b.checkAccessibility("account-switch-detections-not-connected");

        b.click("logout");
        b.visible("login-email");
        b.assertHealthy("account switch");
    }

    /** The page's markup (attributes included) and its text (hidden views included). */
    private static String html(ConsoleBrowser b) {
        return String.valueOf(b.script("return document.body.innerHTML + document.body.textContent;"));
    }

    private static void assertNoneOf(List<String> markers, String html, String where) {
        for (String marker : markers) {
            assertThat(html).as(where + " shows nothing of the previous account (" + marker + ")").doesNotContain(marker);
        }
    }
}
