package com.mailmoat.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.testkit.InMemoryBrandings;
import com.mailmoat.testkit.InMemoryIdempotencyStore;
import com.mailmoat.testkit.InMemoryInAppNotifications;
import com.mailmoat.testkit.RecordingEmailSender;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationServiceTest {
    private final RecordingEmailSender email = new RecordingEmailSender();
    private final List<Email> sent = email.sent;
    private final InMemoryInAppNotifications inApp = new InMemoryInAppNotifications();
    private final InMemoryBrandings brandings = new InMemoryBrandings();
    private final NotificationService service = new NotificationService(
            new InMemoryIdempotencyStore(Clock.systemUTC()), email, inApp, brandings::find,
            "https://console.mailmoat.example/");

    private static NotificationRequest details(String id) {
        return new NotificationRequest(id, "acct-1", NotificationKind.ACCOUNT_DETAILS, "admin@contoso.example",
                Map.of("loginUrl", "https://console.mailmoat.example/", "company", "Contoso <Ltd>"), Instant.now());
    }

    private NotificationService.Outcome deliver(NotificationRequest request) {
        return service.deliver(request).outcome();
    }

    @Test
    void aRedeliveredNotificationIsSentOnce() {
        assertThat(deliver(details("n-1"))).isEqualTo(NotificationService.Outcome.DELIVERED);
        assertThat(deliver(details("n-1"))).isEqualTo(NotificationService.Outcome.DUPLICATE);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).subject()).isEqualTo("Your Mailmoat account is ready");
        assertThat(sent.get(0).text()).contains("https://console.mailmoat.example/");
        assertThat(sent.get(0).html()).contains("Contoso &lt;Ltd&gt;").doesNotContain("<Ltd>");
    }

    /** Audit: every removal emailed the administrator, with no way to turn it off. */
    @Test
    void anAccountThatSwitchedRemovalEmailsOffKeepsTheNoticeButGetsNoEmailWhileOtherEmailsStillGo() {
        com.mailmoat.testkit.InMemoryEmailChoices choices = new com.mailmoat.testkit.InMemoryEmailChoices();
        service.withEmailChoices(choices::find);
        choices.save("acct-1", new EmailChoices(false, true));

        assertThat(deliver(new NotificationRequest("job-1", "acct-1", NotificationKind.REMEDIATION_COMPLETE,
                "admin@contoso.example", EmailTemplatesTest.params(NotificationKind.REMEDIATION_COMPLETE), Instant.now())))
                .isEqualTo(NotificationService.Outcome.DELIVERED);
        assertThat(sent).as("no removal email").isEmpty();
        assertThat(inApp.recent("acct-1", 10)).as("the in-app notice stays").hasSize(1);

        deliver(new NotificationRequest("alert-1", "acct-1", NotificationKind.REAL_TIME_THREAT, "admin@contoso.example",
                EmailTemplatesTest.params(NotificationKind.REAL_TIME_THREAT), Instant.now()));
        deliver(details("account-1"));
        assertThat(sent).as("alerts still on; account emails are never optional").hasSize(2);

        choices.save("acct-1", new EmailChoices(false, false));
        deliver(new NotificationRequest("alert-2", "acct-1", NotificationKind.REAL_TIME_THREAT, "admin@contoso.example",
                EmailTemplatesTest.params(NotificationKind.REAL_TIME_THREAT), Instant.now()));
        assertThat(sent).hasSize(2);
        deliver(new NotificationRequest("job-2", "acct-2", NotificationKind.REMEDIATION_COMPLETE, "owner@fabrikam.example",
                EmailTemplatesTest.params(NotificationKind.REMEDIATION_COMPLETE), Instant.now()));
        assertThat(sent).as("another account chose nothing: it gets the email").hasSize(3);
    }

    @Test
    void aFailedSendIsRetriedNotLost() {
        email.failNext(1);
        assertThatThrownBy(() -> service.deliver(details("n-2"))).hasMessageContaining("SES");
        assertThat(deliver(details("n-2"))).isEqualTo(NotificationService.Outcome.DELIVERED);
        assertThat(sent).hasSize(1);
    }

    @Test
    void consentGrantedIsAnInAppNoticeAndAnEmail() {
        deliver(new NotificationRequest("n-3", "acct-1", NotificationKind.SSO_CONSENT_GRANTED, "admin@contoso.example",
                Map.of("tenantId", "tenant-1", "tenantName", "Contoso Ltd"), Instant.now()));
        assertThat(inApp.recent("acct-1", 10)).singleElement().satisfies(n -> {
            assertThat(n.title()).isEqualTo("Microsoft 365 connected (admin consent granted)");
            assertThat(n.message()).startsWith("Your Microsoft 365 organisation Contoso Ltd (tenant tenant-1) is connected.");
        });
        assertThat(sent).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo("Microsoft 365 is connected to Mailmoat");
            assertThat(e.text()).contains("tenant-1").contains("https://console.mailmoat.example/");
        });
    }

    @Test
    void aThreatEmailWearsTheAccountsBrandingButAnAccountEmailDoesNot() {
        brandings.save("acct-1", new Branding("https://contoso.example/logo.png", "#0F6CBD"));
        deliver(new NotificationRequest("n-4", "acct-1", NotificationKind.REAL_TIME_THREAT, "admin@contoso.example",
                Map.of("mailbox", "ceo@contoso.example", "sender", "billing@evil.example", "subject", "Invoice",
                        "action", "QUARANTINED", "link", "https://console.mailmoat.example/#/detections/d-1"),
                Instant.now()));
        assertThat(sent.get(0).html()).contains("<img src=\"https://contoso.example/logo.png\"").contains("#0f6cbd")
                .doesNotContain(Branding.DEFAULT_ACCENT);
        // Whoever serves the logo must not learn when the account's own sign-in emails are opened.
        deliver(details("n-5"));
        assertThat(sent.get(1).html()).doesNotContain("<img").doesNotContain("contoso.example/logo.png")
                .contains(Branding.DEFAULT_ACCENT);
    }

    @Test
    void anEmailWithAnUnsafeLinkIsRefusedOnceNeitherSentNorRetriedButItsNoticeIsShown() {
        NotificationRequest hostile = new NotificationRequest("n-5", "acct-1", NotificationKind.THREAT_SCAN_REPORT,
                "admin@contoso.example", Map.of("threatsFound", "1", "link", "javascript:alert(1)"), Instant.now());
        NotificationService.Result result = service.deliver(hostile);
        assertThat(result.outcome()).isEqualTo(NotificationService.Outcome.REFUSED);
        assertThat(result.note()).contains("link");
        assertThat(sent).isEmpty();
        assertThat(inApp.recent("acct-1", 10)).hasSize(1);
        assertThat(deliver(hostile)).isEqualTo(NotificationService.Outcome.DUPLICATE);
    }
}
