package com.mailmoat.core.realtime;

import static com.mailmoat.core.realtime.RealTimeFixture.ACCOUNT;
import static com.mailmoat.core.realtime.RealTimeFixture.NOW;
import static com.mailmoat.core.realtime.RealTimeFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Mode;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.policy.SenderListEntry;
import com.mailmoat.core.policy.SenderListKind;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.testkit.FakeMailboxes;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** New mail is judged once with the recipient's policy; Protect hands malicious mail to removal by policy. */
class RealTimeCheckTest {
    private final RealTimeFixture f = new RealTimeFixture();

    private void protect(TargetedTo targetedTo) {
        f.mode(Mode.PROTECT, targetedTo);
        f.subscriptions().sync(ACCOUNT);
    }

    private FakeMailboxes.Message last(com.mailmoat.core.microsoft.Mailbox mailbox) {
        List<FakeMailboxes.Message> messages = f.mail.messages(mailbox.id());
        return messages.get(messages.size() - 1);
    }

    @Test
    void protectRecordsARealTimeDetectionAndHandsMaliciousMailToRemoval() {
        protect(users("adele@contoso.example"));
        f.clock.advance(Duration.ofMillis(250));
        f.arrive(f.adele, "MALWARE attached");

        FakeMailboxes.Message message = last(f.adele);
        String id = Detection.idFor(f.adele.id(), message.id);
        Detection detection = f.detections.find(ACCOUNT, id).orElseThrow();
        assertThat(detection.source()).isEqualTo(DetectionSource.REAL_TIME);
        assertThat(detection.scanId()).isNull();
        assertThat(detection.level()).isEqualTo(ThreatLevel.MALICIOUS);
        assertThat(detection.mailbox()).isEqualTo("adele@contoso.example");
        assertThat(detection.messageId()).isEqualTo(message.id);
        assertThat(detection.folderId()).isEqualTo(message.folderId);
        assertThat(detection.status()).isEqualTo(DetectionStatus.DETECTED);
        assertThat(f.removed).containsExactly(id);

        RealTimeStats.Day today = f.stats.day(ACCOUNT, LocalDate.ofInstant(NOW, ZoneOffset.UTC));
        assertThat(today).isEqualTo(new RealTimeStats.Day(today.date(), 1, 1, 1, 0));
        RealTimeEvent event = f.stats.latest(ACCOUNT, 10).get(0);
        assertThat(event.action()).isEqualTo(RealTimeAction.QUARANTINED);
        assertThat(event.detectionId()).isEqualTo(id);
    }

    @Test
    void cleanMailStaysAndLeavesNoTraceOfItsContent() {
        protect(users("adele@contoso.example"));
        f.arrive(f.adele, "Lunch on Friday?");
        assertThat(f.detections.size()).isZero();
        assertThat(f.removed).isEmpty();
        RealTimeEvent event = f.stats.latest(ACCOUNT, 10).get(0);
        assertThat(event.action()).isEqualTo(RealTimeAction.PASSED);
        assertThat(event.level()).isEqualTo(ThreatLevel.CLEAN);
        assertThat(event.subject()).isEmpty();
        assertThat(event.sender()).isEmpty();
        assertThat(event.detectionId()).isNull();
        assertThat(f.stats.day(ACCOUNT, LocalDate.ofInstant(NOW, ZoneOffset.UTC)).checked()).isEqualTo(1);
    }

    @Test
    void monitorRecordsButNeverRemoves() {
        f.mode(Mode.MONITOR, TargetedTo.EVERYONE);
        f.subscriptions().sync(ACCOUNT);
        f.arrive(f.ben, "MALWARE");
        f.arrive(f.ben, "PHISH");
        assertThat(f.detections.size()).isEqualTo(2);
        assertThat(f.removed).isEmpty();
        assertThat(f.stats.latest(ACCOUNT, 10)).extracting(RealTimeEvent::action).containsOnly(RealTimeAction.RECORDED);
    }

    @Test
    void theAdministratorHearsOfTheFirstMaliciousMessageOfEachHour() {
        f.mode(Mode.MONITOR, TargetedTo.EVERYONE);
        f.subscriptions().sync(ACCOUNT);
        f.arrive(f.ben, "PHISH");
        assertThat(f.alerts.sent).as("suspicious mail is not announced").isEmpty();

        f.arrive(f.ben, "MALWARE");
        String id = Detection.idFor(f.ben.id(), last(f.ben).id);
        assertThat(f.alerts.ofKind(com.mailmoat.core.notify.NotificationKind.REAL_TIME_THREAT)).singleElement()
                .satisfies(alert -> {
                    assertThat(alert.recipient()).isEqualTo("admin@contoso.example");
                    assertThat(alert.params()).containsEntry("mailbox", "ben@contoso.example")
                            .containsEntry("action", "RECORDED")
                            .containsEntry("link", "https://console.mailmoat.example/#/detections/" + id);
                });
        f.clock.advance(Duration.ofMinutes(10));
        f.arrive(f.ben, "MALWARE again");
        f.clock.advance(Duration.ofHours(1));
        f.arrive(f.ben, "MALWARE an hour later");

        // Delivery drops a notice whose id it has sent: one for the first hour, one for the next.
        assertThat(f.alerts.sent).extracting(n -> n.notificationId()).hasSize(3).containsOnly(
                f.alerts.sent.get(0).notificationId(), f.alerts.sent.get(2).notificationId());
        assertThat(f.alerts.sent.get(0).notificationId()).isNotEqualTo(f.alerts.sent.get(2).notificationId());
    }

    @Test
    void aDuplicatedOrRedeliveredEventChecksTheMessageOnce() {
        protect(users("adele@contoso.example"));
        FakeMailboxes.Message message = f.mail.deliver(f.adele.id(), NOW, "MALWARE");
        MailEvent event = new MailEvent(ACCOUNT, f.subscriptionOf(f.adele).subscriptionId(), f.adele.id(),
                "adele@contoso.example", message.id, NOW);
        RealTimeCheck check = f.check();
        assertThat(check.check(event)).isInstanceOf(RealTimeCheck.Outcome.Done.class);
        assertThat(((RealTimeCheck.Outcome.Done) check.check(event)).note()).startsWith("checked before");
        assertThat(f.inspector.inspected).hasValue(1);
        assertThat(f.removed).hasSize(1);
        assertThat(f.stats.day(ACCOUNT, LocalDate.ofInstant(NOW, ZoneOffset.UTC)).checked()).isEqualTo(1);
    }

    @Test
    void aMailboxOutsideTargetedToIsNotTouchedEvenIfANotificationArrives() {
        f.mode(Mode.PROTECT, TargetedTo.EVERYONE);
        f.subscriptions().sync(ACCOUNT);
        MailSubscription carla = f.subscriptionOf(f.carla);
        f.mode(Mode.PROTECT, users("adele@contoso.example")); // narrowed, before the sync removed Carla's subscription
        FakeMailboxes.Message message = f.mail.deliver(f.carla.id(), NOW, "MALWARE");
        RealTimeCheck.Outcome outcome = f.check().check(new MailEvent(ACCOUNT, carla.subscriptionId(), f.carla.id(),
                "carla@contoso.example", message.id, NOW));
        assertThat(((RealTimeCheck.Outcome.Done) outcome).note()).contains("not protected");
        assertThat(f.detections.size()).isZero();
        assertThat(f.removed).isEmpty();
        assertThat(f.inspector.inspected).hasValue(0);
    }

    @Test
    void accountsNoLongerInMonitorOrProtectCheckNothing() {
        protect(users("adele@contoso.example"));
        FakeMailboxes.Message message = f.mail.deliver(f.adele.id(), NOW, "MALWARE");
        f.mode(Mode.DISABLED, TargetedTo.EVERYONE);
        RealTimeCheck.Outcome outcome = f.check().check(new MailEvent(ACCOUNT, "sub-1", f.adele.id(), "adele@contoso.example",
                message.id, NOW));
        assertThat(((RealTimeCheck.Outcome.Done) outcome).note()).contains("DISABLED");
        assertThat(f.inspector.inspected).hasValue(0);
    }

    /**
     * Allow entries never override malware (Microsoft's Tenant Allow/Block List; the engine applies
     * the entry to what it may override): malicious mail from an allowed sender is removed in Protect.
     */
    @Test
    void aPermittedSendersMalwareIsStillRemoved() {
        protect(users("adele@contoso.example"));
        f.policies.replaceSenderList(ACCOUNT, SenderListKind.PERMITTED,
                List.of(new SenderListEntry("partner.example", "partner", "admin", NOW)));
        FakeMailboxes.Message message = f.mail.deliver(f.adele.id(), NOW, "MALWARE");
        f.lookup.sender(message.id, "billing@partner.example");
        f.check().check(new MailEvent(ACCOUNT, f.subscriptionOf(f.adele).subscriptionId(), f.adele.id(),
                "adele@contoso.example", message.id, NOW));
        assertThat(f.detections.size()).isEqualTo(1);
        assertThat(f.removed).hasSize(1);
    }

    @Test
    void draftsOutgoingMailAndVanishedMessagesAreSkipped() {
        protect(users("adele@contoso.example"));
        FakeMailboxes.Message draft = f.mail.deliver(f.adele.id(), NOW, "MALWARE draft");
        f.lookup.markDraft(draft.id);
        FakeMailboxes.Message sent = f.mail.deliver(f.adele.id(), NOW, "MALWARE sent");
        sent.folderId = "sent-adele";
        f.store.put(new MailSubscription(ACCOUNT, "sub-sent", f.subscriptionOf(f.adele).tenantId(), f.adele.id(),
                "adele@contoso.example", "x", NOW.plus(Duration.ofDays(2)), NOW, java.util.Set.of("sent-adele")));
        FakeMailboxes.Message gone = f.mail.deliver(f.adele.id(), NOW, "MALWARE gone");
        f.mail.delete(f.adele.id(), gone.id);
        RealTimeCheck check = f.check();
        String sub = f.subscriptionOf(f.adele).subscriptionId();
        assertThat(note(check.check(new MailEvent(ACCOUNT, sub, f.adele.id(), "adele@contoso.example", draft.id, NOW))))
                .isEqualTo("draft");
        assertThat(note(check.check(new MailEvent(ACCOUNT, "sub-sent", f.adele.id(), "adele@contoso.example", sent.id, NOW))))
                .isEqualTo("outgoing");
        assertThat(note(check.check(new MailEvent(ACCOUNT, sub, f.adele.id(), "adele@contoso.example", gone.id, NOW))))
                .isEqualTo("gone");
        assertThat(f.detections.size()).isZero();
    }

    @Test
    void aDetectionSomeoneActedOnIsLeftAlone() {
        protect(users("adele@contoso.example"));
        FakeMailboxes.Message message = f.mail.deliver(f.adele.id(), NOW, "MALWARE");
        String id = Detection.idFor(f.adele.id(), message.id);
        f.detections.putIfAbsent(new Detection(ACCOUNT, id, "scan-1", DetectionSource.SCAN, f.adele.id(),
                "adele@contoso.example", message.id, "", "", "", "", NOW, message.folderId, ThreatLevel.MALICIOUS, 9,
                java.util.Set.of(), List.of(), DetectionStatus.RELEASED, NOW));
        RealTimeCheck.Outcome outcome = f.check().check(new MailEvent(ACCOUNT, f.subscriptionOf(f.adele).subscriptionId(),
                f.adele.id(), "adele@contoso.example", message.id, NOW));
        assertThat(note(outcome)).isEqualTo("detection RELEASED");
        assertThat(f.removed).as("an administrator released it").isEmpty();
    }

    @Test
    void throttlingGivesTheClaimBackAndWaitsOnTheQueue() {
        protect(users("adele@contoso.example"));
        FakeMailboxes.Message message = f.mail.deliver(f.adele.id(), NOW, "MALWARE");
        MailEvent event = new MailEvent(ACCOUNT, f.subscriptionOf(f.adele).subscriptionId(), f.adele.id(),
                "adele@contoso.example", message.id, NOW);
        f.lookup.throttleNext.set(1);
        RealTimeCheck check = f.check();
        assertThat(check.check(event)).isEqualTo(new RealTimeCheck.Outcome.RetryAfter(Duration.ofSeconds(2)));
        assertThat(check.check(event)).isInstanceOf(RealTimeCheck.Outcome.Done.class);
        assertThat(f.removed).hasSize(1);
    }

    @Test
    void aMessageTheScanAlreadyDetectedIsRemovedOnceInProtect() {
        protect(users("adele@contoso.example"));
        FakeMailboxes.Message message = f.mail.deliver(f.adele.id(), NOW, "MALWARE");
        String id = Detection.idFor(f.adele.id(), message.id);
        f.detections.putIfAbsent(new Detection(ACCOUNT, id, "scan-1", DetectionSource.SCAN, f.adele.id(),
                "adele@contoso.example", message.id, "", "", "", "", NOW, message.folderId, ThreatLevel.MALICIOUS, 9,
                java.util.Set.of(), List.of(), DetectionStatus.DETECTED, NOW));
        f.check().check(new MailEvent(ACCOUNT, f.subscriptionOf(f.adele).subscriptionId(), f.adele.id(),
                "adele@contoso.example", message.id, NOW));
        assertThat(f.detections.size()).as("one detection per message").isEqualTo(1);
        assertThat(f.removed).containsExactly(id);
    }

    private static String note(RealTimeCheck.Outcome outcome) {
        return ((RealTimeCheck.Outcome.Done) outcome).note();
    }
}
