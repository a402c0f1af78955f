package com.mailmoat.scanchunk;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.scan.MailboxCursor;
import com.mailmoat.core.scan.PageHook;
import com.mailmoat.core.scan.Scan;
import com.mailmoat.core.scan.ScanFinisher;
import com.mailmoat.core.scan.ScanKind;
import com.mailmoat.core.scan.ScanPageProcessor;
import com.mailmoat.core.scan.ScanStatus;
import com.mailmoat.testkit.FakeInspector;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryScans;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingQueueControl;
import com.mailmoat.testkit.RecordingScanPages;
import com.mailmoat.testkit.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scan-chunk sample through its handler: its page is read once, however often SQS delivers it. */
class ScanChunkHandlerTest {
    private static final String ACCOUNT = "0d5c1f3e-2a4b-4c6d-8e9f-001122334455";
    private static final String SCAN = "20261123T173000Z-1a2b3c4d";
    private static final Instant END = Instant.parse("2026-11-23T17:30:00Z");

    private final MutableClock clock = new MutableClock(END.plusSeconds(5));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryScans scans = new InMemoryScans();
    private final InMemoryDetections detections = new InMemoryDetections();
    private final FakeMailboxes mail = new FakeMailboxes();
    private final RecordingScanPages pages = new RecordingScanPages();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final RecordingQueueControl queues = new RecordingQueueControl();
    private final ScanChunkHandler handler = new ScanChunkHandler(new ScanPageProcessor(scans, accounts, mail,
            new FakeInspector(), detections, new TenantProfiles(new FakeMicrosoft(), clock, Duration.ofMinutes(15)),
            pages, new ScanFinisher(scans, detections, accounts, notifications, clock, "https://console.mailmoat.example/"),
            Executors.newFixedThreadPool(4), 50, 4, clock, PageHook.NONE), queues);

    @BeforeEach
    void aRunningScanOfOneMailbox() {
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById(ACCOUNT).orElseThrow().withTenant(FakeMicrosoft.TENANT, List.of("contoso.example")));
        // The sample's mailbox id.
        Mailbox box = new Mailbox("8f2d4c6e-1a3b-4d5e-9f7a-0b1c2d3e4f50", "adele@contoso.example", "adele@contoso.example", "Adele");
        mail.addMailboxWithId(box);
        mail.deliver(box.id(), END.minus(Duration.ofDays(2)), "hello");
        mail.deliver(box.id(), END.minus(Duration.ofDays(1)), "MALWARE attached");
        scans.create(Scan.started(ACCOUNT, SCAN, FakeMicrosoft.TENANT, ScanKind.FIRST, END.minus(Duration.ofDays(30)), END,
                END, 1));
        scans.putCursorsIfAbsent(List.of(MailboxCursor.start(ACCOUNT, SCAN, box.id(), box.mail(), box.displayName(),
                END.minus(Duration.ofDays(30)))));
    }

    private static SQSEvent sample() {
        return SampleEvents.sqs("ScanChunkFunction").get(0).event();
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void theSamplePageIsReadOnceAndFinishesTheScanWithItsReport() {
        assertThat(failed(handler.handleRequest(sample(), null))).isEmpty();
        assertThat(failed(handler.handleRequest(sample(), null))).isEmpty();
        Scan scan = scans.find(ACCOUNT, SCAN).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.COMPLETED);
        assertThat(scan.counts().messagesScanned()).isEqualTo(2);
        assertThat(scan.counts().threatsFound()).isEqualTo(1);
        assertThat(detections.size()).isEqualTo(1);
        assertThat(notifications.sent).hasSize(1);
        assertThat(mail.mimeFetches.get()).isEqualTo(2);
    }

    @Test
    void aPageFailingOnItsLastReceiveSkipsItsMailboxSoTheScanFinishesInsteadOfWaitingForever() {
        ScanChunkHandler failing = new ScanChunkHandler(new ScanPageProcessor(scans, accounts, mail,
                new FakeInspector(), detections, new TenantProfiles(new FakeMicrosoft(), clock, Duration.ofMinutes(15)),
                pages, new ScanFinisher(scans, detections, accounts, notifications, clock, "https://console.mailmoat.example/"),
                Executors.newFixedThreadPool(4), 50, 4, clock, (work, tenant, written) -> {
                    throw new IllegalStateException("a bug this page trips every time");
                }), new RecordingQueueControl(5));
        SQSEvent event = sample();
        event.getRecords().get(0).setAttributes(new java.util.HashMap<>(java.util.Map.of("ApproximateReceiveCount", "4")));
        assertThat(failed(failing.handleRequest(event, null))).as("retried while SQS would").hasSize(1);
        event.getRecords().get(0).setAttributes(new java.util.HashMap<>(java.util.Map.of("ApproximateReceiveCount", "5")));
        assertThat(failed(failing.handleRequest(event, null))).isEmpty();

        Scan scan = scans.find(ACCOUNT, SCAN).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.COMPLETED);
        assertThat(scan.mailboxesSkipped()).isEqualTo(1);
        assertThat(scans.cursors(ACCOUNT, SCAN)).singleElement()
                .satisfies(c -> assertThat(c.skipReason()).startsWith("Mailmoat could not read this mailbox: the same page failed 5 times"));
        assertThat(notifications.sent).as("the report goes out").hasSize(1);
    }

    @Test
    void aThrottledListingWaitsOnTheQueueForMicrosoftsRetryAfter() {
        mail.throttle = 1.0;
        SQSEvent event = sample();
        assertThat(failed(handler.handleRequest(event, null))).containsExactly(event.getRecords().get(0).getMessageId());
        assertThat(queues.visibilityChanges).singleElement().satisfies(d -> assertThat(d.seconds()).isEqualTo(2));
        assertThat(scans.find(ACCOUNT, SCAN).orElseThrow().counts().messagesScanned()).isZero();
    }
}
