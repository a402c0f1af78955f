package com.mailmoat.e2e;

import static com.mailmoat.e2e.ConsoleBrowser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A new administrator's whole first journey, in headless Chromium, driven only through the pinned
 * {@code data-testid}s: sign up, the set-password link from the local outbox, the password with its
 * rules ticked while typing, sign in, Microsoft consent on the simulator's pages, the Threat Scan
 * progress, Threat Scan Complete, Remove Threats with its confirmation, remediation progress, the
 * notification counter going up, the notification list, View Threats (clickable with the list
 * open) and a detection's detail with its reasons. Every page gets a screenshot under
 * target/screenshots and an axe-core check; any JavaScript error or 5xx fails the journey.
 */
class ConsoleJourneyTest {

    @Test
    void aNewAdministratorGoesFromSignUpToRemovedThreats() throws Exception {
        ConsoleBrowser b = ConsoleBrowser.get();
        String console = LocalStack.get().consoleUrl();
        String email = SignupJourneyTest.newEmail();
        b.forgetSession(console);

        // Sign up: the form is there at / for a visitor, no click needed.
        b.open(console);
        b.visible("signup-email").sendKeys(email);
        b.visible("signup-company").sendKeys("Wingtip Toys");
        new Select(b.visible("signup-region")).selectByValue("UK");
        assertThat(b.visible("login-email").isDisplayed()).as("the sign-in form beside it").isTrue();
        b.screenshot("01-sign-up");
        b.checkAccessibility("01-sign-up");
        b.click("signup-submit");
        assertThat(b.visible(By.id("signup-done")).getText()).containsIgnoringCase("inbox");

        // The link from the outbox, as a person reads it at /local/outbox.html.
        Outbox.awaitSubject(email, "Set your Mailmoat password");
        b.open(console + "local/outbox.html");
        WebElement link = b.visible(By.xpath("//article[.//dd[contains(., '" + email + "')]]//pre/a[contains(@href, '/set-password?token=')]"));
        b.screenshot("02-outbox");
        b.checkAccessibility("02-outbox");
        link.click();

        // Set the password: the rules are ticked while typing.
        WebElement password = b.visible("password-input");
        b.until(d -> !d.findElements(By.cssSelector("[data-testid='password-rules'] li[data-rule='length']")).isEmpty(),
                "the password rules to load");
        password.sendKeys("short");
        assertThat(rule(b, "length")).isEqualTo("false");
        password.sendKeys("-Harbour-Lantern-42");
        assertThat(rule(b, "length")).isEqualTo("true");
        assertThat(rule(b, "character-classes")).isEqualTo("true");
        b.screenshot("03-set-password");
        b.checkAccessibility("03-set-password");
        b.visible(By.id("password-confirm")).sendKeys("short-Harbour-Lantern-42");
        b.click("password-submit");

        // The sign-in form follows at once.
        b.visible("login-email").sendKeys(email);
        assertThat(b.visible(By.id("login-notice")).getText()).contains("password is set");
        b.screenshot("04-sign-in");
        b.checkAccessibility("04-sign-in");
        b.visible("login-password").sendKeys("short-Harbour-Lantern-42");
        b.click("login-submit");

        // Home: the trial shows at once; Connect to Microsoft 365.
        assertThat(b.visible("trial-days").getText()).contains("30 days");
        b.visible("connect-microsoft");
        assertChecklistCountMatchesItsSteps(b);
        // The checklist's next step is the button to it; steps that need Microsoft 365 first are not links.
        WebElement review = b.visible(By.cssSelector("#setup-steps [data-step='threats-reviewed']"));
        assertThat(review.findElements(By.tagName("a"))).as("no link to a page that is empty until a scan ran").isEmpty();
        assertThat(review.getText()).contains("After step 3");
        b.click(By.cssSelector("#setup-steps [data-step='microsoft-consent'][data-next='true'] button.step-action"));
        b.until(d -> "connect-microsoft".equals(d.switchTo().activeElement().getAttribute("data-testid")),
                "the next step's button to focus Connect to Microsoft 365");
        b.screenshot("05-home-not-connected");
        b.checkAccessibility("05-home-not-connected");

        b.click("connect-microsoft");
        b.until(d -> d.getCurrentUrl().contains("/oauth2/v2.0/authorize"), "the Microsoft sign-in page");
        b.screenshot("06-microsoft-sign-in");
        b.click(By.cssSelector("a[id^='signin-'][data-upn='" + JourneyTenant.admin() + "']"));
        b.until(d -> d.getCurrentUrl().contains("/adminconsent"), "the Microsoft consent page");
        // The consent page names the app and the permissions it asks for, not a client id and ".default".
        String consentPage = b.visible(By.tagName("body")).getText();
        assertThat(consentPage).contains("Mailmoat").contains("Read mail in all mailboxes").doesNotContain(".default");
        b.screenshot("07-microsoft-consent");
        b.click(By.id("accept"));

        // Back on Home, with the consent result, and the scan's progress without a click.
        b.until(d -> URI.create(d.getCurrentUrl()).getPath().equals("/"), "the console's home page after consent");
        assertThat(b.visible("consent-result").getText()).contains("Microsoft 365 is connected");
        WebElement progress = b.visible("scan-progress");
        b.screenshot("08-scan-progress");
        b.checkAccessibility("08-scan-progress");
        assertThat(b.visible(By.id("tenant-name")).getText()).contains(JourneyTenant.NAME);

        // Threat Scan Complete; the bar stays, at 100%.
        WebElement complete = b.visible("scan-complete");
        assertThat(complete.getText()).contains("Threat Scan Complete").containsPattern("\\d+ threats? found");
        assertThat(progress.findElement(By.cssSelector("[role='progressbar']")).getAttribute("aria-valuenow")).isEqualTo("100");
        b.visible(By.cssSelector("#threats-chart svg"));
        b.screenshot("09-scan-complete");
        b.checkAccessibility("09-scan-complete");

        assumeTrue(Files.readString(LocalStack.root().resolve("template.yaml")).contains("/api/remediations"),
                "*** Remediation (issue 11) has not landed in template.yaml: the journey stops at Threat Scan Complete ***");
        // The connection and the scan report are announced first (the queue is asynchronous).
        b.until(d -> counter(b) >= 2, "the consent and scan notices to be counted");
        int unreadBefore = counter(b);

        // Remove Threats, with a confirmation (axe also checks the open dialog).
        // It says how many are malicious and how many suspicious (the bar counts them by level).
        java.util.regex.Matcher levels = java.util.regex.Pattern.compile("(\\d+) malicious, (\\d+) suspicious")
                .matcher(complete.getText());
        b.click("remove-threats");
        b.visible("confirm");
        String dialog = b.visible(By.cssSelector("dialog[open]")).getText();
        assertThat(dialog).contains("Every threat this Threat Scan found");
        if (levels.find()) {
            assertThat(dialog).contains(levels.group(1) + " malicious and " + levels.group(2) + " suspicious");
        } else {
            assertThat(dialog).containsPattern("are malicious|are suspicious|it is (malicious|suspicious)");
        }
        b.screenshot("10-remove-confirmation");
        b.checkAccessibility("10-remove-confirmation");
        b.click("confirm");
        WebElement remediation = b.visible("remediation-progress");
        b.screenshot("11-remediation-progress");
        b.until(d -> "COMPLETED".equals(remediation.getAttribute("data-status")), "the removal to finish");
        assertThat(remediation.findElement(By.cssSelector("[role='progressbar']")).getAttribute("aria-valuenow")).isEqualTo("100");
        b.checkAccessibility("12-remediation-complete");
        b.screenshot("12-remediation-complete");

        // The counter goes up; the list opens beside the page.
        b.until(d -> counter(b) > unreadBefore, "the unread notification counter to go up");
        b.click(By.id("notifications-button"));
        WebElement list = b.visible("notifications-list");
        b.until(d -> !d.findElements(By.cssSelector("[data-testid='notifications-list'] li[data-kind^='REMEDIATION']")).isEmpty(),
                "the removal's notice in the list");
        b.screenshot("13-notifications");
        b.checkAccessibility("13-notifications");

        // View Threats stays clickable while the list is open.
        b.click("view-threats");
        b.until(d -> d.getCurrentUrl().contains("#/detections"), "the Detections page");
        List<WebElement> rows = b.wait.until(d -> {
            List<WebElement> found = d.findElements(testId("detection-row"));
            return found.isEmpty() ? null : found;
        });
        assertThat(rows.get(0).getAttribute("data-status")).isEqualTo("REMOVED");
        b.visible("detections-search");
        b.screenshot("14-detections");
        b.checkAccessibility("14-detections");

        b.click(By.cssSelector("[data-testid='detection-row'] a.detection-link"));
        WebElement detail = b.visible(By.id("detection-detail"));
        b.until(d -> !d.findElements(By.cssSelector("#detection-reasons li.reason")).isEmpty(), "the detection's reasons");
        assertThat(detail.getText()).contains("Why it was flagged").contains("Removed");
        b.screenshot("15-detection-detail");
        b.checkAccessibility("15-detection-detail");

        // The emails' buttons open what they name: the report's scan in Detections, the removal's results on Home.
        String report = linkTo(Outbox.awaitSubject(email, "Your Mailmoat Threat Scan report"), "#/detections?scanId=");
        b.click(By.cssSelector("#main-nav a[data-route='home']"));
        b.visible("scan-complete");
        b.open(report);
        b.until(d -> d.getCurrentUrl().equals(report), "the report's link to open its scan's detections");
        b.until(d -> d.findElement(By.id("scan-filter")).isDisplayed()
                && d.findElements(testId("detection-row")).stream().anyMatch(WebElement::isDisplayed), "the scan's detections");
        // A release since makes the removal no longer the latest job: the link still opens the removal's results.
        String released = String.valueOf(((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + " fetch('/api/detections?status=REMOVED&limit=1').then((r) => r.json())"
                + ".then((page) => fetch('/api/remediations', { method: 'POST', headers: { 'Content-Type': 'application/json' },"
                + " body: JSON.stringify({ action: 'RELEASE', detectionIds: [page.items[0].id], confirm: true }) }))"
                + ".then((r) => r.json()).then((job) => done(job.id));"));
        b.until(d -> "COMPLETED".equals(String.valueOf(((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + " fetch('/api/remediations/' + arguments[0]).then((r) => r.json()).then((job) => done(job.status));",
                released))), "the release to finish");
        b.click(By.cssSelector("#main-nav a[data-route='home']"));
        b.until(d -> released.equals(b.visible("remediation-progress").getAttribute("data-job-id")), "Home to show the latest job");
        String results = linkTo(Outbox.awaitSubject(email, "Threats removed"), "#/?remediation=");
        b.open(results);
        b.until(d -> results.substring(results.indexOf("remediation=") + "remediation=".length())
                .equals(b.visible("remediation-progress").getAttribute("data-job-id")), "the removal's results on Home");

        b.click("logout");
        b.visible("login-email");
        b.assertHealthy("log out");
    }

    /** The email's link into the console that contains {@code part}. */
    private static String linkTo(com.fasterxml.jackson.databind.JsonNode email, String part) {
        return java.util.regex.Pattern.compile("https?://\\S+").matcher(email.path("text").asText()).results()
                .map(java.util.regex.MatchResult::group).filter(link -> link.contains(part)).findFirst()
                .orElseThrow(() -> new AssertionError("No link with " + part + " in " + email));
    }

    private static String rule(ConsoleBrowser b, String id) {
        return b.visible(By.cssSelector("[data-testid='password-rules'] li[data-rule='" + id + "']")).getAttribute("data-met");
    }

    private static int counter(ConsoleBrowser b) {
        return Integer.parseInt(b.visible("notifications-counter").getAttribute("data-count"));
    }

    /** "N of M done" names exactly the steps listed under it (it once said "2 of 6" above ten). */
    static void assertChecklistCountMatchesItsSteps(ConsoleBrowser b) {
        b.until(d -> !d.findElements(By.cssSelector("#setup-steps li.step")).isEmpty(), "the setup checklist");
        // Read in one go: the checklist re-renders whenever a step may have changed.
        @SuppressWarnings("unchecked")
        List<Object> read = (List<Object>) b.script("const steps = [...document.querySelectorAll('#setup-steps li.step')];"
                + "return [steps.length, steps.filter(s => s.dataset.state === 'DONE').length,"
                + " document.getElementById('setup-summary').textContent];");
        assertThat(read.get(2)).isEqualTo(read.get(1) + " of " + read.get(0) + " done");
    }
}
