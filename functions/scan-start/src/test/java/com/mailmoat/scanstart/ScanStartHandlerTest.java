package com.mailmoat.scanstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.scan.ScanFinisher;
import com.mailmoat.core.scan.ScanStarter;
import com.mailmoat.core.scan.ScanStatus;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryScans;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingQueueControl;
import com.mailmoat.testkit.RecordingScanPages;
import com.mailmoat.testkit.SampleEvents;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scan-start sample through its handler: a scan is created once and each mailbox's first page queued. */
class ScanStartHandlerTest {
    private static final String ACCOUNT = "0d5c1f3e-2a4b-4c6d-8e9f-001122334455";
    private static final String TENANT = "5a0c6d3e-1b2f-4c8d-9e7a-0f1e2d3c4b5a";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:05Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryScans scans = new InMemoryScans();
    private final FakeMailboxes mail = new FakeMailboxes();
    private final RecordingScanPages pages = new RecordingScanPages();
    private final RecordingQueueControl queues = new RecordingQueueControl();
    private final ScanStartHandler handler = new ScanStartHandler(new ScanStarter(accounts, mail, scans, pages,
            new ScanFinisher(scans, new InMemoryDetections(), accounts, new RecordingNotificationQueue(), clock,
                    "https://console.mailmoat.example/"), clock), queues);

    @BeforeEach
    void aConnectedAccount() {
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById(ACCOUNT).orElseThrow().withTenant(TENANT, List.of("contoso.example")));
        mail.addMailbox("adele@contoso.example");
        mail.addMailbox("ben@contoso.example");
    }

    private static SQSEvent sample() {
        return SampleEvents.sqs("ScanStartFunction").get(0).event();
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void theSampleStartsOneScanOverTheLast30DaysAndQueuesEachMailboxOnceEvenWhenRedelivered() {
        assertThat(failed(handler.handleRequest(sample(), null))).isEmpty();
        assertThat(failed(handler.handleRequest(sample(), null))).isEmpty();

        assertThat(scans.recent(ACCOUNT, 5)).singleElement().satisfies(scan -> {
            assertThat(scan.status()).isEqualTo(ScanStatus.RUNNING);
            assertThat(scan.mailboxesTotal()).isEqualTo(2);
            assertThat(scan.windowEnd()).isEqualTo(Instant.parse("2026-11-23T17:30:00Z"));
            assertThat(scan.windowStart()).isEqualTo(Instant.parse("2026-10-24T17:30:00Z"));
        });
        assertThat(pages.queue).hasSize(2).allSatisfy(work -> assertThat(work.version()).isZero());
    }

    @Test
    void throttlingWhileListingMailboxesMakesTheQueueWaitInsteadOfFailing() {
        mail.throttle = 1.0;
        SQSEvent event = sample();
        assertThat(failed(handler.handleRequest(event, null))).containsExactly(event.getRecords().get(0).getMessageId());
        assertThat(queues.visibilityChanges).singleElement().satisfies(d -> assertThat(d.seconds()).isEqualTo(2));
        assertThat(scans.recent(ACCOUNT, 5)).isEmpty();
    }

    @Test
    void aMalformedRequestIsParkedInTheDeadLetterQueue() {
        SQSEvent event = sample();
        event.getRecords().get(0).setBody("{\"kind\":\"FIRST_THREAT_SCAN\"}");
        assertThat(failed(handler.handleRequest(event, null))).isEmpty();
        assertThat(queues.deadLettered).hasSize(1);
    }

    @Test
    void theDailyScheduleRequestsOneScheduledScanPerConnectedAccountWithAnIdFixedByTheEvent() {
        accounts.create(Account.signedUp("not-connected", "b@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
        com.mailmoat.testkit.RecordingScanRequests requests = new com.mailmoat.testkit.RecordingScanRequests();
        ScanScheduleHandler schedule = new ScanScheduleHandler(accounts, requests, clock);
        var event = SampleEvents.scheduled("ScanScheduleFunction").get(0).event();
        schedule.handleRequest(event, null);
        schedule.handleRequest(event, null); // EventBridge delivers at least once

        assertThat(requests.requested).containsExactly(ACCOUNT + "/null", ACCOUNT + "/null");
        assertThat(requests.kinds).containsOnly(com.mailmoat.core.scan.ScanKind.SCHEDULED);
        assertThat(requests.scanIds.get(0)).isEqualTo(requests.scanIds.get(1)).startsWith("20261124T030000Z-");
    }
}
