package com.mailmoat.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.policy.AddressMatcher;
import com.mailmoat.core.policy.Engine;
import com.mailmoat.core.policy.MatchOn;
import com.mailmoat.core.policy.Policy;
import com.mailmoat.core.policy.PolicyTarget;
import com.mailmoat.core.policy.ScanPolicies;
import com.mailmoat.core.policy.SenderListEntry;
import com.mailmoat.core.policy.SenderListKind;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.testkit.FakeInspector;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryDirectory;
import com.mailmoat.testkit.InMemoryPolicies;
import com.mailmoat.testkit.InMemoryScans;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingScanPages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A scan applies the effective policy per recipient and sender: lists, Disabled, Protect's removals. */
class ScanUnderPoliciesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String ACCOUNT = "acct-1";

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryScans scans = new InMemoryScans();
    private final InMemoryDetections detections = new InMemoryDetections();
    private final InMemoryPolicies policies = new InMemoryPolicies();
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final FakeMailboxes mail = new FakeMailboxes();
    private final RecordingScanPages pages = new RecordingScanPages();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<String> removed = new ArrayList<>();
    private final ScanFinisher finisher = new ScanFinisher(scans, detections, accounts, new RecordingNotificationQueue(), clock,
            "https://console.mailmoat.example/");
    private Mailbox adele;
    private Mailbox ben;

    @BeforeEach
    void aProtectedTenant() {
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, NOW));
        Account linked = accounts.findById(ACCOUNT).orElseThrow().withTenant(FakeMicrosoft.TENANT, List.of("contoso.example"));
        accounts.linkTenant(linked);
        accounts.update(accounts.findById(ACCOUNT).orElseThrow()
                .withMode(Mode.PROTECT, new TargetedTo(false, List.of("adele@contoso.example"), List.of())));
        adele = mail.addMailbox("adele@contoso.example");
        ben = mail.addMailbox("ben@contoso.example");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private void scanEverything() {
        ScanPageProcessor processor = new ScanPageProcessor(scans, accounts, mail, new FakeInspector(), detections,
                new TenantProfiles(new FakeMicrosoft(), clock, Duration.ofMinutes(15)), pages, finisher, pool, 10, 4, clock,
                PageHook.NONE, new ScanPolicies(policies, directory), (account, ids) -> removed.addAll(ids));
        new ScanStarter(accounts, mail, scans, pages, finisher, clock)
                .start(new ScanRequest(ScanKind.MANUAL, ACCOUNT, FakeMicrosoft.TENANT, NOW, "s1"));
        ScanPageWork work;
        while ((work = pages.poll()) != null) {
            processor.process(work);
        }
    }

    private FakeMailboxes.Message deliver(Mailbox box, String body) {
        return mail.deliver(box.id(), NOW.minus(Duration.ofDays(1)), body);
    }

    @Test
    void protectRemovesMaliciousMailOfTargetedRecipientsOnlyAndRecordsTheRest() {
        FakeMailboxes.Message toAdele = deliver(adele, "MALWARE");
        FakeMailboxes.Message suspicious = deliver(adele, "PHISH");
        FakeMailboxes.Message toBen = deliver(ben, "MALWARE");
        scanEverything();
        assertThat(removed).containsExactly(Detection.idFor(adele.id(), toAdele.id));
        assertThat(detections.find(ACCOUNT, Detection.idFor(adele.id(), suspicious.id))).isPresent();
        assertThat(detections.find(ACCOUNT, Detection.idFor(ben.id(), toBen.id))).as("Ben keeps the Threat Scan").isPresent();
    }

    /** Allow entries never override malware (Microsoft): the engine applies them; the policy still removes malware. */
    @Test
    void aPermittedSendersMalwareIsStillRemovedAndABlockedSenderIsAlwaysADetection() {
        policies.replaceSenderList(ACCOUNT, SenderListKind.PERMITTED,
                List.of(new SenderListEntry("outside.example", "partner", "admin", NOW)));
        deliver(adele, "MALWARE");
        scanEverything();
        assertThat(removed).hasSize(1);
        assertThat(detections.size()).isEqualTo(1);
    }

    @Test
    void aDisabledPolicyLeavesItsMailUnjudged() {
        policies.create(ACCOUNT, new Policy("p1", "Partner relay", false, 10, Mode.DISABLED, EnumSet.allOf(Engine.class),
                Map.of(), new PolicyTarget(List.of(AddressMatcher.parse("outside.example", "x")), List.of(), List.of(), List.of(),
                MatchOn.HEADER_FROM), true, NOW, 1));
        deliver(adele, "MALWARE");
        deliver(adele, "hello");
        scanEverything();
        assertThat(detections.size()).isZero();
        assertThat(removed).isEmpty();
        assertThat(scans.find(ACCOUNT, "s1").orElseThrow().counts().messagesScanned()).isZero();
    }
}
