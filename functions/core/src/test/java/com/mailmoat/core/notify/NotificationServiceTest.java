package com.mailmoat.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationServiceTest {
    private final MapIdempotency idempotency = new MapIdempotency();
    private final List<Email> sent = new ArrayList<>();
    private final List<InAppNotification> notices = new ArrayList<>();
    private boolean sesDown;
    private final NotificationService service = new NotificationService(idempotency, email -> {
        if (sesDown) {
            throw new IllegalStateException("SES unavailable");
        }
        sent.add(email);
    }, new InAppNotificationStore() {
        @Override
        public void save(InAppNotification notification) {
            notices.add(notification);
        }

        @Override
        public List<InAppNotification> recent(String accountId, int limit) {
            return notices;
        }
    });

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
        sesDown = true;
        assertThatThrownBy(() -> service.deliver(details("n-2"))).hasMessageContaining("SES");
        sesDown = false;
        assertThat(service.deliver(details("n-2"))).isEqualTo(NotificationService.Outcome.DELIVERED);
        assertThat(sent).hasSize(1);
    }

    @Test
    void consentGrantedIsAnInAppNotice() {
        service.deliver(new NotificationRequest("n-3", "acct-1", NotificationKind.SSO_CONSENT_GRANTED, null,
                Map.of("tenantId", "tenant-1"), Instant.now()));
        assertThat(sent).isEmpty();
        assertThat(notices).singleElement().satisfies(n -> assertThat(n.title()).isEqualTo("Single sign-on consent granted"));
    }

    private static final class MapIdempotency implements IdempotencyStore {
        private final Map<String, String> states = new HashMap<>();

        @Override
        public Claim claim(String key, Duration lease) {
            String state = states.get(key);
            if ("DONE".equals(state)) {
                return Claim.ALREADY_DONE;
            }
            if ("IN_PROGRESS".equals(state)) {
                return Claim.IN_PROGRESS;
            }
            states.put(key, "IN_PROGRESS");
            return Claim.ACQUIRED;
        }

        @Override
        public void complete(String key) {
            states.put(key, "DONE");
        }

        @Override
        public void release(String key) {
            states.remove(key);
        }
    }
}
