package com.mailmoat.e2e;

import static com.mailmoat.e2e.ConsoleBrowser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The first look with the README's {@code --demo} login, in headless Chromium: the product already
 * working (a connected tenant shown by name, its Threat Scan and report), every page of the console
 * (Detections with search, filters, paging, detail and the confirmation dialog; Domains & DNS;
 * Account; the notification list) checked with axe-core, and each console defect a new user found
 * on the first run, checked where it was seen.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoConsoleTest {

    @Test
    @Order(1)
    void theSignInFormSaysWhatIsWrongBesideTheField() {
        ConsoleBrowser b = ConsoleBrowser.get();
        b.forgetSession(LocalStack.get().consoleUrl());
        b.open(LocalStack.get().consoleUrl());
        b.visible("login-email").sendKeys("not-an-email");
        b.click("login-submit");
        WebElement error = b.visible(By.id("login-email-error"));
        assertThat(error.getText()).contains("valid email address").doesNotStartWith("Enter your email address.");
        assertThat(b.script("return document.activeElement.id")).isEqualTo("login-email");
        b.visible("login-email").clear();
        b.click("login-submit");
        assertThat(b.visible(By.id("login-email-error")).getText()).isEqualTo("Enter your email address.");
        b.screenshot("demo-01-sign-in-errors");
        b.checkAccessibility("demo-01-sign-in-errors");
    }

    @Test
    @Order(2)
    void theDemoLoginShowsTheProductWorking() {
        ConsoleBrowser b = ConsoleBrowser.get();
        b.visible("login-email").clear();
        b.visible("login-email").sendKeys(DemoLogin.email());
        b.visible("login-password").sendKeys(DemoLogin.password());
        b.click("login-submit");

        assertThat(b.visible("trial-days").getText()).contains("days left");
        // The tenant by its name, not only its id.
        assertThat(b.visible(By.id("tenant-name")).getText()).isEqualTo("Connected to Northwind Demo");
        b.visible("scan-progress");
        WebElement complete = b.visible("scan-complete");
        assertThat(complete.getText()).containsPattern("\\d+ threats found");
        b.until(d -> !d.findElements(By.cssSelector("#threats-chart rect.chart-bar")).isEmpty(), "the threats-per-day chart");
        assertThat(b.driver.findElements(By.cssSelector("#scan-report .totals li"))).isNotEmpty();
        assertThat(b.driver.findElements(By.cssSelector("#ranking-mailbox + ol li, ol[aria-labelledby='ranking-mailbox'] li"))).isNotEmpty();
        // The first scan in the history (another test may have fired the daily scan since).
        assertThat(b.driver.findElements(By.cssSelector("#scan-history tbody tr")).stream().map(WebElement::getText))
                .filteredOn(row -> row.contains("First scan")).hasSize(1);
        b.until(d -> !d.findElements(By.cssSelector("#setup-steps [data-step='threat-scan'][data-state='DONE']")).isEmpty(),
                "the checklist's Threat Scan step to be done");
        ConsoleJourneyTest.assertChecklistCountMatchesItsSteps(b);
        b.screenshot("demo-02-home");
        b.checkAccessibility("demo-02-home");
    }

    @Test
    @Order(3)
    void detectionsCanBeSearchedFilteredPagedAndOpened() {
        ConsoleBrowser b = ConsoleBrowser.get();
        b.click(By.cssSelector("#main-nav a[data-route='detections']"));
        List<WebElement> rows = rows(b);
        int all = rows.size();
        assertThat(all).isGreaterThan(5);
        // At 1280 px every column, down to each message's status, is in view without scrolling sideways.
        assertThat(b.script("const s = document.querySelector('#detections-view .table-scroll');"
                + " return s.scrollWidth - s.clientWidth;")).as("pixels of the list hidden to the right")
                .isEqualTo(0L);
        b.screenshot("demo-03-detections");
        b.checkAccessibility("demo-03-detections");

        // Search: every row left mentions the word.
        String subject = rows.get(0).findElement(By.cssSelector("a.detection-link")).getText();
        String word = java.util.Arrays.stream(subject.split("\\W+")).filter(w -> w.length() >= 5).findFirst().orElse(subject);
        b.visible("detections-search").sendKeys(word);
        b.until(d -> rows(b).size() < all || rows(b).stream().allMatch(r -> r.getText().toLowerCase().contains(word.toLowerCase())),
                "the search to narrow the list");
        assertThat(rows(b)).allSatisfy(r -> assertThat(r.getText().toLowerCase()).contains(word.toLowerCase()));
        b.click(By.id("filters-clear"));
        b.until(d -> rows(b).size() == all, "every detection again");

        // A filter: only that level.
        new Select(b.visible(By.id("filter-level"))).selectByValue("MALICIOUS");
        b.until(d -> rows(b).stream().allMatch(r -> "MALICIOUS".equals(r.getAttribute("data-level"))), "malicious ones only");
        b.click(By.id("filters-clear"));
        b.until(d -> rows(b).size() == all, "every detection again");

        // Paging.
        new Select(b.visible(By.id("page-size"))).selectByValue("25");
        b.until(d -> rows(b).size() == Math.min(25, all), "pages of 25");
        if (all > 25) {
            b.click(By.id("page-next"));
            b.until(d -> b.visible(By.id("page-info")).getText().startsWith("Showing 26"), "the second page");
            b.click(By.id("page-previous"));
            b.until(d -> b.visible(By.id("page-info")).getText().startsWith("Showing 1–"), "the first page again");
        }

        // Audit #2 and #3: on malware, "Not a threat" names the file and waits for an explicit acknowledgement,
        // and Block sender says what blocking does; both act only once confirmed.
        b.open(LocalStack.get().consoleUrl() + "#/detections?category=MALWARE");
        b.until(d -> !rows(b).isEmpty() && rows(b).stream().allMatch(r -> r.getText().contains("Malware")), "malware only");
        String malwareId = rows(b).get(0).getAttribute("data-id");
        b.click(By.cssSelector("[data-testid='detection-row'] a.detection-link"));
        b.until(d -> !d.findElements(By.cssSelector("#detection-reasons li.reason")).isEmpty(), "the malware's reasons");
        b.click("not-a-threat");
        WebElement malwareDialog = b.visible(By.cssSelector("dialog[open]"));
        assertThat(malwareDialog.getText()).contains("Mark this message as not a threat?").containsPattern("as (malicious|suspicious) \\(.*Malware")
                .contains("never learns malware as wanted mail");
        assertThat(b.visible("confirm").isEnabled()).as("not before the acknowledgement").isFalse();
        b.click("confirm-acknowledge");
        assertThat(b.visible("confirm").isEnabled()).isTrue();
        b.checkAccessibility("demo-04-not-a-threat-malware");
        b.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        b.until(d -> d.findElements(testId("confirm")).isEmpty(), "Escape to close the dialog");
        b.click(By.id("detail-block-sender"));
        assertThat(b.visible(By.cssSelector("dialog[open]")).getText()).contains("always be treated as malicious")
                .contains("unblock the sender on Policies");
        b.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        b.until(d -> d.findElements(testId("confirm")).isEmpty(), "Escape to close the dialog");
        assertThat(b.driver.findElement(By.id("detail-sender-result")).getText()).as("nothing blocked").isEmpty();
        // Removed, then released: the release names the risk, waits for the acknowledgement, and is not learnt as wanted.
        b.click(By.id("detail-remove"));
        b.visible("confirm");
        b.click("confirm");
        b.until(d -> d.findElement(By.id("detail-release")).isEnabled(), "the malware to be removed");
        b.click(By.id("detail-release"));
        String releaseDialog = b.visible(By.cssSelector("dialog[open]")).getText();
        assertThat(releaseDialog).contains("This message carries malware").contains("does not learn malware as wanted mail")
                .doesNotContain("learns that such mail is wanted");
        assertThat(b.visible("confirm").isEnabled()).as("not before the acknowledgement").isFalse();
        b.click("confirm-acknowledge");
        b.screenshot("demo-04-release-malware");
        b.checkAccessibility("demo-04-release-malware");
        b.click("confirm");
        b.until(d -> "EXCLUDED".equals(((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + " fetch('/api/learning').then((r) => r.json()).then((l) => done((l.recent ?? [])"
                + ".find((f) => f.key === arguments[0])?.status ?? null));", malwareId)), "the release recorded, not learnt");
        b.until(d -> d.findElement(By.id("detections-job")).getText().startsWith("Released: 1 of 1"), "the release's line");
        // Audit #24: Back closes the detail and gives focus back to the message's row.
        b.driver.navigate().back();
        b.until(d -> !d.findElement(By.id("detection-detail")).isDisplayed(), "Back to close the detail");
        b.until(d -> malwareId.equals(b.script("return document.activeElement.closest('tr')?.dataset.id ?? null")),
                "focus back on the row");
        // Audit #25: the finished release's line does not follow into a later visit; Recent verdicts say why it was not learnt.
        b.click(By.cssSelector("#main-nav a[data-route='home']"));
        b.visible("scan-complete");
        b.click(By.cssSelector("#main-nav a[data-route='detections']"));
        b.until(d -> d.findElements(By.cssSelector("[data-testid='learning-verdict'][data-status='EXCLUDED']")).stream()
                .anyMatch(row -> String.valueOf(row.getAttribute("textContent")).contains("Not learnt: malware")),
                "Recent verdicts to say the malware was not learnt");
        assertThat(b.driver.findElement(By.id("detections-job")).isDisplayed()).as("no stale 'Released: 1 of 1.'").isFalse();
        b.until(d -> rows(b).size() == Math.min(25, all), "every detection again");

        // The detail panel: every reason with its evidence; Escape closes it. (Not malware: its verdict is learnt below.)
        b.click(By.xpath("//tr[@data-testid='detection-row'][not(contains(., 'Malware'))]//a[contains(@class, 'detection-link')]"));
        b.until(d -> !d.findElements(By.cssSelector("#detection-reasons li.reason")).isEmpty(), "the reasons");
        WebElement detail = b.visible(By.id("detection-detail"));
        assertThat(detail.getText()).contains("Why it was flagged").contains("Message ID");
        b.screenshot("demo-04-detection-detail");
        b.checkAccessibility("demo-04-detection-detail");
        // Only reasons that added points are under "Why it was flagged"; the pager says of how many.
        assertThat(b.driver.findElements(By.cssSelector("#detection-reasons li.reason")))
                .allSatisfy(reason -> assertThat(reason.getText()).contains("+"));
        assertThat(b.visible(By.id("page-info")).getText()).matches("Showing 1–\\d+ of (more than )?\\d+");
        // Remove all from this sender: the confirmation says how many and whose; Escape leaves them.
        String sender = detail.findElement(By.id("detail-sender-filter")).getAttribute("href");
        assertThat(sender).contains("sender=");
        b.click(By.id("detail-remove-sender"));
        assertThat(b.visible("confirm").getText()).matches("Remove \\d+ messages?");
        assertThat(b.visible(By.cssSelector("dialog[open]")).getText()).contains("Every message from ");
        b.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        b.until(d -> d.findElements(testId("confirm")).isEmpty(), "Escape to close the dialog");

        // Learning: "Not a threat" is learnt (the panel counts it, Recent verdicts lists it as learnt);
        // a missed threat needs its Message-ID.
        WebElement panel = b.visible("learning-panel");
        int learnt = Integer.parseInt(waitForAttribute(b, panel, "data-learned-from"));
        b.click("not-a-threat");
        assertThat(b.visible(By.cssSelector("dialog[open]")).getText()).contains("Mark this message as not a threat?")
                .contains("Mailmoat learns that mail like it is wanted");
        b.click("confirm");
        b.until(d -> Integer.parseInt(String.valueOf(panel.getAttribute("data-learned-from"))) == learnt + 1,
                "the model to learn the verdict");
        assertThat(b.visible("learning-summary").getText()).startsWith("Learnt from ");
        // The message itself is marked: no longer waiting for a decision, and its history says who decided.
        b.until(d -> String.valueOf(detail.getAttribute("textContent")).contains("Marked not a threat"),
                "the detection's history to name the verdict");
        assertThat(b.visible("not-a-threat").isEnabled()).as("said once").isFalse();
        b.until(d -> !d.findElements(By.cssSelector("[data-testid='learning-recent'] [data-testid='learning-verdict']"
                + "[data-status='LEARNED']")).isEmpty(), "Recent verdicts to list the verdict as learnt");
        // Allow sender: confirmed first, saying what an allow entry still does not let through; then listed.
        b.click(By.id("detail-allow-sender"));
        assertThat(b.visible(By.cssSelector("dialog[open]")).getText())
                .contains("will no longer be flagged").contains("Malware and high-confidence phishing are still caught");
        b.click("confirm");
        b.until(d -> d.findElement(By.id("detail-sender-result")).getText().contains("is now on the Allowed senders list"),
                "the sender to be allowed");
        b.click("report-missed-submit");
        b.until(d -> !d.findElements(By.cssSelector("#report-missed .part-error:not([hidden])")).isEmpty(),
                "the missing Message-ID named");

        // A well-formed Message-ID no mailbox has: nothing can be learnt, and the list says so and why.
        String neverSent = "<never-sent-" + System.currentTimeMillis() + "@nowhere.example>";
        // Pasted as Outlook's Message details show it (a one-line field drops the line breaks).
        b.visible("report-missed-id").sendKeys("Subject: Your parcel Message-ID: " + neverSent + " Date: Mon, 7 Dec 2026");
        b.click("report-missed-submit");
        // Quarantining mail is confirmed first, naming the message and what will happen to it.
        assertThat(b.visible(By.cssSelector("dialog[open]")).getText()).contains(neverSent).contains("quarantine");
        b.click("confirm");
        b.until(d -> d.findElements(By.cssSelector("[data-testid='learning-verdict'][data-status='UNAVAILABLE']")).stream()
                .map(row -> String.valueOf(row.getAttribute("textContent")))
                .anyMatch(text -> text.contains(neverSent) && text.contains("Not learnt")
                        && text.contains("No mailbox has a message with this Message-ID.")),
                "Recent verdicts to say the reported Message-ID was not learnt");
        // At 1280 px the list, with its long Message-IDs, fits without scrolling sideways.
        assertThat(b.script("const s = document.querySelector('#learning-recent .table-scroll');"
                + " return s.scrollWidth - s.clientWidth;")).as("pixels of Recent verdicts hidden to the right")
                .isEqualTo(0L);
        b.screenshot("demo-04b-learning");
        b.checkAccessibility("demo-04b-learning");
        b.script("document.getElementById('detail-heading').focus(); return true");
        b.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        b.until(d -> !d.findElement(By.id("detection-detail")).isDisplayed(), "Escape to close the detail");

        // Multi-select, and the confirmation dialog: focus stays inside, Escape cancels.
        List<WebElement> boxes = b.driver.findElements(By.cssSelector("#detections-body input.row-select"));
        boxes.get(0).click();
        boxes.get(1).click();
        assertThat(b.visible(By.id("selected-count")).getText()).isEqualTo("2 messages selected");
        b.click(By.id("remove-selected"));
        WebElement confirm = b.visible("confirm");
        assertThat(confirm.getText()).isEqualTo("Remove 2 messages");
        b.checkAccessibility("demo-05-confirmation-dialog");
        for (int i = 0; i < 4; i++) {
            b.driver.switchTo().activeElement().sendKeys(Keys.TAB);
            assertThat(b.script("return !!document.activeElement.closest('dialog')")).as("focus stays in the dialog").isEqualTo(true);
        }
        b.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        b.until(d -> d.findElements(testId("confirm")).isEmpty(), "Escape to close the dialog");
        assertThat(b.script("return document.activeElement.id")).isEqualTo("remove-selected");
        b.click(By.id("clear-selection"));
        b.assertHealthy("detections");

        // Home's Remove Threats names the messages that will move: the scan's threats still waiting (the one
        // marked "Not a threat" above is not among them), not every threat the scan found.
        b.click(By.cssSelector("#main-nav a[data-route='home']"));
        b.visible("scan-complete");
        String scanId = String.valueOf(b.script("return new URLSearchParams(document.getElementById('view-threats')"
                + ".getAttribute('href').split('?')[1]).get('scanId')"));
        long waiting = (Long) ((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + " fetch('/api/detections?status=DETECTED&limit=200&scanId=' + encodeURIComponent(arguments[0]))"
                + ".then((r) => r.json()).then((page) => done(page.items.length));", scanId);
        b.click("remove-threats");
        assertThat(b.visible("confirm").getText()).isEqualTo("Remove " + waiting + (waiting == 1 ? " message" : " messages"));
        b.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        b.until(d -> d.findElements(testId("confirm")).isEmpty(), "Escape to close the dialog");
        b.click(By.cssSelector("#main-nav a[data-route='detections']"));
    }

    @Test
    @Order(4)
    void domainsAndDnsSayWhatToDoAndKeepTheChecklistCurrent() {
        ConsoleBrowser b = ConsoleBrowser.get();
        b.click(By.cssSelector("#main-nav a[data-route='domains']"));
        String domain = DemoLogin.tenant()[1];
        b.visible(By.cssSelector("#domain-list [data-domain='" + domain + "']"));
        b.visible(By.id("local-dns-hint"));

        // Re-running checks with no verified domain says so (no "all 0 passed").
        b.click(By.id("checks-rerun"));
        b.until(d -> !b.visible(By.id("checks-summary")).getText().isBlank(), "the re-run's summary");
        assertThat(b.visible(By.id("checks-summary")).getText()).contains("nothing to check yet").doesNotContain("0 passed");

        // A mistyped domain: the error sits under the field, which has focus.
        WebElement input = b.visible(By.id("domain-input"));
        input.sendKeys("not a domain");
        b.click(By.id("domain-add"));
        assertThat(b.visible(By.id("domain-input-error")).getText()).contains("is not a domain name");
        assertThat(b.script("return document.activeElement.id")).isEqualTo("domain-input");
        input.clear();

        // One verb for one action; the record is published at the simulated DNS host in one click.
        assertThat(b.visible(By.id("domains-view")).getText()).doesNotContain("Validate");
        b.click(By.cssSelector("#domain-list [data-domain='" + domain + "'] button.domain-verify"));
        b.visible(By.cssSelector("#domain-list [data-domain='" + domain + "'][data-state='PENDING']"));
        // A record just made cannot be published yet: it is shown, with what to do, not checked and failed.
        b.until(d -> b.visible(By.id("status-message")).getText().contains("Publish the TXT record"), "what to do next");
        assertThat(b.visible(By.id("domain-list")).getText()).doesNotContain("not found");
        b.click(By.cssSelector("#domain-list [data-domain='" + domain + "'][data-state='PENDING'] button.publish-local"));
        b.until(d -> b.visible(By.id("status-message")).getText().contains("Published"), "the record to be published");
        b.click(By.cssSelector("#domain-list [data-domain='" + domain + "'] button.domain-verify"));
        b.visible(By.cssSelector("#domain-list [data-domain='" + domain + "'][data-state='VERIFIED']"));
        b.visible(By.cssSelector("#check-list [data-check='spf:" + domain + "']"));
        b.screenshot("demo-06-domains");
        b.checkAccessibility("demo-06-domains");

        // Adding it again says it is verified, not "added, publish its TXT record".
        b.visible(By.id("domain-input")).sendKeys(domain);
        b.click(By.id("domain-add"));
        b.until(d -> b.visible(By.id("status-message")).getText().contains("already verified"), "the already-verified answer");

        // The list keeps one order (alphabetical), before and after a reload.
        for (String other : List.of("zulu-branch.example", "alpha-branch.example")) {
            b.visible(By.id("domain-input")).clear();
            b.visible(By.id("domain-input")).sendKeys(other);
            b.click(By.id("domain-add"));
            b.visible(By.cssSelector("#domain-list [data-domain='" + other + "']"));
        }
        List<String> order = domainOrder(b);
        assertThat(order).isSorted().contains(domain, "alpha-branch.example", "zulu-branch.example");
        b.driver.navigate().refresh();
        b.visible(By.cssSelector("#domain-list [data-domain='zulu-branch.example']"));
        assertThat(domainOrder(b)).isEqualTo(order);

        // Fix SPF at the simulated DNS host, re-run: the checklist on Home follows without a reload.
        assertThat(b.visible(By.cssSelector("#check-list [data-check='spf:" + domain + "']")).getAttribute("data-status"))
                .isEqualTo("FAIL");
        b.click(By.cssSelector("#check-list [data-check='spf:" + domain + "'] button.publish-local"));
        b.until(d -> b.visible(By.id("status-message")).getText().contains("Published"), "the SPF record to be published");
        b.click(By.id("checks-rerun"));
        b.until(d -> List.of("PASS", "WARN").contains(d.findElement(By.cssSelector("#check-list [data-check='spf:" + domain + "']"))
                .getAttribute("data-status")), "SPF to pass after the fix");
        b.click(By.cssSelector("#main-nav a[data-route='home']"));
        b.until(d -> !d.findElements(By.cssSelector("#setup-steps [data-step='spf-include'][data-state='DONE']")).isEmpty(),
                "the checklist's SPF step to be done without a reload");
        b.until(d -> !d.findElements(By.cssSelector("#setup-steps [data-step='domains-validated'][data-state='DONE']")).isEmpty(),
                "the checklist's domains step to be done without a reload");
        ConsoleJourneyTest.assertChecklistCountMatchesItsSteps(b);
        b.assertHealthy("domains");
    }

    @Test
    @Order(5)
    void protectionPoliciesAndUpgradeAreThereForAThreatScanOnlyAccount() {
        ConsoleBrowser b = ConsoleBrowser.get();
        // Home offers the upgrade; the Upgrade page says what it changes before anything is done.
        assertThat(b.visible("upgrade-banner").getText()).contains("Install Advanced Protection");
        b.click(By.cssSelector("#main-nav a[data-route='upgrade']"));
        assertThat(b.visible(By.id("upgrade-form")).getText()).contains("What changes in your Microsoft 365")
                .contains("no MX record, connector, routing domain or ARC setting is changed");
        b.visible("offboard");
        b.checkAccessibility("demo-upgrade");

        // Protection: Threat Scan only in force; Monitor leads to the upgrade rather than a mode change.
        b.click(By.cssSelector("#main-nav a[data-route='protection']"));
        b.until(d -> "THREAT_SCAN_ONLY".equals(d.findElement(testId("protection-mode")).getAttribute("data-mode")),
                "Threat Scan only in force");
        b.click(By.cssSelector("label[for='mode-monitor']"));
        assertThat(b.visible(By.id("mode-upgrade-note")).getText()).contains("switched on by the upgrade");
        assertThat(b.visible("mode-submit").getText()).isEqualTo("Continue to Upgrade");
        b.checkAccessibility("demo-protection");

        // Policies: the Default Policy and the three sender lists.
        b.click(By.cssSelector("#main-nav a[data-route='policies']"));
        assertThat(b.visible(By.cssSelector("#policy-list tr[data-default='true']")).getText()).contains("Default Policy");
        for (String list : List.of("blocked", "permitted", "spoofing-exceptions")) {
            b.visible(By.id("sender-" + list + "-entries"));
        }
        // The sender allowed from a detection is listed, with a note saying where it came from.
        b.until(d -> d.findElement(By.id("sender-permitted-entries")).getText().contains("Allowed from a detection: “"),
                "the sender allowed from a detection on the Allowed list");
        b.checkAccessibility("demo-policies");
        b.click(By.cssSelector("#main-nav a[data-route='home']"));
        b.assertHealthy("protection, policies and upgrade");
    }

    @Test
    @Order(6)
    void theNotificationAreaAndAccountPagesWork() {
        ConsoleBrowser b = ConsoleBrowser.get();
        b.click(By.id("notifications-button"));
        WebElement list = b.visible("notifications-list");
        b.until(d -> list.getText().contains("Threat Scan Complete"), "the scan's notification in the list");
        b.screenshot("demo-07-notifications");
        b.checkAccessibility("demo-07-notifications");
        // The list sits beside the page: Home's buttons stay clickable.
        b.click("view-threats");
        b.until(d -> d.getCurrentUrl().contains("#/detections"), "View Threats with the list open");
        b.driver.findElement(By.id("notifications-panel")).sendKeys(Keys.ESCAPE);

        b.click(By.id("account-menu-button"));
        b.click(By.id("menu-profile"));
        WebElement profile = b.visible(By.id("profile-list"));
        assertThat(profile.getText()).contains(DemoLogin.email()).contains("Northwind Demo");
        // The company name can be corrected; a name that would turn into a link in an email is refused at the field.
        WebElement company = b.visible(By.id("profile-company"));
        assertThat(company.getAttribute("value")).isEqualTo("Northwind Demo");
        company.clear();
        company.sendKeys("See www.northwind.example");
        b.click(By.id("profile-company-save"));
        b.until(d -> "true".equals(company.getAttribute("aria-invalid")), "the company field to be marked wrong");
        company.clear();
        company.sendKeys("Northwind Traders");
        b.click(By.id("profile-company-save"));
        b.until(d -> d.findElement(By.id("profile-list")).getText().contains("Northwind Traders"), "the new name in the profile");
        company.clear();
        company.sendKeys("Northwind Demo");
        b.click(By.id("profile-company-save"));
        b.until(d -> d.findElement(By.id("profile-list")).getText().contains("Northwind Demo"), "the demo's name back");
        b.click(By.id("account-menu-button"));
        b.click(By.id("menu-branding"));
        b.visible(By.id("branding-form"));
        b.screenshot("demo-08-account");
        b.checkAccessibility("demo-08-account");

        b.click("logout");
        b.visible("login-email");
        b.assertHealthy("account");
    }

    @Test
    @Order(7)
    void forgotPasswordAndTheConsentResultSayOnlyOurWords() {
        ConsoleBrowser b = ConsoleBrowser.get();
        String console = LocalStack.get().consoleUrl();
        b.open(console);
        // Forgot password? asks for a reset link, answered the same whatever the address.
        b.click(By.id("forgot-password"));
        b.visible(By.id("reset-email")).clear();
        b.visible(By.id("reset-email")).sendKeys(DemoLogin.email());
        b.screenshot("demo-09-forgot-password");
        b.checkAccessibility("demo-09-forgot-password");
        b.click(By.id("reset-submit"));
        b.visible(By.id("reset-done"));
        assertThat(Outbox.firstLink(Outbox.awaitSubject(DemoLogin.email(), "Reset your Mailmoat password"))).contains("&reset=1");

        // The consent result says what happened in our words, whatever the address bar carries.
        b.open(console + "consent-result?status=error&reason=trial_tenant&message=Call%20%2B1-555-0100%20now");
        assertThat(b.visible(By.id("consent-message")).getText()).contains("trial tenants are not supported");
        assertThat(b.visible(By.tagName("body")).getText()).doesNotContain("555");
        b.checkAccessibility("demo-10-consent-refused");
        b.open(console + "consent-result?status=error&message=Call%20%2B1-555-0100%20now");
        assertThat(b.visible(By.id("consent-message")).getText()).isNotBlank();
        assertThat(b.visible(By.tagName("body")).getText()).doesNotContain("555");
        b.assertHealthy("forgot password and consent result");
    }

    /**
     * On a phone (390 px) and a tablet (768 px): no page scrolls sideways (wide tables scroll inside
     * their own frame), no control runs out of its card, the navigation and every page's main actions
     * are in view and at least 40 px high, and the top bar never covers what has focus. Runs last: it
     * resizes the browser every browser test shares, and always puts it back.
     */
    @Test
    @Order(8)
    void everyPageFitsAPhoneAndATablet() {
        ConsoleBrowser b = ConsoleBrowser.get();
        try {
            for (Dimension size : List.of(new Dimension(390, 844), new Dimension(768, 1024))) {
                b.driver.manage().window().setSize(size);
                walkThroughTheConsole(b, size.getWidth());
            }
        } finally {
            // The size ConsoleBrowser starts Chromium with, which the other browser tests expect.
            b.driver.manage().window().setSize(new Dimension(1280, 1000));
        }
    }

    private static void walkThroughTheConsole(ConsoleBrowser b, int width) {
        boolean phone = width < 560;
        String console = LocalStack.get().consoleUrl();
        b.forgetSession(console);
        b.open(console);
        b.visible("login-email");
        checkNarrowPage(b, width, "sign-in", phone);
        assertTouchable(b, testId("login-submit"));
        assertTouchable(b, testId("signup-submit"));

        b.visible("login-email").sendKeys(DemoLogin.email());
        b.visible("login-password").sendKeys(DemoLogin.password());
        b.click("login-submit");
        b.visible("scan-complete");
        b.until(d -> !d.findElements(By.cssSelector("#threats-chart rect.chart-bar")).isEmpty(), "the threats-per-day chart");
        b.until(d -> !d.findElements(By.cssSelector("#scan-history tbody tr")).isEmpty(), "the scan history");
        checkNarrowPage(b, width, "home", phone);
        for (WebElement link : b.driver.findElements(By.cssSelector("#main-nav a"))) {
            assertTouchable(b, link);
        }
        for (String id : List.of("notifications-button", "account-menu-button", "logout")) {
            assertTouchable(b, By.id(id));
        }
        assertTouchable(b, testId("remove-threats"));
        assertTouchable(b, testId("view-threats"));

        b.click(By.id("notifications-button"));
        b.until(d -> b.visible("notifications-list").getText().contains("Threat Scan Complete"), "the notification list");
        checkNarrowPage(b, width, "notifications", phone);
        b.click(By.id("notifications-close"));

        // Detections: each message's subject, the link that opens it, is in view without scrolling sideways.
        b.click(By.cssSelector("#main-nav a[data-route='detections']"));
        rows(b);
        checkNarrowPage(b, width, "detections", phone);
        if (phone) {
            // The filters wait behind "More filters", so the first screen shows messages.
            assertThat(b.driver.findElement(By.id("filter-level")).isDisplayed()).as("Level filter before asking").isFalse();
            assertTouchable(b, By.id("filters-toggle"));
            b.click(By.id("filters-toggle"));
            assertThat(b.visible(By.id("filter-level")).isDisplayed()).isTrue();
            b.click(By.id("filters-toggle"));
        }
        assertInView(b, b.visible(By.cssSelector("[data-testid='detection-row'] a.detection-link")));
        b.click(By.cssSelector("#detections-body input.row-select"));
        assertTouchable(b, By.id("remove-selected"));
        b.click(By.id("remove-selected"));
        checkNarrowPage(b, width, "remove-confirmation", false);
        assertTouchable(b, testId("confirm"));
        b.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        b.until(d -> d.findElements(testId("confirm")).isEmpty(), "Escape to close the dialog");
        b.click(By.id("clear-selection"));

        b.click(By.cssSelector("[data-testid='detection-row'] a.detection-link"));
        b.until(d -> !d.findElements(By.cssSelector("#detection-reasons li.reason")).isEmpty(), "the reasons");
        b.until(d -> !d.findElements(By.cssSelector("[data-testid='learning-recent'] [data-testid='learning-verdict']")).isEmpty(),
                "Recent verdicts");
        checkNarrowPage(b, width, "detection-and-learning", phone);
        assertTouchable(b, By.id("detail-remove"));
        assertTouchable(b, testId("not-a-threat"));
        assertTouchable(b, testId("report-missed-submit"));
        b.click(By.id("detail-close"));

        b.click(By.cssSelector("#main-nav a[data-route='protection']"));
        b.until(d -> d.findElement(testId("protection-mode")).getAttribute("data-mode") != null, "the mode in force");
        checkNarrowPage(b, width, "protection", phone);
        assertTouchable(b, testId("mode-submit"));

        b.click(By.cssSelector("#main-nav a[data-route='policies']"));
        b.visible(By.cssSelector("#policy-list tr[data-default='true']"));
        checkNarrowPage(b, width, "policies", phone);
        assertTouchable(b, testId("policy-new"));
        b.click("policy-new");
        b.visible(By.id("policy-form"));
        checkNarrowPage(b, width, "policy-editor", phone);
        assertTouchable(b, testId("policy-save"));
        b.click(By.id("policy-cancel"));

        b.click(By.cssSelector("#main-nav a[data-route='upgrade']"));
        b.visible(By.id("upgrade-form"));
        checkNarrowPage(b, width, "upgrade", phone);
        assertTouchable(b, testId("upgrade-now"));
        assertTouchable(b, testId("offboard"));

        b.click(By.cssSelector("#main-nav a[data-route='domains']"));
        b.visible(By.cssSelector("#domain-list [data-domain='" + DemoLogin.tenant()[1] + "']"));
        b.visible(By.cssSelector("#check-list [data-check]"));
        checkNarrowPage(b, width, "domains", phone);
        assertTouchable(b, By.id("domain-add"));
        assertTouchable(b, By.id("checks-rerun"));

        b.click(By.id("account-menu-button"));
        checkNarrowPage(b, width, "account-menu", false);
        assertTouchable(b, By.id("menu-profile"));
        b.click(By.id("menu-profile"));
        b.until(d -> b.visible(By.id("profile-list")).getText().contains(DemoLogin.email()), "the profile");
        b.visible(By.id("branding-form"));
        checkNarrowPage(b, width, "account", phone);
        assertTouchable(b, By.id("branding-save"));
        assertTouchable(b, By.id("change-password"));
        if (phone) {
            // A signed-in administrator changes their password through a link to their mailbox (the same
            // link as Forgot password?, at most one per address every 10 minutes, so the outbox is not counted).
            b.click(By.id("change-password"));
            b.until(d -> b.visible(By.id("status-message")).getText()
                    .contains("We emailed a link to change your password to " + DemoLogin.email()), "the link to be sent");
        }

        b.click("logout");
        b.visible("login-email");
        b.assertHealthy("narrow screens at " + width + " px");
    }

    /**
     * The page as it is now: it does not scroll sideways, no control or heading runs out of its card
     * (or the window), and a top bar that stays in view is short and clear of what is scrolled to; then
     * a screenshot (and, when asked, axe-core).
     */
    @SuppressWarnings("unchecked")
    private static void checkNarrowPage(ConsoleBrowser b, int width, String page, boolean accessibility) {
        String name = "demo-narrow-" + width + "-" + page;
        List<String> problems = (List<String>) b.script("""
                const root = document.documentElement;
                const problems = [];
                if (root.scrollWidth > root.clientWidth) {
                  problems.push('the page scrolls sideways by ' + (root.scrollWidth - root.clientWidth) + ' px');
                }
                const describe = (e) => (e.id ? '#' + e.id : e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))
                  + ' "' + (e.textContent || e.placeholder || e.value || '').trim().slice(0, 40) + '"';
                for (const e of document.querySelectorAll('a, button, input, select, textarea, h1, h2, h3')) {
                  if (!e.getClientRects().length || e.closest('.table-scroll, .visually-hidden, .skip-link, .offscreen')) continue;
                  const r = e.getBoundingClientRect();
                  if (r.width === 0 || r.height === 0) continue;
                  const box = e.parentElement.closest('dialog, .card, .detail-panel, .drawer, .item, .banner, .fieldset, .complete-bar, .topbar-inner, main');
                  const limit = box ? box.getBoundingClientRect() : { left: 0, right: root.clientWidth };
                  if (r.left < limit.left - 1 || r.right > limit.right + 1) {
                    problems.push(describe(e) + ' runs out of ' + (box ? describe(box).slice(0, 40) : 'the window'));
                  }
                }
                const bar = document.querySelector('.topbar');
                if (getComputedStyle(bar).position === 'sticky') {
                  const height = bar.getBoundingClientRect().height;
                  if (height > innerHeight / 5) {
                    problems.push('the top bar stays in view and takes ' + Math.round(100 * height / innerHeight) + '% of the window');
                  }
                  if (parseFloat(getComputedStyle(root).scrollPaddingTop) < height) {
                    problems.push('what is scrolled into view can hide under the ' + Math.round(height) + ' px top bar');
                  }
                }
                return problems;""");
        b.screenshot(name);
        assertThat(problems).as("layout problems on " + page + " at " + width + " px (screenshot target/screenshots/"
                + name + ".png)").isEmpty();
        if (accessibility) {
            b.checkAccessibility(name);
        }
    }

    private static void assertTouchable(ConsoleBrowser b, By by) {
        assertTouchable(b, b.visible(by));
    }

    /** A button or navigation link: {@link #assertInView} and at least 40 px high, for a finger. */
    private static void assertTouchable(ConsoleBrowser b, WebElement element) {
        double height = assertInView(b, element);
        assertThat(height).as(describe(element) + ": height for a finger").isGreaterThanOrEqualTo(40);
    }

    /** Once scrolled to: inside the window's width and not covered by anything. Returns its height. */
    @SuppressWarnings("unchecked")
    private static double assertInView(ConsoleBrowser b, WebElement element) {
        Map<String, Object> box = (Map<String, Object>) b.script("""
                const e = arguments[0];
                e.scrollIntoView({ block: 'center', inline: 'nearest' });
                const r = e.getBoundingClientRect();
                // A link over two lines: the middle of its first line (the middle of its box may fall between).
                const line = e.getClientRects()[0];
                const hit = document.elementFromPoint(line.left + line.width / 2, line.top + line.height / 2);
                return { left: r.left, right: r.right, height: r.height, window: document.documentElement.clientWidth,
                         uncovered: !!hit && (e === hit || e.contains(hit)) };""", element);
        String what = describe(element);
        assertThat(((Number) box.get("left")).doubleValue()).as(what + ": left edge in the window").isGreaterThanOrEqualTo(0);
        assertThat(((Number) box.get("right")).doubleValue()).as(what + ": right edge in the window")
                .isLessThanOrEqualTo(((Number) box.get("window")).doubleValue());
        assertThat(box.get("uncovered")).as(what + ": nothing covers it").isEqualTo(true);
        return ((Number) box.get("height")).doubleValue();
    }

    private static String describe(WebElement element) {
        return element.getTagName() + " \"" + element.getText() + "\" (" + element.getAttribute("id") + ")";
    }

    @SuppressWarnings("unchecked")
    private static List<String> domainOrder(ConsoleBrowser b) {
        return (List<String>) b.script("return [...document.querySelectorAll('#domain-list [data-domain]')].map(e => e.dataset.domain)");
    }

    private static List<WebElement> rows(ConsoleBrowser b) {
        return b.wait.until(d -> {
            List<WebElement> found = d.findElements(testId("detection-row"));
            return found.isEmpty() ? null : found;
        });
    }

    private static String waitForAttribute(ConsoleBrowser b, WebElement element, String name) {
        b.until(d -> element.getAttribute(name) != null, name);
        return element.getAttribute(name);
    }
}
