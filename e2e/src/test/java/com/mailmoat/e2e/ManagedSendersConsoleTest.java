package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

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
        b.assertHealthy("managed senders");
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
