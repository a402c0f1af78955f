package com.mailmoat.e2e;

import static com.mailmoat.e2e.ConsoleBrowser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console's Policies, Upgrade and Protection pages and Home's real-time summary, in headless
 * Chromium, for an account of its own connected to a simulated tenant with two transport rules of
 * its own: a blocked sender added and a CSV import refused line by line; a policy created and
 * deleted; Upgrade Now through its warning and the Microsoft re-consent to per-step progress and
 * the report of the rules pushed down (the request first withdrawn from Home's banner); a switch to Protect left
 * pending with its consent link, then withdrawn from Home's banner;
 * real-time figures on Home; offboarding confirmed. axe-core on every page, and no JavaScript error
 * or 5xx answer anywhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProtectionConsoleTest {
    static final String TENANT_ID = "0000c0a5-0000-4000-8000-00000000c0e2";

    private static ScanTenants.Loaded tenant;
    private static String email;

    @Test
    @Order(1)
    void policiesListTheDefaultPolicyAndKeepSenderLists() {
        tenant = ScanTenants.generate("tailspin-console", 41, 2, TENANT_ID);
        email = SignupJourneyTest.newEmail();
        ScanTenants.connect(SignupJourneyTest.signedInAdmin(email), tenant.adminUpn());

        ConsoleBrowser b = ConsoleBrowser.get();
        b.signInAs(email);

        b.click(By.cssSelector("#main-nav a[data-route='policies']"));
        WebElement defaultRow = b.visible(By.cssSelector("#policy-list tr[data-default='true']"));
        // Threat Scan Only: the Default Policy's quarantine applies once Protect is on, and the list says so.
        assertThat(defaultRow.getText()).contains("Default Policy").contains("Record as a detection (quarantine in Protect)");
        assertThat(defaultRow.findElements(By.cssSelector(".policy-delete"))).as("the Default Policy cannot be deleted").isEmpty();

        // A blocked sender, added in one step.
        b.visible("sender-value-blocked").sendKeys("payroll-update@phish.example");
        b.click("sender-add-blocked");
        b.visible(By.cssSelector("#sender-blocked-entries [data-value='payroll-update@phish.example']"));
        assertThat(b.visible(By.id("sender-blocked-count")).getText()).isEqualTo("1 entry");
        // An address of the organisation's own: kept, and the entry says Exchange will not hold it back.
        b.visible("sender-value-blocked").sendKeys("ceo@tailspin-console.example");
        b.click("sender-add-blocked");
        WebElement own = b.visible(By.cssSelector("#sender-blocked-entries [data-value='ceo@tailspin-console.example']"));
        assertThat(own.getText()).contains("Exchange cannot hold back mail from inside your organisation")
                .contains("Protect moves it to quarantine");
        assertThat(b.visible(By.id("status-message")).getText()).contains("address of your own organisation");
        assertThat(b.visible(By.cssSelector("#sender-blocked-card")).getText())
                .as("the list's description says what Exchange does not do").contains("from outside your organisation");

        // A CSV with bad lines: nothing imported, each bad line named by its number.
        b.click(By.cssSelector("#sender-blocked-importer summary"));
        b.visible(By.id("sender-blocked-csv")).sendKeys("value,note\nlookalike.example,seen in the scan\nnot an address!!\n");
        b.click("sender-import-blocked");
        WebElement errors = b.visible("sender-import-errors-blocked");
        assertThat(errors.getText()).contains("Nothing was imported").contains("Line 3:").contains("not an address!!");
        assertThat(b.driver.findElements(By.cssSelector("#sender-blocked-entries [data-value='lookalike.example']"))).isEmpty();
        b.screenshot("protection-01-policies");
        b.checkAccessibility("protection-01-policies");

        // A policy of our own: created, listed above the Default Policy, deleted after a confirmation.
        b.click("policy-new");
        b.visible(By.id("policy-name")).sendKeys("Finance team");
        b.visible(By.id("policy-priority")).clear();
        b.visible(By.id("policy-priority")).sendKeys("50");
        b.visible(By.id("policy-recipients")).sendKeys("not valid!!");
        b.click("policy-save");
        assertThat(b.visible(By.id("policy-recipients-error")).getText()).contains("not valid!!");
        b.visible(By.id("policy-recipients")).clear();
        b.visible(By.id("policy-recipients")).sendKeys("finance@tailspin-console.example");
        b.checkAccessibility("protection-02-policy-editor");
        b.click("policy-save");
        b.until(d -> d.findElements(By.cssSelector("#policy-list tr")).size() == 2, "the new policy in the list");
        List<WebElement> rows = b.driver.findElements(By.cssSelector("#policy-list tr"));
        assertThat(rows.get(0).getText()).contains("Finance team").contains("finance@tailspin-console.example");
        assertThat(rows.get(1).getAttribute("data-default")).isEqualTo("true");
        // The Default Policy is edited (engines and actions only), never targeted.
        b.click(By.cssSelector("#policy-list tr[data-default='true'] .policy-edit"));
        assertThat(b.visible(By.id("policy-default-note")).getText()).contains("applies to everyone no other policy covers");
        assertThat(b.driver.findElement(By.id("policy-user-fields")).isDisplayed()).isFalse();
        new org.openqa.selenium.support.ui.Select(b.visible(By.id("policy-action-suspicious"))).selectByValue("QUARANTINE");
        b.click("policy-save");
        b.until(d -> d.findElement(By.cssSelector("#policy-list tr[data-default='true']")).getText()
                .matches("(?s).*quarantine in Protect.*quarantine in Protect.*"), "the Default Policy's new action in the list");

        b.click(By.cssSelector("#policy-list tr[data-default='false'] .policy-delete"));
        assertThat(b.visible("confirm").getText()).isEqualTo("Delete policy");
        b.click("confirm");
        b.until(d -> d.findElements(By.cssSelector("#policy-list tr")).size() == 1, "the policy to be deleted");
        b.assertHealthy("policies");
    }

    @Test
    @Order(2)
    void upgradeNowWarnsThenShowsEachStepAndTheRulesPushedDown() {
        ConsoleBrowser b = ConsoleBrowser.get();
        b.click(By.cssSelector("#main-nav a[data-route='home']"));
        WebElement banner = b.visible("upgrade-banner");
        assertThat(banner.getText()).contains("Install Advanced Protection");
        b.click(By.id("upgrade-banner-action"));
        b.until(d -> d.getCurrentUrl().contains("#/upgrade"), "the Upgrade page");
        assertThat(b.visible(By.id("upgrade-form")).getText()).contains("transport rules").contains("no MX record");
        b.checkAccessibility("protection-03-upgrade-offer");

        // The warning says what will change; Escape backs out without starting anything.
        // ... and, before anything is done, what is worth knowing: DNS checks, the rules that will move down
        // (the disclaimer one marked, with the advice to put it first again), the Blocked address Exchange leaves out.
        b.click("upgrade-now");
        WebElement dialog = b.visible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Before Mailmoat changes Exchange Online").contains("priority 0")
                .contains("re-confirm");
        assertThat(b.visible(By.id("upgrade-preview-warnings")).getText()).contains("Worth fixing first");
        WebElement moving = b.visible(By.id("upgrade-preview-rules"));
        assertThat(moving.findElement(By.cssSelector("li[data-rule='Disclaimer']")).getText())
                .contains("priority 0 now").containsIgnoringCase("Disclaimer-type");
        assertThat(moving.getText()).contains("Tag external mail").contains("move it back above Mailmoat's rules");
        assertThat(b.visible(By.id("upgrade-preview-left-out")).getText()).contains("ceo@tailspin-console.example")
                .contains("Exchange cannot hold back mail from inside your organisation");
        b.checkAccessibility("protection-04-upgrade-warning");
        b.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        b.until(d -> d.findElements(testId("confirm")).isEmpty(), "Escape to close the warning");
        assertThat(b.driver.findElements(By.cssSelector("[data-testid='upgrade-progress']:not([hidden])"))).isEmpty();

        // "I understand, upgrade" goes straight on to Microsoft. Back in the console without consenting, Home
        // says the upgrade waits, with the re-confirm button, and the request can be withdrawn.
        b.click("upgrade-now");
        b.click("confirm");
        b.until(d -> d.getCurrentUrl().contains("/oauth2/v2.0/authorize"), "the Microsoft sign-in page, at once");
        b.open(LocalStack.get().consoleUrl());
        WebElement waiting = b.visible("upgrade-banner");
        b.until(d -> waiting.getText().contains("Waiting for you: the upgrade to Monitor"), "Home's banner for the waiting upgrade");
        assertThat(b.visible(By.id("upgrade-banner-action")).getAttribute("href")).contains("/api/sso/consent");
        assertThat(waiting.getText()).contains("Re-confirm Microsoft permissions").contains("Nothing has changed in Exchange Online");
        b.screenshot("protection-05-home-upgrade-waiting");
        b.checkAccessibility("protection-05-home-upgrade-waiting");
        b.click(By.id("upgrade-banner-cancel-upgrade"));
        b.until(d -> waiting.getText().contains("Install Advanced Protection"), "the request withdrawn: the offer again");
        assertThat(b.visible(By.id("status-message")).getText()).contains("upgrade request is cancelled");

        b.click(By.id("upgrade-banner-action"));
        b.click("upgrade-now");
        b.click("confirm");
        b.until(d -> d.getCurrentUrl().contains("/oauth2/v2.0/authorize"), "the Microsoft sign-in page");
        // The Upgrade page keeps the link (and the way out) for an administrator who comes back.
        b.open(LocalStack.get().consoleUrl() + "#/upgrade");
        WebElement consent = b.visible("upgrade-consent-link");
        assertThat(b.visible("upgrade-progress").getText()).containsIgnoringCase("Waiting for Microsoft permissions")
                .contains("It starts as soon as a Global Administrator re-confirms");
        assertThat(consent.getAttribute("href")).contains("/api/sso/consent");
        assertThat(b.visible(By.id("upgrade-cancel")).getText()).isEqualTo("Cancel upgrade request");
        b.screenshot("protection-05-upgrade-pending-consent");
        b.click("upgrade-consent-link");
        b.until(d -> d.getCurrentUrl().contains("/oauth2/v2.0/authorize"), "the Microsoft sign-in page");
        b.click(By.cssSelector("a[id^='signin-'][data-upn='" + tenant.adminUpn() + "']"));
        b.until(d -> d.getCurrentUrl().contains("/adminconsent"), "the Microsoft consent page");
        b.click(By.id("accept"));
        b.until(d -> URI.create(d.getCurrentUrl()).getPath().equals("/"), "the console after re-consent");
        b.until(d -> !b.visible("consent-result").getText().contains("Threat Scan of the last 30 days"),
                "the banner to say what the re-consent started");

        // Per-step progress on the Upgrade page, to the end.
        b.click(By.cssSelector("#main-nav a[data-route='upgrade']"));
        b.visible(By.cssSelector("#upgrade-steps li[data-step='InstallTransportRules']"));
        assertThat(b.driver.findElements(By.cssSelector("#upgrade-steps li[data-step]"))).hasSize(7);
        b.checkAccessibility("protection-06-upgrade-progress");
        b.until(d -> "COMPLETED".equals(d.findElement(testId("upgrade-progress")).getAttribute("data-status")),
                "the upgrade to complete");
        assertThat(b.driver.findElements(By.cssSelector("#upgrade-steps li[data-status='COMPLETED']"))).hasSize(7);
        assertThat(b.visible("upgrade-progress").getText()).contains("Congratulations! The email configuration is complete");
        WebElement report = b.visible("rules-pushed-down");
        assertThat(report.findElement(By.cssSelector("tr[data-rule='Disclaimer']")).getText()).startsWith("Disclaimer").endsWith("0 2");
        assertThat(report.getText()).contains("Tag external mail").contains("Mailmoat");
        assertThat(report.findElement(By.cssSelector("tr[data-rule='Disclaimer']")).getText()).containsIgnoringCase("Disclaimer-type");
        assertThat(b.visible(By.id("disclaimer-advice")).getText()).startsWith("Disclaimer adds a disclaimer")
                .contains("move it back above Mailmoat's rules");
        assertThat(b.visible(By.id("held-back-left-out")).getText()).contains("ceo@tailspin-console.example")
                .contains("Exchange cannot hold back mail from inside your organisation");
        assertThat(b.visible(By.id("directory-imported")).getText())
                .matches("Imported \\d+ users? and \\d+ groups? from Microsoft 365 for policies and Targeted To\\.");
        b.screenshot("protection-07-upgrade-complete");
        b.checkAccessibility("protection-07-upgrade-complete");
    }

    @Test
    @Order(3)
    void switchingToProtectWaitsForReconsentWithItsLink() {
        ConsoleBrowser b = ConsoleBrowser.get();
        b.click(By.cssSelector("#main-nav a[data-route='protection']"));
        b.until(d -> "MONITOR".equals(d.findElement(testId("protection-mode")).getAttribute("data-mode")), "Monitor in force");
        assertThat(b.visible(By.id("protection-targets")).getText()).isEqualTo("Everyone in your organisation");
        b.checkAccessibility("protection-08-protection");

        b.click(By.cssSelector("label[for='mode-protect']"));
        // Targeted To: a group from the directory the upgrade imported.
        b.click(By.id("protection-some"));
        WebElement group = b.visible(By.cssSelector("#protection-target-results button.target-add[data-kind='group']"));
        String groupName = group.getAttribute("aria-label").replaceFirst("^Add group ", "");
        b.click(By.cssSelector("#protection-target-results button.target-add[data-kind='group']"));
        assertThat(b.visible(By.id("protection-chosen")).getText()).contains("Group: " + groupName);
        b.click("mode-submit");
        WebElement dialog = b.visible(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Switch to Protect?").contains("moved to quarantine")
                .contains("until then Monitor stays in force").contains("1 group: " + groupName);
        b.click("confirm");
        WebElement pending = b.visible("pending-mode");
        assertThat(pending.getText()).contains("Waiting for you: Protect").contains("Monitor stays in force")
                .contains("1 group: " + groupName);
        assertThat(b.visible("reconsent-link").getAttribute("href")).contains("/api/sso/consent");
        assertThat(b.visible("protection-mode").getText()).isEqualTo("Monitor");
        b.screenshot("protection-09-pending-protect");
        b.checkAccessibility("protection-09-pending-protect");

        // Home says so too, with the re-confirm button; "Keep Monitor" withdraws the change.
        b.click(By.cssSelector("#main-nav a[data-route='home']"));
        WebElement banner = b.visible("upgrade-banner");
        b.until(d -> banner.getText().contains("Waiting for you: Protect"), "Home's banner for the waiting mode change");
        // The group by its name, as on the Protection page (looked up in the imported directory), not just counted.
        b.until(d -> banner.getText().contains("for 1 group: " + groupName + "."), "Home's banner naming the group");
        assertThat(banner.getText()).contains("Monitor stays in force");
        assertThat(b.visible(By.id("upgrade-banner-action")).getAttribute("href")).contains("/api/sso/consent");
        b.screenshot("protection-09-home-pending-protect");
        b.checkAccessibility("protection-09-home-pending-protect");
        b.click(By.id("upgrade-banner-withdraw-mode"));
        b.until(d -> !banner.isDisplayed() || !banner.getText().contains("Waiting for you"), "the waiting change gone");
        assertThat(b.visible(By.id("status-message")).getText()).contains("Monitor stays in force");
        b.click(By.cssSelector("#main-nav a[data-route='protection']"));
        b.until(d -> d.findElements(By.cssSelector("[data-testid='pending-mode']:not([hidden])")).isEmpty(),
                "nothing waits on the Protection page either");
    }

    @Test
    @Order(4)
    void homeShowsRealTimeFiguresAndOffboardingIsConfirmed() {
        ConsoleBrowser b = ConsoleBrowser.get();
        b.click(By.cssSelector("#main-nav a[data-route='home']"));
        WebElement realtime = b.visible("realtime-summary");
        b.until(d -> !b.visible(By.id("realtime-mailboxes")).getText().equals("0"), "the watched mailboxes");
        assertThat(realtime.getText()).contains("Messages checked").contains("Threats caught");
        assertThat(b.visible(By.id("realtime-health-pill")).getText()).isEqualToIgnoringCase("Watching every mailbox");
        b.screenshot("protection-10-home-real-time");
        b.checkAccessibility("protection-10-home-real-time");

        b.click(By.cssSelector("#main-nav a[data-route='upgrade']"));
        b.click("offboard");
        assertThat(b.visible(By.cssSelector("dialog[open]")).getText()).contains("Enterprise App");
        assertThat(b.script("return document.activeElement.id")).as("the safe choice has focus").isEqualTo("dialog-cancel");
        b.visible(By.id("offboard-password")).sendKeys(SignupJourneyTest.STRONG_PASSWORD);
        b.click("confirm");
        WebElement result = b.visible("offboard-result");
        assertThat(result.getText()).contains("Transport rule: Mailmoat").contains("Link to your Microsoft 365 tenant");
        assertThat(names(ScanTenants.exchange(TENANT_ID))).containsExactly("Disclaimer", "Tag external mail");
        b.screenshot("protection-11-offboarded");
        b.checkAccessibility("protection-11-offboarded");
        b.assertHealthy("offboarding");

        // Disconnected, the account can be closed: the address typed again and the password, then signed out.
        b.click(By.id("account-menu-button"));
        b.click(By.id("menu-close-account"));
        WebElement closeCard = b.visible(By.id("close-account"));
        assertThat(b.script("return document.activeElement.id")).as("straight to the form").isEqualTo("close-password");
        assertThat(closeCard.getText()).contains("cannot be undone").doesNotContain("still connected");
        b.visible(By.id("close-password")).sendKeys(SignupJourneyTest.STRONG_PASSWORD);
        b.visible(By.id("close-confirm")).sendKeys("someone-else@example.com");
        b.click(By.id("close-account-submit"));
        assertThat(b.visible(By.id("close-confirm-error")).getText()).contains("Type " + email);
        b.visible(By.id("close-confirm")).clear();
        b.visible(By.id("close-confirm")).sendKeys(email);
        b.screenshot("protection-12-close-account");
        b.checkAccessibility("protection-12-close-account");
        b.click(By.id("close-account-submit"));
        b.visible("login-email");
        b.until(d -> d.findElement(By.tagName("body")).getText().contains("Your account is closed"), "the closing is said");
        Outbox.awaitSubject(email, "Your Mailmoat account is closed");
        b.assertHealthy("closing the account");
    }

    private static List<String> names(com.fasterxml.jackson.databind.JsonNode exchange) {
        return exchange.path("transportRules").findValuesAsText("Name");
    }
}
