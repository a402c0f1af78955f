package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * Console details found by the fresh-eyes audit, in headless Chromium, for an account of its own: one scan's
 * Detections give their real total; the header is one row at 1280 px; on a phone each detection shows the
 * mailbox it reached and its categories; a list that failed to load comes back with Try again; and
 * "Start a new scan" is unavailable while a scan runs, and available again once it has finished.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleLayoutAndRecoveryTest {
    static final String TENANT_ID = "0000c0a5-0000-4000-8000-0000000016f7";

    private static String email;
    private static Browser api;

    @Test
    @Order(1)
    void oneScansDetectionsSayHowManyThereAreAndTheHeaderIsOneRowAt1280() {
        ScanTenants.Loaded tenant = ScanTenants.generate("fourthcoffee-layout", 57, 8, TENANT_ID);
        email = SignupJourneyTest.newEmail();
        api = SignupJourneyTest.signedInAdmin(email);
        ScanTenants.connect(api, tenant.adminUpn());

        ConsoleBrowser b = ConsoleBrowser.get();
        b.signInAs(email);
        b.visible("scan-complete");
        // Audit 27: at 1280 px the navigation and the account area share one row (they took two, 113 px).
        assertThat(((Number) b.script("return document.querySelector('header.topbar').getBoundingClientRect().height")).doubleValue())
                .as("header height at 1280 px").isLessThan(75);
        assertThat(b.script("const nav = document.querySelector('#main-nav').getBoundingClientRect();"
                + " const out = document.querySelector('#logout').getBoundingClientRect();"
                + " return Math.abs((nav.top + nav.bottom) / 2 - (out.top + out.bottom) / 2) < 12 && out.right <= window.innerWidth;"))
                .as("Log out beside the navigation, inside the window").isEqualTo(true);

        JsonNode scan = api.get("/api/scans").json().path("items").get(0);
        long threats = scan.path("threatsFound").asLong();
        assertThat(threats).as("enough threats for two pages of 25").isGreaterThan(25);

        // Audit 6: "Showing 1–50 of more than 50" for a scan whose threats are counted everywhere else.
        b.open(LocalStack.get().consoleUrl() + "#/detections?scanId=" + scan.path("id").asText());
        b.until(d -> !d.findElements(ConsoleBrowser.testId("detection-row")).isEmpty(), "the scan's detections");
        new Select(b.visible(By.id("page-size"))).selectByValue("25");
        b.until(d -> b.visible(By.id("page-info")).getText().equals("Showing 1–25 of " + threats), "the pager's total");
        b.click(By.id("page-next"));
        b.until(d -> b.visible(By.id("page-info")).getText().startsWith("Showing 26–")
                && b.visible(By.id("page-info")).getText().endsWith(" of " + threats), "the second page's total");
        b.screenshot("layout-01-detections-total");
    }

    /** Audit 22: on a phone each detection showed subject, sender, date, level and status, not who received it. */
    @Test
    @Order(2)
    void onAPhoneEachDetectionShowsTheMailboxItReachedAndItsCategories() {
        ConsoleBrowser b = ConsoleBrowser.get();
        try {
            b.driver.manage().window().setSize(new Dimension(390, 844));
            b.open(LocalStack.get().consoleUrl() + "#/detections");
            WebElement row = b.visible(ConsoleBrowser.testId("detection-row"));
            WebElement mailbox = row.findElement(By.cssSelector("td:nth-child(5)"));
            WebElement categories = row.findElement(By.cssSelector("td:nth-child(7)"));
            assertThat(mailbox.isDisplayed()).as("the mailbox on the card").isTrue();
            assertThat(mailbox.getText()).contains("@fourthcoffee-layout.example");
            assertThat(categories.isDisplayed()).as("the categories on the card").isTrue();
            assertThat(categories.getText()).isNotBlank();
            assertThat(b.script("return document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scroll")
                    .isEqualTo(true);
            b.screenshot("layout-02-detections-390");
        } finally {
            b.driver.manage().window().setSize(new Dimension(1280, 1000));
        }
    }

    /** Audit 25: a failed load said "Please try again" next to an empty table, and only a reload did. */
    @Test
    @Order(3)
    void aListThatFailedToLoadComesBackWithTryAgain() {
        ConsoleBrowser b = ConsoleBrowser.get();
        ChromeDriver chrome = (ChromeDriver) b.driver;
        chrome.executeCdpCommand("Network.enable", Map.of());
        try {
            chrome.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/detections?*")));
            b.open(LocalStack.get().consoleUrl() + "#/detections?level=MALICIOUS");
            WebElement retry = b.visible(By.cssSelector("#detections-view .detections-list .retry-button"));
            assertThat(b.visible(By.cssSelector("#detections-view .detections-list .inline-error")).getText())
                    .startsWith("Detections could not be loaded");
            assertThat(b.driver.findElements(ConsoleBrowser.testId("detection-row"))).isEmpty();
            chrome.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
            retry.click();
            b.until(d -> !d.findElements(ConsoleBrowser.testId("detection-row")).isEmpty(), "the list after Try again");
            assertThat(b.driver.findElements(By.cssSelector("#detections-view .detections-list .inline-error")))
                    .as("the error goes once the list is back").isEmpty();
        } finally {
            chrome.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
            chrome.executeCdpCommand("Network.disable", Map.of());
        }
    }

    /** Audit 23: "Start a new scan" stayed enabled while a scan ran (and answered 409), and its line stayed after. */
    @Test
    @Order(4)
    void startANewScanIsUnavailableWhileAScanRunsAndBackOnceItHasFinished() {
        ConsoleBrowser b = ConsoleBrowser.get();
        b.open(LocalStack.get().consoleUrl() + "#/");
        WebElement start = b.visible(By.id("start-scan"));
        b.until(d -> start.isEnabled(), "Start a new scan available with no scan running");
        start.click();
        b.until(d -> !start.isEnabled() && !"true".equals(start.getAttribute("aria-busy"))
                && !b.visible(By.id("start-scan-status")).getText().isBlank(), "Start a new scan unavailable, saying why");
        assertThat(b.driver.findElement(By.id("start-scan-status")).getText()).containsAnyOf("starting", "running");
        b.screenshot("layout-03-scan-running");
        b.until(d -> d.findElement(By.id("start-scan")).isEnabled()
                && d.findElement(By.id("start-scan-status")).getText().isBlank(), "Start a new scan back once the scan finished");
        assertThat(api.get("/api/scans").json().path("items").get(0).path("status").asText()).isNotIn("REQUESTED", "RUNNING");
    }
}
