package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.mailmoat.core.twostep.Base32;
import com.mailmoat.core.twostep.Totp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * Two-step sign-in in the console (headless Chromium, axe-core on each new state): set up on the
 * Account page with the key read off the page (and its QR code read back from a screenshot), recovery codes shown once, then the sign-in page's
 * second step, with a wrong code said next to the field.
 */
class TwoStepConsoleTest {
    private static final String PASSWORD = SignupJourneyTest.STRONG_PASSWORD;

    @Test
    void anAdministratorTurnsOnTwoStepAndSignsInWithACode() throws Exception {
        ConsoleBrowser b = ConsoleBrowser.get();
        String console = LocalStack.get().consoleUrl();
        String email = SignupJourneyTest.newEmail();
        SignupJourneyTest.signedInAdmin(email);
        b.forgetSession(console);
        b.open(console);
        signIn(b, email);
        b.visible("trial-days");

        b.open(console + "#/account");
        b.until(d -> b.visible("two-step-status").getText().startsWith("Off"), "two-step shown as off");
        b.checkAccessibility("two-step-00-off");
        assertThat(b.driver.findElements(By.id("two-step-qr"))).as("no QR code before setup").isEmpty();
        b.click("two-step-start");
        b.visible(By.id("two-step-password")).sendKeys(PASSWORD);
        b.click(By.id("two-step-begin-submit"));
        String key = b.visible(By.id("two-step-key")).getText();
        assertThat(key).as("grouped for typing").matches("([A-Z2-7]{4} )+[A-Z2-7]{1,4}");
        String otpauth = b.visible(By.id("two-step-otpauth")).getAttribute("href");
        assertThat(otpauth).startsWith("otpauth://totp/Mailmoat:").contains("secret=" + key.replace(" ", ""));
        // The QR code, as Chromium paints it, reads back as that very URI, as a phone's camera would read it.
        WebElement qr = b.visible("two-step-qr");
        assertThat(qr.getAttribute("aria-label")).contains("setup key");
        assertThat(qr.getSize().getWidth()).as("big enough to scan").isGreaterThanOrEqualTo(160);
        assertThat(readQrCode(qr)).isEqualTo(otpauth);
        b.screenshot("two-step-01-setup");
        b.checkAccessibility("two-step-01-setup");
        byte[] secret = Base32.decode(key).orElseThrow();
        long step = Totp.step(Instant.now());
        b.visible(By.id("two-step-confirm-code")).sendKeys(Totp.code(secret, step));
        b.click(By.id("two-step-confirm-submit"));

        List<WebElement> codes = b.visible("two-step-recovery-codes").findElements(By.tagName("li"));
        assertThat(b.driver.findElements(By.id("two-step-qr"))).as("the QR code is gone once set up").isEmpty();
        assertThat(codes).hasSize(10);
        assertThat(b.visible(By.id("two-step-codes-download")).getAttribute("download")).isEqualTo("mailmoat-recovery-codes.txt");
        b.screenshot("two-step-02-recovery-codes");
        b.checkAccessibility("two-step-02-recovery-codes");
        b.click(By.id("two-step-codes-done"));
        b.until(d -> b.visible("two-step-status").getText().startsWith("On since"), "two-step shown as on");
        assertThat(b.visible(By.id("two-step-recovery-advice")).getText()).contains("recovery codes");
        b.checkAccessibility("two-step-03-on");
        // New recovery codes: a wrong app code is said under its field, and nothing changes.
        b.visible(By.id("two-step-renew-password")).sendKeys(PASSWORD);
        b.visible(By.id("two-step-renew-code")).sendKeys(wrongCode(secret));
        b.click(By.id("two-step-renew-submit"));
        b.until(d -> "true".equals(d.findElement(By.id("two-step-renew-code")).getAttribute("aria-invalid")),
                "the wrong code marked on its field");
        assertThat(b.driver.findElement(By.id("two-step-codes-panel")).isDisplayed()).isFalse();
        b.checkAccessibility("two-step-03b-renew-wrong-code");

        b.click("logout");
        signIn(b, email);
        WebElement code = b.visible("login-code");
        assertThat(code.getAttribute("autocomplete")).isEqualTo("one-time-code");
        assertThat(code.getAttribute("inputmode")).isEqualTo("numeric");
        b.checkAccessibility("two-step-04-code-step");
        code.sendKeys(wrongCode(secret));
        b.click("login-code-submit");
        b.until(d -> d.findElement(By.id("login-code-error")).getText().contains("not right"), "the wrong code said under the field");
        assertThat(code.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(b.visible(By.id("status-message")).getText()).contains("not right");
        b.screenshot("two-step-05-wrong-code");
        b.checkAccessibility("two-step-05-wrong-code");
        code.clear();
        code.sendKeys(Totp.code(secret, Math.max(step + 1, Totp.step(Instant.now()))));
        b.click("login-code-submit");
        b.visible("trial-days");
        b.assertHealthy("two-step sign-in");
    }

    private static void signIn(ConsoleBrowser b, String email) {
        // After Log out the form may still hold the address typed before.
        b.visible("login-email").clear();
        b.visible("login-email").sendKeys(email);
        b.visible("login-password").clear();
        b.visible("login-password").sendKeys(PASSWORD);
        b.click("login-submit");
    }

    /** The text of the QR code in this element's screenshot, decoded by ZXing. */
    private static String readQrCode(WebElement element) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(element.getScreenshotAs(OutputType.BYTES)));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap).getText();
    }

    /** Six digits that are none of the codes the server would accept now. */
    private static String wrongCode(byte[] secret) {
        long now = Totp.step(Instant.now());
        List<String> live = LongStream.rangeClosed(now - 2, now + 2).mapToObj(s -> Totp.code(secret, s)).toList();
        return LongStream.range(0, 10).mapToObj(i -> String.valueOf(i).repeat(6)).filter(c -> !live.contains(c))
                .findFirst().orElseThrow();
    }
}
