package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for every browser test of the run (started on first use, quit when the
 * JVM ends), with what those tests share: elements by {@code data-testid}, screenshots under
 * {@code target/screenshots}, axe-core (no serious or critical violation allowed; reports under
 * {@code target/axe}), and a watch on the browser's logs that fails the test on any JavaScript
 * error (uncaught exception, CSP violation) or any 5xx answer the page received.
 */
final class ConsoleBrowser {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static ConsoleBrowser instance;

    final WebDriver driver;
    final WebDriverWait wait;
    private final List<String> problems = new ArrayList<>();
    private final List<String> axeChecked = new ArrayList<>();

    private ConsoleBrowser(WebDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        // The console re-renders lists as data arrives: an element seen a moment ago may be replaced.
        this.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    /** The shared browser; skips the calling test (loudly) when Chromium is not installed. */
    static synchronized ConsoleBrowser get() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            System.err.println("*** SKIPPED: Chromium or ChromeDriver is not installed (apt-get install chromium "
                    + "chromium-driver); the console was NOT tested in a browser ***");
            assumeTrue(false, "chromium and chromium-driver are needed");
        }
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static ConsoleBrowser start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        try {
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1280,1000", "--lang=en-GB",
                    // The simulated Microsoft uses a self-signed certificate on 127.0.0.1.
                    "--ignore-certificate-errors",
                    "--user-data-dir=" + Files.createTempDirectory("mailmoat-chromium"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        Runtime.getRuntime().addShutdownHook(new Thread(driver::quit, "chromium-quit"));
        return new ConsoleBrowser(driver);
    }

    // ---- navigation and elements ----------------------------------------------------------------

    void open(String url) {
        driver.get(url);
    }

    /** Signs out by forgetting the console's cookies (a new visitor, same browser). */
    void forgetSession(String consoleUrl) {
        open(consoleUrl + "favicon.svg");
        driver.manage().deleteAllCookies();
    }

    /**
     * Signs in to the local stack's console as {@code email} (an account with the journeys' strong password),
     * forgetting whoever was signed in, and waits for the signed-in header.
     */
    void signInAs(String email) {
        String console = LocalStack.get().consoleUrl();
        forgetSession(console);
        open(console);
        visible("login-email").sendKeys(email);
        visible("login-password").sendKeys(SignupJourneyTest.STRONG_PASSWORD);
        click("login-submit");
        visible("trial-days");
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    /** The visible element with this data-testid (waits for it). */
    WebElement visible(String testId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(testId(testId)));
    }

    WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks the element with this data-testid once it is clickable (fails if something covers it). */
    void click(String testId) {
        click(testId(testId));
    }

    /** Clicks once clickable, scrolled to the middle of the window (clear of the sticky top bar). */
    void click(By by) {
        wait.until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
            if (element == null) {
                return null;
            }
            script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element);
            element.click();
            return true;
        });
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void until(java.util.function.Function<WebDriver, Boolean> condition, String what) {
        try {
            wait.withMessage(what).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            String shot = "failed-" + what.replaceAll("[^A-Za-z0-9]+", "-");
            try {
                Files.write(Files.createDirectories(Path.of("target", "screenshots")).resolve(shot + ".png"),
                        ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            } catch (IOException | RuntimeException ignored) {
                // The timeout is what matters.
            }
            throw new AssertionError("Timed out waiting for: " + what + " (page " + driver.getCurrentUrl()
                    + ", screenshot target/screenshots/" + shot + ".png)", e);
        }
    }

    // ---- evidence ---------------------------------------------------------------------------------

    /** Saves target/screenshots/{name}.png and checks the logs so far (failing on JS errors and 5xx). */
    void screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertHealthy(name);
    }

    /**
     * Runs axe-core on the page as it is now (WCAG 2.0/2.1 A and AA rules and best practices) and
     * fails on any serious or critical violation, naming the rule and the elements.
     */
    void checkAccessibility(String page) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
                .analyze(driver);
        try {
            Path dir = Files.createDirectories(Path.of("target", "axe"));
            Files.writeString(dir.resolve(page + ".json"), Browser.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(results.getViolations()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> serious = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            if ("serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())) {
                serious.add(rule.getImpact() + " " + rule.getId() + " (" + rule.getHelp() + "): "
                        + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget()) + " " + n.getFailureSummary())
                        .toList());
            }
        }
        assertThat(serious).as("axe-core serious/critical violations on " + page + " (" + driver.getCurrentUrl() + ")")
                .isEmpty();
        axeChecked.add(page);
    }

    List<String> accessibilityChecked() {
        return axeChecked;
    }

    /** Fails when the page logged a JavaScript error or received a 5xx since the last check. */
    void assertHealthy(String step) {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            // Failed requests are judged by status below (a 401 probe before sign-in is expected).
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !message.contains("Failed to load resource")) {
                problems.add(step + ": JavaScript error: " + message);
            }
        }
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                JsonNode message = Browser.JSON.readTree(entry.getMessage()).path("message");
                if ("Network.responseReceived".equals(message.path("method").asText())) {
                    JsonNode response = message.path("params").path("response");
                    if (response.path("status").asInt() >= 500) {
                        problems.add(step + ": " + response.path("status").asInt() + " from " + response.path("url").asText());
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(problems).as("JavaScript errors and 5xx answers during the journey").isEmpty();
    }
}
