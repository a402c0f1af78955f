package com.mailmoat.local.ses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxPageTest {

    @Test
    void linksAreClickableAndEverythingElseIsText() {
        SentEmail email = new SentEmail("m-1", "no-reply@mailmoat.example", List.of("admin@fabrikam.example"), List.of(),
                List.of(), "Set your <b>password</b>", "Open http://127.0.0.1:8080/set-password?token=a&b=c to set it.\n"
                + "<script>alert(1)</script>", "<p>Hi <a href=\"http://x\">there</a></p>", "2026-12-06T10:00:00Z", null);
        String page = new String(OutboxPage.render(List.of(email)).body(), StandardCharsets.UTF_8);

        assertThat(page).contains("<a href=\"http://127.0.0.1:8080/set-password?token=a&amp;b=c\">"
                + "http://127.0.0.1:8080/set-password?token=a&amp;b=c</a>");
        assertThat(page).contains("Set your &lt;b&gt;password&lt;/b&gt;").doesNotContain("<script>alert(1)</script>")
                .contains("&lt;script&gt;");
        // The HTML version sits in a sandboxed frame, as an escaped srcdoc.
        assertThat(page).contains("sandbox=\"allow-popups allow-popups-to-escape-sandbox\"")
                .contains("srcdoc=\"&lt;base target=&quot;_blank&quot;&gt;&lt;p&gt;Hi");
        assertThat(page).contains("admin@fabrikam.example").contains("1 email");
    }

    @Test
    void anEmptyOutboxSaysSo() {
        HttpResponseCheck.assertHtml(OutboxPage.render(List.of()));
        assertThat(new String(OutboxPage.render(List.of()).body(), StandardCharsets.UTF_8)).contains("Nothing has been sent yet");
    }

    private static final class HttpResponseCheck {
        static void assertHtml(com.mailmoat.local.http.HttpApiEvents.HttpResponse response) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().get("Content-Type")).containsExactly("text/html; charset=utf-8");
            assertThat(response.headers().get("Content-Security-Policy").get(0)).contains("default-src 'none'");
        }
    }
}
