package com.mailmoat.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finding 3 of issue 19: whatever a parameter holds, the text part gets no line breaks from it. */
class EmailTemplatesTest {
    private static NotificationRequest request(NotificationKind kind, Map<String, String> params) {
        return new NotificationRequest("n-1", "acct-1", kind, "admin@contoso.example", params,
                Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void theSetPasswordEmailCarriesNoCompanyName() {
        Email email = EmailTemplates.render(request(NotificationKind.SET_PASSWORD_LINK, Map.of(
                "link", "https://console.mailmoat.example/set-password?token=t",
                "company", "Acme.\r\n\r\nURGENT: Verify at https://evil.example/login")));
        assertThat(email.text()).doesNotContain("evil").doesNotContain("URGENT").contains("set-password?token=t");
        assertThat(email.html()).doesNotContain("evil");
    }

    @Test
    void storedCompanyNamesWithLineBreaksAreFlattened() {
        Email email = EmailTemplates.render(request(NotificationKind.ACCOUNT_DETAILS, Map.of(
                "loginUrl", "https://console.mailmoat.example/", "company", "Acme.\r\n\r\nURGENT\u2028now\u202e")));
        String firstLine = email.text().lines().findFirst().orElseThrow();
        assertThat(firstLine).contains("Acme.").contains("URGENT").contains("now");
        assertThat(email.text()).doesNotContain("\r").doesNotContain("\u2028").doesNotContain("\u202e");
    }

    @Test
    void resetAndPasswordChangedEmailsExist() {
        assertThat(EmailTemplates.render(request(NotificationKind.PASSWORD_RESET_LINK,
                Map.of("link", "https://console.mailmoat.example/set-password?token=t&reset=1"))).subject())
                .isEqualTo("Reset your Mailmoat password");
        assertThat(EmailTemplates.render(request(NotificationKind.PASSWORD_CHANGED,
                Map.of("loginUrl", "https://console.mailmoat.example/", "company", "Contoso"))).text())
                .contains("every other signed-in session was ended");
    }
}
