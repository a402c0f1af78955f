package com.mailmoat.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    private final NotificationService service = new NotificationService(
            new InMemoryIdempotencyStore(Clock.systemUTC()), email, inApp);

    private static NotificationRequest details(String id) {
        return new NotificationRequest(id, "acct-1", NotificationKind.ACCOUNT_DETAILS, "admin@contoso.example",
                Map.of("loginUrl", "https://console.mailmoat.example/", "company", "Contoso <Ltd>"), Instant.now());
    }

    @Test
    void aRedeliveredNotificationIsSentOnce() {
        assertThat(service.deliver(details("n-1"))).isEqualTo(NotificationService.Outcome.DELIVERED);
        assertThat(service.deliver(details("n-1"))).isEqualTo(NotificationService.Outcome.DUPLICATE);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).subject()).isEqualTo("Your Mailmoat account is ready");
        assertThat(sent.get(0).text()).contains("https://console.mailmoat.example/");
        assertThat(sent.get(0).html()).contains("Contoso &lt;Ltd&gt;").doesNotContain("<Ltd>");
    }

    @Test
    void aFailedSendIsRetriedNotLost() {
        email.failNext(1);
        assertThatThrownBy(() -> service.deliver(details("n-2"))).hasMessageContaining("SES");
        assertThat(service.deliver(details("n-2"))).isEqualTo(NotificationService.Outcome.DELIVERED);
        assertThat(sent).hasSize(1);
    }

    @Test
    void consentGrantedIsAnInAppNotice() {
        service.deliver(new NotificationRequest("n-3", "acct-1", NotificationKind.SSO_CONSENT_GRANTED, null,
                Map.of("tenantId", "tenant-1"), Instant.now()));
        assertThat(sent).isEmpty();
        assertThat(inApp.recent("acct-1", 10)).singleElement().satisfies(n -> assertThat(n.title()).isEqualTo("Single sign-on consent granted"));
    }
}
