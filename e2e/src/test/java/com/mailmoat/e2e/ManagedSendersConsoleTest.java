package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * One user's senders on the Policies page, in headless Chromium, for an account of its own: before
 * Microsoft 365 is connected the section says to connect first; once connected (the directory is
 * imported after consent) a user is picked from the directory, a blocked and an allowed sender are
 * added (a refused value shown under its field), a reload opens the same user with both, and one is
 * removed. The API holds what the page shows. axe-core, and no JavaScript error or 5xx answer.
 */
class ManagedSendersConsoleTest {
    static final String TENANT_ID = "0000c0a5-0000-4000-8000-00000000c0f3";

    @Test
    void aUsersOwnBlockedAndAllowedSendersAreAddedKeptAcrossAReloadAndRemoved() {
        ScanTenants.Loaded tenant = ScanTenants.generate("fourthcoffee-managed", 43, 3, TENANT_ID);
        String email = SignupJourneyTest.newEmail();
        Browser api = SignupJourneyTest.signedInAdmin(email);

        ConsoleBrowser b = ConsoleBrowser.get();
        String console = LocalStack.get().consoleUrl();
        b.signInAs(email);

        // Not connected yet: the section says where users come from and what to do first.
        b.open(console + "#/policies");
        b.until(d -> d.findElement(By.id("managed-user-status")).getText().contains("Connect Microsoft 365 first"),
                "the advice to connect first");
        assertThat(b.driver.findElements(By.cssSelector("#managed-user-status a[href='#/']"))).as("a way to Home").hasSize(1);

        ScanTenants.connect(api, tenant.adminUpn());
        // The directory is imported after consent.
        awaitPriyaImported(api);
        // A reload reads the account again, now connected.
        b.driver.navigate().refresh();
        b.visible("managed-user-search").sendKeys("priya");
        b.until(d -> d.findElements(By.cssSelector("[data-testid='managed-user-choose']")).size() == 1, "Priya in the search");
        String user = b.visible(By.cssSelector("[data-testid='managed-user-choose']")).getAttribute("data-address");
        b.click(By.cssSelector("[data-testid='managed-user-choose']"));

        // Nothing of the user's own yet: what the lists do, in words.
        WebElement empty = b.visible("managed-empty");
        assertThat(empty.getText()).contains("only to mail sent to this user")
                .contains("Malware and high-confidence phishing are still caught")
                .contains("Exchange does not hold it back");
        assertThat(b.visible(By.id("managed-user-heading")).getText()).contains("Priya").contains(user);

        b.visible("managed-value-blocked").sendKeys("newsletter@noisy.example");
        b.visible(By.id("managed-blocked-note")).sendKeys("Asked to stop these");
        b.click("managed-add-blocked");
        b.visible(By.cssSelector("#managed-blocked-entries [data-value='newsletter@noisy.example']"));
        assertThat(b.driver.findElement(By.id("managed-empty")).isDisplayed()).isFalse();

        // A value the API refuses: its words under the field, nothing added.
        b.visible("managed-value-permitted").sendKeys("gmail.com");
        b.click("managed-add-permitted");
        assertThat(b.visible(By.id("managed-permitted-value-error")).getText()).contains("shared by too many senders");
        // On the user's other list: said before asking.
        b.visible("managed-value-permitted").clear();
        b.visible("managed-value-permitted").sendKeys("newsletter@noisy.example");
        b.click("managed-add-permitted");
        assertThat(b.visible(By.id("managed-permitted-value-error")).getText()).contains("on this user's Blocked senders");
        b.visible("managed-value-permitted").clear();
        b.visible("managed-value-permitted").sendKeys("partner.example");
        b.click("managed-add-permitted");
        b.visible(By.cssSelector("#managed-permitted-entries [data-value='partner.example']"));
        assertThat(b.driver.findElement(By.id("managed-permitted-value-error")).isDisplayed()).isFalse();
        b.checkAccessibility("managed-senders-01-lists");

        // A reload opens the same user (kept in the address) with both entries.
        b.driver.navigate().refresh();
        WebElement blocked = b.visible(By.cssSelector("#managed-blocked-entries [data-value='newsletter@noisy.example']"));
        assertThat(blocked.getText()).contains("Asked to stop these");
        b.visible(By.cssSelector("#managed-permitted-entries [data-value='partner.example']"));
        assertThat(b.driver.findElement(By.id("managed-senders-card")).getAttribute("data-user")).isEqualTo(user);

        b.click(By.cssSelector("#managed-blocked-entries [data-value='newsletter@noisy.example'] .managed-remove"));
        b.until(d -> d.findElements(By.cssSelector("#managed-blocked-entries [data-value]")).isEmpty(), "the blocked sender removed");
        var saved = api.get("/api/managed-senders?user=" + user).json();
        assertThat(saved.path("blocked")).isEmpty();
        assertThat(saved.path("permitted").findValuesAsText("value")).containsExactly("partner.example");
        b.screenshot("managed-senders-02-after-remove");

        // CSV import: a file with bad lines adds nothing and names each line.
        b.click(By.cssSelector("#managed-importer summary"));
        WebElement csv = b.visible(By.id("managed-csv"));
        csv.sendKeys("list,value,note\nblocked,billing@invoices.example,Fake invoices\nallowed,gmail.com\n"
                + "quarantine,x@y.example\n");
        b.click("managed-import");
        WebElement importErrors = b.visible("managed-import-errors");
        assertThat(importErrors.getText()).contains("Nothing was imported: 2 lines need fixing")
                .contains("Line 3: 'gmail.com' is shared by too many senders").contains("Line 4:");
        assertThat(api.get("/api/managed-senders?user=" + user).json().path("blocked")).isEmpty();
        b.screenshot("managed-senders-03-import-refused");

        // The fixed file adds its lines, once: the same file again adds nothing.
        csv.clear();
        String file = "list,value,note\nblocked,billing@invoices.example,Fake invoices\nallowed,partner.example\n";
        csv.sendKeys(file);
        b.click("managed-import");
        b.visible(By.cssSelector("#managed-blocked-entries [data-value='billing@invoices.example']"));
        assertThat(b.driver.findElement(By.id("managed-import-errors")).isDisplayed()).isFalse();
        b.visible(By.id("managed-csv")).sendKeys(file);
        b.click("managed-import");
        b.until(d -> d.findElement(By.id("managed-csv")).getAttribute("value").isEmpty(), "the second import done");
        var imported = api.get("/api/managed-senders?user=" + user).json();
        assertThat(imported.path("blocked").findValuesAsText("value")).containsExactly("billing@invoices.example");
        assertThat(imported.path("permitted").findValuesAsText("value")).containsExactly("partner.example");
        String export = b.driver.findElement(By.id("managed-export")).getAttribute("href");
        assertThat(export).contains("/api/managed-senders/export?user=");
        assertThat(api.get(export.substring(export.indexOf("/api/"))).body())
                .isEqualTo("list,value,note\nblocked,billing@invoices.example,Fake invoices\nallowed,partner.example\n");
        b.checkAccessibility("managed-senders-04-imported");
        b.screenshot("managed-senders-04-imported");

        // The Activity card: the import is one entry; filtered by kind of change, and exported as filtered.
        b.open(console + "#/account");
        Select kind = new Select(b.visible(By.id("activity-category")));
        kind.selectByVisibleText("Policies and sender lists");
        b.click(By.id("activity-apply"));
        b.until(d -> d.findElement(By.id("activity-list")).getText().contains("Imported 1 entry into " + user
                + "'s own sender lists (1 blocked, 0 allowed)"), "the import in the activity log");
        assertThat(b.driver.findElements(By.cssSelector("#activity-list .activity-entry")))
                .allSatisfy(entry -> assertThat(entry.getText()).contains("Policies and sender lists"));
        assertThat(b.driver.findElement(By.id("activity-export")).getAttribute("href")).endsWith("/api/activity/export?category=policies");
        b.checkAccessibility("activity-01-filtered");
        b.screenshot("activity-01-filtered");
        // Nothing was removed or released here (sign-ins are in the log since team members came).
        kind.selectByVisibleText("Removals and verdicts");
        // A date field's typing order follows the browser's locale: the value is set as the field stores it.
        b.script("arguments[0].value = '2026-12-01'", b.visible(By.id("activity-from")));
        b.click(By.id("activity-apply"));
        b.until(d -> d.findElement(By.id("activity-list")).getText().startsWith("No changes match these filters"),
                "nothing of that kind");
        b.screenshot("activity-02-nothing-matches");
        b.assertHealthy("managed senders and activity");
    }

    private static void awaitPriyaImported(Browser api) {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (api.get("/api/directory/users?q=priya").json().path("items").size() != 1) {
            assertThat(System.nanoTime()).as("the directory imported after consent").isLessThan(until);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
