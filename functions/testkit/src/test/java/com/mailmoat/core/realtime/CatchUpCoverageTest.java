package com.mailmoat.core.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.ErasureRequest;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.checks.OutboundRegions;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.exchange.BlockedSenderCollector;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.upgrade.Offboarding;
import com.mailmoat.core.upgrade.UpgradePrerequisites;
import com.mailmoat.core.upgrade.UpgradeService;
import com.mailmoat.core.upgrade.UpgradeStatus;
import com.mailmoat.core.upgrade.UpgradeTasks;
import com.mailmoat.testkit.FakeExchange;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.FakeMessageDelta;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryDeltaTokens;
import com.mailmoat.testkit.InMemoryDns;
import com.mailmoat.testkit.InMemoryUpgrades;
import com.mailmoat.testkit.RecordingNotificationQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A mailbox's catch-up covers only the time it was protected, across the upgrade, a step down,
 * offboarding and the upgrade again: the first round after (re)subscribing starts when protection took
 * effect, and the positions (delta links, coverage starts) of a period that ended are gone, so nothing
 * of the time real-time protection was off is read, checked or quarantined later.
 */
class CatchUpCoverageTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private static final String ACCOUNT = RealTimeFixture.ACCOUNT;

    private final RealTimeFixture f = new RealTimeFixture();
    private final FakeMessageDelta delta = new FakeMessageDelta(f.mail);
    private final InMemoryDeltaTokens tokens = new InMemoryDeltaTokens();
    private final FakeExchange exchange = new FakeExchange();
    private final FakeMicrosoft microsoft = new FakeMicrosoft();
    private final InMemoryUpgrades upgrades = new InMemoryUpgrades();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final List<ErasureRequest> erasures = new ArrayList<>();
    /** Microsoft refuses to delete these subscriptions (not throttling: an answer a retry does not change). */
    private final Set<String> undeletable = new java.util.concurrent.CopyOnWriteArraySet<>();

    /** Graph's subscriptions, refusing to delete those in {@link #undeletable}. */
    private final SubscriptionGateway graph = new SubscriptionGateway() {
        @Override
        public Created create(String tenantId, Request request) {
            return f.graph.create(tenantId, request);
        }

        @Override
        public Instant renew(String tenantId, String subscriptionId, Instant expiresAt) {
            return f.graph.renew(tenantId, subscriptionId, expiresAt);
        }

        @Override
        public void delete(String tenantId, String subscriptionId) {
            if (undeletable.contains(subscriptionId)) {
                throw new MicrosoftException("delete subscription failed with HTTP 400 (InvalidRequest)", "InvalidRequest", null);
            }
            f.graph.delete(tenantId, subscriptionId);
        }
    };

    /** The subscription service every function builds: the upgrade's tasks and offboarding, and the sync's. */
    private final SubscriptionService subscriptions = new SubscriptionService(f.accounts, f.mail, f.lookup, f.directory,
            graph, f.store, f.clock, new SubscriptionService.Config(RealTimeFixture.NOTIFY, RealTimeFixture.LIFECYCLE,
            SubscriptionService.DOCUMENTED_MAX_LIFETIME, Duration.ofHours(48)), Runnable::run, tokens);

    private final UpgradeTasks tasks = new UpgradeTasks(f.accounts, upgrades, new UpgradePrerequisites(microsoft, exchange,
            exchange, f.directory, new SetupChecks(new InMemoryDns(), OutboundRegions.defaults()), accountId -> List.of()),
            exchange, new BlockedSenderCollector(f.policies, f.detections), f.directory,
            new DirectoryImport(f.accounts, microsoft, f.directory, f.clock), subscriptions, notifications, f.clock, CONSOLE);
    private final UpgradeService upgradeNow = new UpgradeService(f.accounts, upgrades, (accountId, upgradeId) -> {
    }, f.clock, CONSOLE);
    private final Offboarding offboarding = new Offboarding(f.accounts, f.accounts, upgrades, exchange, subscriptions,
            exchange, erasures::add, notifications, f.clock);

    private CatchUp catchUp(MessageDelta messageDelta) {
        return new CatchUp(f.accounts, f.store, messageDelta, tokens, f.queue, f.clock, new CatchUp.Config(Duration.ofHours(72)));
    }

    private SubscriptionUpkeep upkeep() {
        return new SubscriptionUpkeep(subscriptions, catchUp(delta), RealTimeHealth.NONE, f.accounts, notifications, f.clock);
    }

    /** The schedule's catch-up, and the checks of what it queued. */
    private void catchUpNow() {
        upkeep().handle(SyncRequest.of(ACCOUNT, SyncRequest.Reason.CATCH_UP));
        f.drain();
    }

    /** Upgrade Now, consent, and every step of the workflow; returns when the mode was switched. */
    private Instant upgrade(Mode mode) {
        String id = requestUpgrade(mode);
        tasks.validatePrerequisites(ACCOUNT, id);
        tasks.recordTransportRuleOrder(ACCOUNT, id);
        tasks.installTransportRules(ACCOUNT, id);
        tasks.importUsersAndGroups(ACCOUNT, id);
        tasks.createMailSubscriptions(ACCOUNT, id);
        Instant switched = f.clock.instant();
        tasks.switchMode(ACCOUNT, id);
        tasks.notifyComplete(ACCOUNT, id);
        assertThat(f.graph.live()).as("one subscription per mailbox").hasSize(3);
        return switched;
    }

    private String requestUpgrade(Mode mode) {
        String id = upgradeNow.request(ACCOUNT, mode, TargetedTo.EVERYONE).upgrade().upgradeId();
        assertThat(upgradeNow.consented(f.accounts.findById(ACCOUNT).orElseThrow())).isTrue();
        return id;
    }

    private void reconnect() {
        f.accounts.linkTenant(f.accounts.findById(ACCOUNT).orElseThrow().withTenant(FakeMicrosoft.TENANT,
                List.of("contoso.example")));
    }

    private static String detection(com.mailmoat.core.microsoft.Mailbox mailbox, FakeMailboxes.Message message) {
        return Detection.idFor(mailbox.id(), message.id);
    }

    @Test
    void theFirstCatchUpAfterTheUpgradeStartsWhenProtectionWasSwitchedOnNotBefore() {
        f.clock.advance(Duration.ofMinutes(1));
        // In Threat Scan Only, two minutes before the upgrade: new mail is not Mailmoat's to act on yet.
        f.mail.deliver(f.ben.id(), f.clock.instant(), "MALWARE before the upgrade");
        f.clock.advance(Duration.ofMinutes(2));
        Instant switchedOn = upgrade(Mode.PROTECT);

        f.clock.advance(Duration.ofMinutes(1));
        FakeMailboxes.Message after = f.mail.deliver(f.adele.id(), f.clock.instant(), "MALWARE after, notification dropped");
        f.clock.advance(Duration.ofMinutes(10));
        catchUpNow();

        assertThat(f.removed).as("only what arrived once protection was on").containsExactly(detection(f.adele, after));
        assertThat(tokens.links).hasSize(6);
        assertThat(tokens.links.values()).allSatisfy(c -> assertThat(c.coveredSince()).isEqualTo(switchedOn));
    }

    @Test
    void aMailboxAddedToTargetedToIsCoveredFromTheChangeWhileTheOthersGoOnFromTheirLinks() {
        Instant first = f.clock.instant();
        f.mode(Mode.PROTECT, RealTimeFixture.users("adele@contoso.example"));
        upkeep().handle(new SyncRequest(ACCOUNT, SyncRequest.Reason.MODE_CHANGED, null, first));
        f.clock.advance(Duration.ofMinutes(10));
        catchUpNow();
        f.clock.advance(Duration.ofMinutes(20));
        f.mail.deliver(f.ben.id(), f.clock.instant(), "MALWARE while Ben was outside Targeted To");
        f.clock.advance(Duration.ofMinutes(3));
        FakeMailboxes.Message adeles = f.mail.deliver(f.adele.id(), f.clock.instant(), "MALWARE for Adele, dropped");

        Instant changed = f.clock.instant();
        f.mode(Mode.PROTECT, RealTimeFixture.users("adele@contoso.example", "ben@contoso.example"));
        f.clock.advance(Duration.ofSeconds(2));
        upkeep().handle(new SyncRequest(ACCOUNT, SyncRequest.Reason.MODE_CHANGED, null, changed));
        f.drain();

        assertThat(f.removed).as("Adele's from her link; nothing of Ben's from before he was added")
                .containsExactly(detection(f.adele, adeles));
        assertThat(tokens.find(ACCOUNT, f.adele.id(), "inbox").orElseThrow().coveredSince()).isEqualTo(first);
        assertThat(tokens.find(ACCOUNT, f.ben.id(), "inbox").orElseThrow().coveredSince()).isEqualTo(changed);
        assertThat(tokens.mailboxes(ACCOUNT)).containsExactlyInAnyOrder(f.adele.id(), f.ben.id());
    }

    @Test
    void offboardingForgetsEveryCatchUpPosition() {
        upgrade(Mode.PROTECT);
        f.clock.advance(Duration.ofMinutes(10));
        catchUpNow();
        assertThat(tokens.links).hasSize(6);

        f.clock.advance(Duration.ofHours(1));
        offboarding.offboard(ACCOUNT, false, true);
        assertThat(f.graph.live()).isEmpty();
        assertThat(tokens.links).as("the positions end with protection, not only with the later erasure").isEmpty();
        assertThat(erasures).containsExactly(ErasureRequest.tenantData(ACCOUNT, FakeMicrosoft.TENANT));

        // Again (the administrator retries, a redelivered request): nothing to do, nothing fails.
        reconnect();
        offboarding.offboard(ACCOUNT, false, true);
        assertThat(tokens.links).isEmpty();
    }

    @Test
    void upgradedAgainAfterOffboardingTheCatchUpReadsNothingOfTheTimeProtectionWasOff() {
        upgrade(Mode.PROTECT);
        f.clock.advance(Duration.ofMinutes(10));
        FakeMailboxes.Message protectedThen = f.mail.deliver(f.carla.id(), f.clock.instant(), "MALWARE while protected");
        catchUpNow();
        assertThat(f.removed).containsExactly(detection(f.carla, protectedThen));
        f.removed.clear();

        f.clock.advance(Duration.ofHours(1));
        offboarding.offboard(ACCOUNT, false, true);
        f.clock.advance(Duration.ofHours(1));
        f.mail.deliver(f.ben.id(), f.clock.instant(), "MALWARE while offboarded");
        reconnect();
        f.clock.advance(Duration.ofHours(1));
        f.mail.deliver(f.adele.id(), f.clock.instant(), "MALWARE connected again, still Threat Scan Only");
        f.clock.advance(Duration.ofMinutes(2));
        Instant again = upgrade(Mode.PROTECT);

        f.clock.advance(Duration.ofMinutes(1));
        FakeMailboxes.Message after = f.mail.deliver(f.ben.id(), f.clock.instant(), "MALWARE after the new upgrade");
        f.clock.advance(Duration.ofMinutes(10));
        catchUpNow();

        assertThat(f.removed).as("nothing of the two hours protection was off").containsExactly(detection(f.ben, after));
        assertThat(tokens.links.values()).as("coverage starts anew, no link of the earlier period")
                .allSatisfy(c -> assertThat(c.coveredSince()).isEqualTo(again));
    }

    @Test
    void aStepDownForgetsEveryPositionEvenWhereMicrosoftRefusedToDeleteTheSubscription() {
        upgrade(Mode.PROTECT);
        f.clock.advance(Duration.ofMinutes(10));
        catchUpNow();
        undeletable.add(f.subscriptionOf(f.ben).subscriptionId());

        f.clock.advance(Duration.ofMinutes(5));
        f.mode(Mode.THREAT_SCAN_ONLY, TargetedTo.EVERYONE);
        upkeep().handle(new SyncRequest(ACCOUNT, SyncRequest.Reason.MODE_CHANGED, null, f.clock.instant()));

        assertThat(f.store.list(ACCOUNT)).as("kept for the next sync to delete again").hasSize(1);
        assertThat(tokens.links).as("protection ended for every mailbox").isEmpty();
    }

    @Test
    void aFailedUpgradeLeavesNoCatchUpPosition() {
        // Positions of an earlier protected period a step down could not forget (Microsoft refused, a crash).
        tokens.links.put(ACCOUNT + "#" + f.adele.id() + "#inbox", new DeltaTokenStore.Cursor("https://graph.test/delta/old",
                f.clock.instant().minus(Duration.ofDays(2))));
        String id = requestUpgrade(Mode.PROTECT);
        tasks.validatePrerequisites(ACCOUNT, id);
        tasks.recordTransportRuleOrder(ACCOUNT, id);
        tasks.installTransportRules(ACCOUNT, id);

        tasks.failed(ACCOUNT, id, "com.mailmoat.upgrade.StepFailedException", "Microsoft refused Mailmoat's access.");

        assertThat(upgrades.find(ACCOUNT).orElseThrow().status()).isEqualTo(UpgradeStatus.FAILED);
        assertThat(tokens.links).isEmpty();
    }

    @Test
    void anUpgradeThatFailsAfterTheModeWasSwitchedEndsRealTimeProtectionAgain() {
        String id = requestUpgrade(Mode.PROTECT);
        tasks.validatePrerequisites(ACCOUNT, id);
        tasks.recordTransportRuleOrder(ACCOUNT, id);
        tasks.installTransportRules(ACCOUNT, id);
        tasks.importUsersAndGroups(ACCOUNT, id);
        tasks.createMailSubscriptions(ACCOUNT, id);
        // The switch is saved, then Microsoft throttles the subscriptions until the state machine gives up.
        f.graph.throttleNext.set(2);
        assertThatThrownBy(() -> tasks.switchMode(ACCOUNT, id)).isInstanceOf(MicrosoftThrottledException.class);
        assertThat(f.accounts.findById(ACCOUNT).orElseThrow().mode()).isEqualTo(Mode.PROTECT);

        tasks.failed(ACCOUNT, id, "com.mailmoat.upgrade.TransientStepException", "SwitchMode: throttled");

        assertThat(upgrades.find(ACCOUNT).orElseThrow().error()).contains("as it was before the upgrade");
        assertThat(f.accounts.findById(ACCOUNT).orElseThrow().mode()).as("as the failure says").isEqualTo(Mode.THREAT_SCAN_ONLY);
        assertThat(f.graph.live()).isEmpty();
        assertThat(f.store.list(ACCOUNT)).isEmpty();
        assertThat(tokens.links).isEmpty();
    }

    @Test
    void aCatchUpStillRunningWhenProtectionEndsLeavesNoPositionBehind() {
        upgrade(Mode.PROTECT);
        f.clock.advance(Duration.ofMinutes(10));
        catchUpNow();
        f.mail.deliver(f.adele.id(), f.clock.instant(), "Lunch?");

        // The administrator disables protection while a scheduled catch-up is between two Graph requests.
        AtomicBoolean disabled = new AtomicBoolean();
        MessageDelta racing = new MessageDelta() {
            @Override
            public Page start(String tenantId, String mailboxId, String folder, Instant since, int pageSize) {
                return delta.start(tenantId, mailboxId, folder, since, pageSize);
            }

            @Override
            public Page follow(String tenantId, String mailboxId, String link, int pageSize) {
                if (disabled.compareAndSet(false, true)) {
                    f.mode(Mode.DISABLED, TargetedTo.EVERYONE);
                    upkeep().handle(new SyncRequest(ACCOUNT, SyncRequest.Reason.MODE_CHANGED, null, f.clock.instant()));
                    assertThat(tokens.links).isEmpty();
                }
                return delta.follow(tenantId, mailboxId, link, pageSize);
            }
        };
        catchUp(racing).run(ACCOUNT);

        assertThat(disabled).isTrue();
        assertThat(f.graph.live()).isEmpty();
        assertThat(tokens.links).as("no link written back for a mailbox no longer protected").isEmpty();
    }
}
