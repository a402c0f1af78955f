package com.mailmoat.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.activity.Activity;
import com.mailmoat.core.activity.ActivityEntry;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftAccessRefusals;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryActivityLog;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryScans;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingScanPages;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admin consent removed in Microsoft Entra: the scan that cannot start tells the owner what stopped and what to do,
 * once a day, records it as Microsoft 365's doing, and a scan asked for by hand stops waiting.
 */
class ScanStartRefusedTest {
    private static final String ACCOUNT = "acct-1";
    private static final String TENANT = "tenant-1";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T09:00:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryScans scans = new InMemoryScans();
    private final FakeMailboxes mail = new FakeMailboxes();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final InMemoryActivityLog log = new InMemoryActivityLog();
    private boolean consentRemoved = true;
    /** The mailbox gateway as Microsoft answers once Mailmoat's consent is gone: 403 on every call. */
    private final MailboxGateway microsoft = (MailboxGateway) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {MailboxGateway.class}, (proxy, method, args) -> {
                if (consentRemoved) {
                    throw new MicrosoftAccessDeniedException("HTTP 401 from Graph", "InvalidAuthenticationToken", null);
                }
                try {
                    return method.invoke(mail, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    private final ScanStarter starter = new ScanStarter(accounts, microsoft, scans, new RecordingScanPages(),
            new ScanFinisher(scans, new InMemoryDetections(), accounts, notifications, clock, "https://console.mailmoat.example/"),
            clock).withAccessRefusals(new MicrosoftAccessRefusals(accounts, notifications, new Activity(log, accounts, clock),
                    "https://console.mailmoat.example/", clock));

    @BeforeEach
    void aConnectedAccount() {
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById(ACCOUNT).orElseThrow().withTenant(TENANT, List.of("contoso.example"), "Contoso Ltd"));
        mail.addMailbox("adele@contoso.example");
    }

    private ScanStarter.Outcome askByHand(String scanId) {
        scans.recordRequest(ACCOUNT, scanId, clock.instant(), clock.instant().minus(Duration.ofMinutes(15)));
        return starter.start(new ScanRequest(ScanKind.MANUAL, ACCOUNT, TENANT, clock.instant(), scanId));
    }

    @Test
    void theOwnerIsToldWhatStoppedAndAScanAskedForByHandStopsWaiting() {
        ScanStarter.Outcome outcome = askByHand("manual-1");

        assertThat(outcome).isEqualTo(new ScanStarter.Outcome.AccessDenied("InvalidAuthenticationToken"));
        assertThat(scans.lastRequest(ACCOUNT).orElseThrow().handled()).as("Home no longer shows it as requested").isTrue();
        assertThat(scans.recent(ACCOUNT, 5)).isEmpty();
        NotificationRequest told = notifications.ofKind(NotificationKind.MICROSOFT_ACCESS_DENIED).get(0);
        assertThat(told.recipient()).isEqualTo("admin@contoso.example");
        assertThat(told.params()).containsEntry("tenant", "Contoso Ltd").containsEntry("stopped", "the Threat Scan did not run")
                .containsEntry("errorCode", "InvalidAuthenticationToken");
        assertThat(log.entries(ACCOUNT)).singleElement().satisfies(entry -> {
            assertThat(entry.actor()).isEqualTo(ActivityEntry.MICROSOFT_365);
            assertThat(entry.kind()).isEqualTo(ActivityKind.MICROSOFT_ACCESS_DENIED);
            assertThat(entry.summary()).endsWith("so the Threat Scan did not run");
        });
    }

    @Test
    void theOwnerIsToldOnceADayWhileAccessStaysRefused() {
        askByHand("manual-1");
        clock.advance(Duration.ofHours(2));
        askByHand("manual-2");
        clock.advance(Duration.ofDays(1));
        askByHand("manual-3");

        List<String> ids = notifications.ofKind(NotificationKind.MICROSOFT_ACCESS_DENIED).stream()
                .map(NotificationRequest::notificationId).distinct().toList();
        assertThat(ids).as("one notification a day (the worker sends an id once)").hasSize(2);
        assertThat(log.entries(ACCOUNT)).hasSize(2);
    }

    @Test
    void onceConsentIsGivenAgainTheScanStarts() {
        askByHand("manual-1");
        consentRemoved = false;
        clock.advance(Duration.ofMinutes(5));

        assertThat(askByHand("manual-2")).isEqualTo(new ScanStarter.Outcome.Started("manual-2"));
    }
}
