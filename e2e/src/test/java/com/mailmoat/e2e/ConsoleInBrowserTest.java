package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A new administrator's first visit, in headless Chromium: create the account, set the password
 * from the emailed link, sign in, and connect Microsoft 365 by clicking through the (simulated)
 * Microsoft pages. Screenshots of each step land in target/screenshots.
 */
class ConsoleInBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void startBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            System.err.println("*** SKIPPED: Chromium or ChromeDriver is not installed (apt-get install chromium "
                    + "chromium-driver); the console was NOT tested in a browser ***");
            assumeTrue(false, "chromium and chromium-driver are needed");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000",
                // The simulated Microsoft uses a self-signed certificate on 127.0.0.1.
                "--ignore-certificate-errors",
                "--user-data-dir=" + Files.createTempDirectory("mailmoat-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aNewAdministratorSignsUpSetsAPasswordSignsInAndConnectsMicrosoft365() throws Exception {
        String console = LocalStack.get().consoleUrl();
        String email = SignupJourneyTest.newEmail();

        browser.get(console);
        visible("signup-email").sendKeys(email);
        browser.findElement(By.id("signup-company")).sendKeys("Fabrikam");
        new Select(browser.findElement(By.id("signup-region"))).selectByValue("UK");
        screenshot("1-signup");
        browser.findElement(By.id("signup-submit")).click();
        assertThat(visible("signup-done").getText()).containsIgnoringCase("inbox");

        String link = Outbox.firstLink(Outbox.awaitSubject(email, "Set your Mailmoat password"));
        browser.get(link);
        visible("password").sendKeys("short");
        browser.findElement(By.id("password-confirm")).sendKeys("short");
        browser.findElement(By.id("password-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status-message"), "12"));
        screenshot("2-weak-password");
        browser.findElement(By.id("password")).clear();
        browser.findElement(By.id("password")).sendKeys(SignupJourneyTest.STRONG_PASSWORD);
        browser.findElement(By.id("password-confirm")).clear();
        browser.findElement(By.id("password-confirm")).sendKeys(SignupJourneyTest.STRONG_PASSWORD);
        browser.findElement(By.id("password-submit")).click();
        visible("password-done");

        browser.get(console);
        visible("login-email").sendKeys(email);
        browser.findElement(By.id("login-password")).sendKeys(SignupJourneyTest.STRONG_PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        assertThat(visible("account-email").getText()).isEqualTo(email);
        assertThat(visible("trial-days").getText()).contains("30");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#setup-steps [data-step='password-set'][data-state='DONE']")));
        screenshot("3-dashboard");

        visible("connect-microsoft").click();
        wait.until(ExpectedConditions.urlContains("/oauth2/v2.0/authorize"));
        screenshot("4-microsoft-sign-in");
        // The Tailspin tenant is the browser test's own (the demo tenant is connected by other tests).
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("a[id^='signin-'][data-upn='itadmin@tailspin-toys.example']"))).click();
        wait.until(ExpectedConditions.urlContains("/adminconsent"));
        screenshot("5-microsoft-consent");
        visible("accept").click();
        visible("consent-connected");
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/consent-result");
        screenshot("6-connected");

        browser.get(console);
        assertThat(visible("tenant-status").getText()).contains("3c9a1f52-6b7d-4e0a-8c21-5d4e3f2a1b90");
        screenshot("7-dashboard-connected");

        // The tenant's domain is offered for validation; prove ownership and read the DNS checks.
        String domain = "tailspin-toys.example";
        wait.until(ExpectedConditions.elementToBeClickable(By.id("domain-validate-" + domain))).click();
        WebElement verify = wait.until(ExpectedConditions.elementToBeClickable(By.id("domain-verify-" + domain)));
        String token = browser.findElements(By.cssSelector("[data-domain='" + domain + "'] code.record-value")).stream()
                .map(WebElement::getText).filter(t -> t.startsWith("mailmoat-verification=")).findFirst().orElseThrow();
        DnsChecksTest.publish("3c9a1f52-6b7d-4e0a-8c21-5d4e3f2a1b90", domain, java.util.Map.of(
                "TXT", java.util.List.of("v=spf1 include:spf.protection.outlook.com ~all", token),
                "MX", java.util.List.of("0 tailspin-toys-example.mail.protection.outlook.com")));
        verify.click();
        WebElement spf = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#check-list [data-check='spf:" + domain + "']")));
        assertThat(spf.getAttribute("data-status")).isEqualTo("FAIL");
        assertThat(spf.getText()).contains("include:spf-uk.mailmoat.example");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('check-list').scrollIntoView()");
        screenshot("8-dns-checks");

        visible("logout").click();
        visible("login-email");

        // Forgot password? asks for a reset link, answered the same whatever the address.
        visible("forgot-password").click();
        visible("reset-email").clear();
        browser.findElement(By.id("reset-email")).sendKeys(email);
        screenshot("9-forgot-password");
        browser.findElement(By.id("reset-submit")).click();
        visible("reset-done");
        assertThat(Outbox.firstLink(Outbox.awaitSubject(email, "Reset your Mailmoat password"))).contains("&reset=1");

        // The result page says what happened in its own words, whatever the address bar carries.
        browser.get(console + "consent-result?status=error&reason=trial_tenant&message=Call%20%2B1-555-0100%20now");
        assertThat(visible("consent-message").getText()).contains("trial tenants are not supported")
                .doesNotContain("555");
        browser.get(console + "consent-result?status=error&message=Call%20%2B1-555-0100%20now");
        assertThat(visible("consent-message").getText()).doesNotContain("555");
    }

    private static WebElement visible(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private static void screenshot(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
