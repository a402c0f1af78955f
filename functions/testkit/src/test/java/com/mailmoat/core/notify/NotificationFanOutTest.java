package com.mailmoat.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.recipients.AlertRecipient;
import com.mailmoat.core.recipients.AlertRecipientLinks;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.testkit.InMemoryAlertRecipients;
import com.mailmoat.testkit.InMemoryBrandings;
import com.mailmoat.testkit.InMemoryEmailChoices;
import com.mailmoat.testkit.InMemoryIdempotencyStore;
import com.mailmoat.testkit.InMemoryInAppNotifications;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Security emails also reach the account's confirmed extra recipients: each exactly once however
 * often the queue redelivers (even after a send failed half-way), under the owner's email choices,
 * with its own unsubscribe link; sign-in and account emails never do.
 */
class NotificationFanOutTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private static final String OWNER = "owner@contoso.example";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final List<Email> sent = new CopyOnWriteArrayList<>();
    /** Addresses whose next send fails once (SES refusing one message of several). */
    private final Set<String> failOnce = new CopyOnWriteArraySet<>();
    private final EmailSender email = message -> {
        if (failOnce.remove(message.to().get(0))) {
            throw new IllegalStateException("SES is unavailable (simulated)");
        }
        sent.add(message);
    };
    private final InMemoryInAppNotifications inApp = new InMemoryInAppNotifications();
    private final InMemoryAlertRecipients recipients = new InMemoryAlertRecipients();
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final InMemoryEmailChoices choices = new InMemoryEmailChoices();
    private final NotificationService service = new NotificationService(new InMemoryIdempotencyStore(clock), email, inApp,
            new InMemoryBrandings()::find, CONSOLE)
            .withEmailChoices(choices::find)
            .withAlertRecipients(recipients::list, new AlertRecipientLinks(tokens, CONSOLE), clock);

    @BeforeEach
    void recipients() {
        Instant before = clock.instant().minus(Duration.ofDays(1));
        recipients.add(AlertRecipient.pending("acct-1", "soc@contoso.example", before).confirmed(before));
        recipients.add(AlertRecipient.pending("acct-1", "tickets@msp.example", before).confirmed(before));
        recipients.add(AlertRecipient.pending("acct-1", "pending@contoso.example", before));
        AlertRecipient gone = AlertRecipient.pending("acct-1", "gone@contoso.example", before).confirmed(before);
        recipients.add(gone.unsubscribed(before));
        recipients.add(AlertRecipient.pending("acct-2", "other@fabrikam.example", before).confirmed(before));
    }

    private NotificationRequest request(String id, NotificationKind kind) {
        return new NotificationRequest(id, "acct-1", kind, OWNER, EmailTemplatesTest.params(kind), clock.instant());
    }

    private List<String> addressees() {
        return sent.stream().map(e -> e.to().get(0)).toList();
    }

    @Test
    void aScanReportReachesTheOwnerAndEachConfirmedRecipientOnceWithItsOwnWayToStop() {
        assertThat(service.deliver(request("scan-1", NotificationKind.THREAT_SCAN_REPORT)).outcome())
                .isEqualTo(NotificationService.Outcome.DELIVERED);
        assertThat(service.deliver(request("scan-1", NotificationKind.THREAT_SCAN_REPORT)).outcome())
                .isEqualTo(NotificationService.Outcome.DUPLICATE);
        assertThat(addressees()).containsExactlyInAnyOrder(OWNER, "soc@contoso.example", "tickets@msp.example");
        assertThat(inApp.recent("acct-1", 10)).as("the notice is saved once").hasSize(1);

        Email owner = sent.stream().filter(e -> e.to().contains(OWNER)).findFirst().orElseThrow();
        assertThat(owner.headers()).isEmpty();
        assertThat(owner.text()).doesNotContain("Stop getting these emails");
        Email soc = sent.stream().filter(e -> e.to().contains("soc@contoso.example")).findFirst().orElseThrow();
        assertThat(soc.subject()).isEqualTo(owner.subject());
        assertThat(soc.text()).contains(OWNER + " added soc@contoso.example")
                .contains("Stop getting these emails: " + CONSOLE + "alert-recipient?unsubscribe=");
        assertThat(soc.headers()).containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        assertThat(soc.headers().get("List-Unsubscribe")).startsWith("<" + CONSOLE + "api/alert-recipients/unsubscribe?token=")
                .endsWith(">");
        assertThat(Jsoup.parse(soc.html()).select("a:contains(Stop getting these emails)").attr("href"))
                .startsWith(CONSOLE + "alert-recipient?unsubscribe=");
        Email msp = sent.stream().filter(e -> e.to().contains("tickets@msp.example")).findFirst().orElseThrow();
        assertThat(msp.headers().get("List-Unsubscribe")).as("each email its own link").isNotEqualTo(soc.headers().get("List-Unsubscribe"));
        assertThat(tokens.all().values()).filteredOn(t -> t.kind() == TokenKind.ALERT_RECIPIENT_UNSUBSCRIBE).hasSize(2);
    }

    @Test
    void aRetryAfterAFailedSendToOneRecipientEmailsNobodyTwice() {
        failOnce.add("tickets@msp.example");
        assertThatThrownBy(() -> service.deliver(request("removal-1", NotificationKind.REMEDIATION_COMPLETE)))
                .isInstanceOf(IllegalStateException.class);
        List<String> firstTry = addressees();
        assertThat(firstTry).contains(OWNER).doesNotContain("tickets@msp.example");

        // The queue redelivers, twice.
        assertThat(service.deliver(request("removal-1", NotificationKind.REMEDIATION_COMPLETE)).outcome())
                .isEqualTo(NotificationService.Outcome.DELIVERED);
        assertThat(service.deliver(request("removal-1", NotificationKind.REMEDIATION_COMPLETE)).outcome())
                .isEqualTo(NotificationService.Outcome.DUPLICATE);
        assertThat(addressees()).containsExactlyInAnyOrder(OWNER, "soc@contoso.example", "tickets@msp.example");
        assertThat(inApp.recent("acct-1", 10)).hasSize(1);
    }

    @Test
    void theOwnersEmailChoicesApplyToTheRecipientsToo() {
        choices.save("acct-1", new EmailChoices(false, true));
        service.deliver(request("removal-2", NotificationKind.REMEDIATION_COMPLETE));
        assertThat(sent).as("removal emails switched off: nobody gets one").isEmpty();
        assertThat(inApp.recent("acct-1", 10)).hasSize(1);

        service.deliver(request("alert-1", NotificationKind.REAL_TIME_THREAT));
        assertThat(addressees()).containsExactlyInAnyOrder(OWNER, "soc@contoso.example", "tickets@msp.example");
    }

    /** Sign-in, account and trial emails are the owner's alone. */
    @ParameterizedTest
    @EnumSource(value = NotificationKind.class, names = {"SET_PASSWORD_LINK", "ACCOUNT_DETAILS", "PASSWORD_RESET_LINK",
            "PASSWORD_CHANGED", "TWO_STEP_ENABLED", "TWO_STEP_DISABLED", "ACCOUNT_CLOSED", "SSO_CONSENT_GRANTED",
            "TRIAL_ENDING", "ALERT_RECIPIENT_CONFIRMED"})
    void ownerOnlyKindsNeverFanOut(NotificationKind kind) {
        service.deliver(request("owner-" + kind, kind));
        assertThat(addressees()).containsExactly(OWNER);
    }

    @Test
    void exactlyTheSecurityEmailsFanOut() {
        assertThat(EnumSet.allOf(NotificationKind.class)).filteredOn(NotificationKind::reachesAlertRecipients)
                .containsExactlyInAnyOrder(NotificationKind.THREAT_SCAN_REPORT, NotificationKind.REMEDIATION_COMPLETE,
                        NotificationKind.REAL_TIME_THREAT, NotificationKind.REAL_TIME_AT_RISK, NotificationKind.UPGRADE_COMPLETE,
                        NotificationKind.UPGRADE_FAILED, NotificationKind.OFFBOARDED, NotificationKind.TENANT_LINK_ATTEMPTED,
                        NotificationKind.MODE_CHANGED, NotificationKind.RULES_REMOVAL_FAILED,
                        NotificationKind.MICROSOFT_ACCESS_DENIED)
                .allMatch(NotificationKind::sendsEmail);
    }

    @Test
    void aRecipientConfirmedAfterTheNotificationWasRequestedDoesNotGetIt() {
        NotificationRequest old = request("scan-old", NotificationKind.THREAT_SCAN_REPORT);
        AlertRecipient late = AlertRecipient.pending("acct-1", "late@contoso.example", clock.instant())
                .confirmed(clock.instant().plusSeconds(60));
        recipients.add(late);
        service.deliver(old);
        assertThat(addressees()).doesNotContain("late@contoso.example").hasSize(3);
    }
}
