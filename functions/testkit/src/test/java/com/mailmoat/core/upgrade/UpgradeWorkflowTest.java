package com.mailmoat.core.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.checks.OutboundRegions;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.Evidence;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.exchange.BlockedSenderCollector;
import com.mailmoat.core.exchange.MailmoatRules;
import com.mailmoat.core.exchange.TransportRule;
import com.mailmoat.core.microsoft.DirectoryGroup;
import com.mailmoat.core.microsoft.DirectoryUser;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.policy.SenderListEntry;
import com.mailmoat.core.policy.SenderListKind;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.realtime.MailSubscriptions;
import com.mailmoat.testkit.FakeExchange;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryDirectory;
import com.mailmoat.testkit.InMemoryDns;
import com.mailmoat.testkit.InMemoryPolicies;
import com.mailmoat.testkit.InMemoryUpgrades;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upgrade workflow's steps in order, re-run, failing and undone, with the core's ports faked. */
class UpgradeWorkflowTest {
    private static final String TENANT = FakeMicrosoft.TENANT;
    private static final String ACCOUNT = "acct-1";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryUpgrades upgrades = new InMemoryUpgrades();
    private final InMemoryPolicies policies = new InMemoryPolicies();
    private final InMemoryDetections detections = new InMemoryDetections();
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final FakeExchange exchange = new FakeExchange();
    private final FakeMicrosoft microsoft = new FakeMicrosoft();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final AtomicInteger syncs = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final MailSubscriptions subscriptions = new MailSubscriptions() {
        @Override
        public SyncResult sync(String accountId) {
            syncs.incrementAndGet();
            return new SyncResult(0, 0, 0);
        }

        @Override
        public int removeAll(String accountId) {
            return 3;
        }
    };
    private final com.mailmoat.testkit.InMemoryActivityLog activityLog = new com.mailmoat.testkit.InMemoryActivityLog();
    private UpgradeTasks tasks;
    private UpgradeService service;

    @BeforeEach
    void setUp() {
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById(ACCOUNT).orElseThrow().withTenant(TENANT, List.of("contoso.example")));
        exchange.seed(TENANT, "Disclaimer", Map.of("ApplyHtmlDisclaimerText", "<p>legal</p>"));
        exchange.seed(TENANT, "Tag external mail", Map.of("PrependSubject", "[EXTERNAL] "));
        policies.replaceSenderList(ACCOUNT, SenderListKind.BLOCKED, List.of(
                new SenderListEntry("spam@bulk.example", "", "admin", clock.instant()),
                new SenderListEntry("evil-corp.example", "", "admin", clock.instant())));
        UpgradePrerequisites prerequisites = new UpgradePrerequisites(microsoft, exchange, exchange, directory,
                new SetupChecks(new InMemoryDns(), OutboundRegions.defaults()), accountId -> List.of());
        tasks = new UpgradeTasks(accounts, upgrades, prerequisites, exchange,
                new BlockedSenderCollector(policies, detections), directory,
                new DirectoryImport(accounts, microsoft, directory, clock), subscriptions, notifications, clock,
                "https://console.mailmoat.example/").withActivity(activity());
        service = new UpgradeService(accounts, upgrades, (a, u) -> started.incrementAndGet(), clock,
                "https://console.mailmoat.example/").withActivity(activity());
    }

    private com.mailmoat.core.activity.Activity activity() {
        return new com.mailmoat.core.activity.Activity(activityLog, accounts, clock);
    }

    /** The account's activity log as "actor: KIND summary" lines, newest first. */
    private List<String> activityLines() {
        return activityLog.entries(ACCOUNT).stream().map(e -> e.actor() + ": " + e.kind() + " " + e.summary()).toList();
    }

    private String requestAndConsent(Mode mode, TargetedTo targeted) {
        UpgradeService.Requested requested = service.request(ACCOUNT, mode, targeted);
        assertThat(requested.consentUrl()).endsWith("api/sso/consent?purpose=reconsent");
        assertThat(service.consented(accounts.findById(ACCOUNT).orElseThrow())).isTrue();
        return requested.upgrade().upgradeId();
    }

    /** What the state machine does when every step succeeds. */
    private void runAll(String id) {
        assertThat(tasks.validatePrerequisites(ACCOUNT, id)).isTrue();
        tasks.recordTransportRuleOrder(ACCOUNT, id);
        tasks.installTransportRules(ACCOUNT, id);
        tasks.importUsersAndGroups(ACCOUNT, id);
        tasks.createMailSubscriptions(ACCOUNT, id);
        tasks.switchMode(ACCOUNT, id);
        tasks.notifyComplete(ACCOUNT, id);
    }

    @Test
    void anUpgradeInstallsMailmoatsRulesAtTheTopReportsThePushedRulesSwitchesTheModeAndNotifiesOnce() {
        String id = requestAndConsent(Mode.MONITOR, TargetedTo.EVERYONE);
        assertThat(started).hasValue(1);
        runAll(id);

        assertThat(exchange.names(TENANT)).containsExactly("Mailmoat - blocked senders", "Mailmoat - blocked domains",
                "Disclaimer", "Tag external mail");
        TransportRule senders = exchange.transportRules(TENANT).get(0);
        assertThat(senders.parameter("From")).isEqualTo(List.of("spam@bulk.example"));
        assertThat(senders.parameter("Quarantine")).isEqualTo(true);
        assertThat(senders.parameter("SentToScope")).isEqualTo("InOrganization");
        assertThat(exchange.transportRules(TENANT).get(1).parameter("SenderDomainIs")).isEqualTo(List.of("evil-corp.example"));
        Upgrade done = upgrades.find(ACCOUNT).orElseThrow();
        assertThat(done.status()).isEqualTo(UpgradeStatus.COMPLETED);
        assertThat(done.steps()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StepStatus.COMPLETED));
        // The disclaimer rule is marked: the report advises putting it first again.
        assertThat(done.rulesPushedDown()).containsExactly(new RuleMove("Disclaimer", 0, 2, true),
                new RuleMove("Tag external mail", 1, 3, false));
        assertThat(accounts.findById(ACCOUNT).orElseThrow().mode()).isEqualTo(Mode.MONITOR);
        assertThat(notifications.ofKind(NotificationKind.UPGRADE_COMPLETE)).singleElement()
                .satisfies(n -> assertThat(n.params().get("rulesPushedDown")).contains("Disclaimer: 0 → 2"));
        assertThat(syncs.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theCompletionEmailSaysHowManyUsersAndGroupsTheUpgradeImported() {
        DirectoryUser adele = new DirectoryUser("u1", "adele@contoso.example", "adele@contoso.example", "Adele Vance");
        DirectoryUser lee = new DirectoryUser("u2", "lee@contoso.example", "lee@contoso.example", "Lee Gu");
        microsoft.users.addAll(List.of(adele, lee));
        microsoft.groups.put(new DirectoryGroup("g1", "Finance", "finance@contoso.example"), List.of(adele));
        runAll(requestAndConsent(Mode.PROTECT, TargetedTo.EVERYONE));

        assertThat(upgrades.find(ACCOUNT).orElseThrow().directoryImported()).isEqualTo(new DirectoryImport.Result(2, 1));
        assertThat(notifications.ofKind(NotificationKind.UPGRADE_COMPLETE)).singleElement()
                .satisfies(n -> assertThat(n.params()).containsEntry("usersImported", "2").containsEntry("groupsImported", "1"));
    }

    @Test
    void theRuleOrderIsReviewedOnlyAfterTheUpgradeFinishedAndTheFirstTimeIsKept() {
        String id = requestAndConsent(Mode.MONITOR, TargetedTo.EVERYONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.ruleOrderReviewed(ACCOUNT))
                .isInstanceOf(UpgradeRefusedException.class).hasMessageContaining("no finished upgrade");
        runAll(id);
        Upgrade reviewed = service.ruleOrderReviewed(ACCOUNT);
        assertThat(reviewed.ruleOrderReviewedAt()).isEqualTo(clock.instant());
        clock.advance(java.time.Duration.ofMinutes(5));
        assertThat(service.ruleOrderReviewed(ACCOUNT).ruleOrderReviewedAt()).isEqualTo(reviewed.ruleOrderReviewedAt());
        assertThat(upgrades.find(ACCOUNT).orElseThrow().rulesPushedDown()).as("the report stays").hasSize(2);
    }

    @Test
    void everyStepRunAgainAfterACrashCreatesNothingTwice() {
        String id = requestAndConsent(Mode.PROTECT, TargetedTo.EVERYONE);
        runAll(id);
        int created = exchange.creations;
        // As if each task's answer was lost and Step Functions retried it.
        runAgain(id);

        assertThat(exchange.creations).isEqualTo(created);
        assertThat(exchange.names(TENANT)).hasSize(4);
        assertThat(upgrades.find(ACCOUNT).orElseThrow().rulesPushedDown()).hasSize(2);
        assertThat(notifications.sent.stream().map(n -> n.notificationId()).distinct()).hasSize(1);
        // The activity log has the request by the administrator and one completion by Mailmoat, however often it ran.
        assertThat(activityLines()).containsExactlyInAnyOrder(
                "admin@contoso.example: UPGRADE_REQUESTED Asked to upgrade to Protect for everyone "
                        + "(waits for Microsoft 365 permissions to be re-confirmed)",
                "Mailmoat: UPGRADE_COMPLETED Upgrade to Protect completed: 2 Mailmoat transport rules installed, "
                        + "2 of your rules moved down");
    }

    private void runAgain(String id) {
        Upgrade u = upgrades.find(ACCOUNT).orElseThrow();
        upgrades.save(u.toBuilder().status(UpgradeStatus.RUNNING).build());
        runAll(id);
    }

    @Test
    void targetedUsersAndGroupsGetRulesOfTheirOwnAndSpoofedOrOwnDomainSendersAreNeverBlocked() {
        directory.replace(ACCOUNT, List.of(new com.mailmoat.core.directory.DirectoryRepository.UserEntry("u1",
                        "alice@contoso.example", "Alice", Set.of())),
                List.of(new com.mailmoat.core.directory.DirectoryRepository.GroupEntry("g1", "Finance",
                        "finance@contoso.example", 2)), clock.instant());
        detections.putIfAbsent(detection("d1", "ceo@c0ntoso-payments.example", Set.of("IMPERSONATION"),
                "IMP_TENANT_LOOKALIKE_DOMAIN"));
        detections.putIfAbsent(detection("d2", "alice@contoso.example", Set.of("SPOOFING"), "AUTH_SPOOF"));
        detections.putIfAbsent(detection("d3", "billing@paypa1.example", Set.of("PHISHING"), "URL_FORM"));
        String id = requestAndConsent(Mode.PROTECT, new TargetedTo(false, List.of("alice@contoso.example"), List.of("g1")));
        runAll(id);

        List<TransportRule> rules = exchange.transportRules(TENANT);
        assertThat(rules.subList(0, 4)).extracting(TransportRule::name).containsExactly(
                "Mailmoat - blocked senders (targeted users)", "Mailmoat - blocked domains (targeted users)",
                "Mailmoat - blocked senders (targeted groups)", "Mailmoat - blocked domains (targeted groups)");
        assertThat(rules.get(0).parameter("SentTo")).isEqualTo(List.of("alice@contoso.example"));
        assertThat(rules.get(2).parameter("SentToMemberOf")).isEqualTo(List.of("finance@contoso.example"));
        assertThat(rules.get(0).parameter("From")).isEqualTo(List.of("billing@paypa1.example", "spam@bulk.example"));
        assertThat(rules.get(1).parameter("SenderDomainIs")).isEqualTo(List.of("c0ntoso-payments.example", "evil-corp.example"));
    }

    @Test
    void aBlockerStopsBeforeAnyChangeWithTheReasonAndTheFix() {
        microsoft.trial = true;
        exchange.permissions.remove("Exchange.ManageAsApp");
        String id = requestAndConsent(Mode.MONITOR, TargetedTo.EVERYONE);

        assertThat(tasks.validatePrerequisites(ACCOUNT, id)).isFalse();
        tasks.failed(ACCOUNT, id, UpgradeFailures.PREREQUISITES_NOT_MET, "A prerequisite blocks the upgrade.");

        Upgrade failed = upgrades.find(ACCOUNT).orElseThrow();
        assertThat(failed.status()).isEqualTo(UpgradeStatus.FAILED);
        assertThat(failed.blockers()).extracting(Notice::code).containsExactly("TRIAL_TENANT", "MISSING_PERMISSIONS");
        assertThat(failed.step(UpgradeStep.VALIDATE_PREREQUISITES).status()).isEqualTo(StepStatus.FAILED);
        assertThat(failed.step(UpgradeStep.VALIDATE_PREREQUISITES).error()).contains("Exchange.ManageAsApp").contains("Fix:");
        assertThat(failed.step(UpgradeStep.INSTALL_TRANSPORT_RULES).status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(exchange.names(TENANT)).containsExactly("Disclaimer", "Tag external mail");
        assertThat(accounts.findById(ACCOUNT).orElseThrow().mode()).isEqualTo(Mode.THREAT_SCAN_ONLY);
        assertThat(notifications.ofKind(NotificationKind.UPGRADE_FAILED)).singleElement()
                .satisfies(n -> assertThat(n.params().get("reason")).contains("trial"));
    }

    @Test
    void noExchangeRoleIsABlockerWithTheEntraFix() {
        exchange.roleAssigned = false;
        String id = requestAndConsent(Mode.MONITOR, TargetedTo.EVERYONE);
        assertThat(tasks.validatePrerequisites(ACCOUNT, id)).isFalse();
        assertThat(upgrades.find(ACCOUNT).orElseThrow().blockers()).singleElement()
                .satisfies(b -> assertThat(b.fix()).contains("Exchange Administrator"));
    }

    @Test
    void aFailureAfterTheRulesWentInUndoesThemAndLeavesTheTenantAsItWas() {
        String id = requestAndConsent(Mode.MONITOR, TargetedTo.EVERYONE);
        tasks.validatePrerequisites(ACCOUNT, id);
        tasks.recordTransportRuleOrder(ACCOUNT, id);
        tasks.installTransportRules(ACCOUNT, id);
        // Consent withdrawn now: the next step fails for good and the state machine catches it.
        tasks.failed(ACCOUNT, id, "com.mailmoat.upgrade.StepFailedException", "Microsoft refused Mailmoat's access.");

        assertThat(exchange.names(TENANT)).containsExactly("Disclaimer", "Tag external mail");
        Upgrade failed = upgrades.find(ACCOUNT).orElseThrow();
        assertThat(failed.status()).isEqualTo(UpgradeStatus.FAILED);
        assertThat(failed.error()).contains("Microsoft refused Mailmoat's access.").contains("undone");
        assertThat(failed.step(UpgradeStep.IMPORT_USERS_AND_GROUPS).status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(accounts.findById(ACCOUNT).orElseThrow().mode()).isEqualTo(Mode.THREAT_SCAN_ONLY);
        tasks.failed(ACCOUNT, id, "com.mailmoat.upgrade.StepFailedException", "Microsoft refused Mailmoat's access.");
        assertThat(activityLog.entries(ACCOUNT)).filteredOn(e -> e.kind() == com.mailmoat.core.activity.ActivityKind.UPGRADE_FAILED)
                .singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("Mailmoat");
                    assertThat(e.summary()).startsWith("Upgrade to Monitor failed: ")
                            .contains("Microsoft refused Mailmoat's access.").contains("undone");
                });
    }

    @Test
    void throttlingReachesTheStateMachineAsARetryableFailure() {
        String id = requestAndConsent(Mode.MONITOR, TargetedTo.EVERYONE);
        tasks.validatePrerequisites(ACCOUNT, id);
        exchange.throttledCalls = 1;
        assertThatThrownBy(() -> tasks.recordTransportRuleOrder(ACCOUNT, id)).isInstanceOf(MicrosoftThrottledException.class)
                .satisfies(e -> assertThat(UpgradeFailures.transient_((RuntimeException) e)).isTrue());
        tasks.recordTransportRuleOrder(ACCOUNT, id);
        assertThat(upgrades.find(ACCOUNT).orElseThrow().ruleOrderBefore()).hasSize(2);
    }

    @Test
    void aNewlyBlockedOrMaliciousSenderReachesTheRulesAndRequestsAlreadyCoveredAreFolded() {
        String id = requestAndConsent(Mode.PROTECT, TargetedTo.EVERYONE);
        runAll(id);
        RulesKeeper keeper = new RulesKeeper(accounts, upgrades, tasks, exchange, clock);
        clock.advance(Duration.ofMinutes(1));
        Instant change = clock.instant();
        detections.putIfAbsent(detection("d9", "thief@fresh-phish.example", Set.of("PHISHING"), "URL_FORM"));
        clock.advance(Duration.ofSeconds(5));

        assertThat(keeper.sync(ACCOUNT, change)).isInstanceOf(RulesKeeper.Outcome.Synced.class);
        assertThat(exchange.transportRules(TENANT).get(0).parameter("From"))
                .isEqualTo(List.of("spam@bulk.example", "thief@fresh-phish.example"));
        assertThat(keeper.sync(ACCOUNT, change)).isInstanceOf(RulesKeeper.Outcome.AlreadyCovered.class);
        assertThat(exchange.names(TENANT).subList(0, 2)).containsExactly("Mailmoat - blocked senders",
                "Mailmoat - blocked domains");
    }

    @Test
    void monitorBlocksOnlyTheAdministratorsBlockedSendersAndDisabledBlocksNothing() {
        detections.putIfAbsent(detection("d3", "billing@paypa1.example", Set.of("PHISHING"), "URL_FORM"));
        String id = requestAndConsent(Mode.MONITOR, TargetedTo.EVERYONE);
        runAll(id);
        assertThat(exchange.transportRules(TENANT).get(0).parameter("From")).as("Monitor removes nothing Mailmoat decided")
                .isEqualTo(List.of("spam@bulk.example"));
        assertThat(exchange.transportRules(TENANT).get(1).parameter("SenderDomainIs")).isEqualTo(List.of("evil-corp.example"));
        HeldBackSenders heldBack = new HeldBackSenders(accounts, upgrades, new BlockedSenderCollector(policies, detections));
        assertThat(heldBack.of(ACCOUNT).senders()).as("what the console lists, and why").containsExactly(
                new BlockedSenderCollector.HeldBack("spam@bulk.example", BlockedSenderCollector.Why.BLOCKED_LIST),
                new BlockedSenderCollector.HeldBack("evil-corp.example", BlockedSenderCollector.Why.BLOCKED_LIST));

        Account monitor = accounts.findById(ACCOUNT).orElseThrow();
        accounts.update(monitor.withMode(Mode.DISABLED, TargetedTo.EVERYONE));
        clock.advance(Duration.ofMinutes(1));
        assertThat(new RulesKeeper(accounts, upgrades, tasks, exchange, clock).sync(ACCOUNT, clock.instant().minusSeconds(5)))
                .isInstanceOf(RulesKeeper.Outcome.Synced.class);
        assertThat(exchange.names(TENANT).subList(0, 2)).as("still in place, first").containsExactly(
                "Mailmoat - blocked senders", "Mailmoat - blocked domains");
        assertThat(exchange.transportRules(TENANT).get(0).parameter("From")).as("matching nothing")
                .isEqualTo(List.of("nobody@mailmoat.invalid"));

        Account disabled = accounts.findById(ACCOUNT).orElseThrow();
        accounts.update(disabled.withMode(Mode.PROTECT, TargetedTo.EVERYONE));
        clock.advance(Duration.ofMinutes(1));
        new RulesKeeper(accounts, upgrades, tasks, exchange, clock).sync(ACCOUNT, clock.instant().minusSeconds(5));
        assertThat(exchange.transportRules(TENANT).get(0).parameter("From"))
                .isEqualTo(List.of("billing@paypa1.example", "spam@bulk.example"));
        assertThat(heldBack.of(ACCOUNT).senders()).contains(
                new BlockedSenderCollector.HeldBack("billing@paypa1.example", BlockedSenderCollector.Why.FOUND_MALICIOUS));
    }

    @Test
    void aMissingExchangeRoleFailsTheUpgradeWithItsWholeFixInTheEmailAndTheNotice() {
        exchange.roleAssigned = false;
        String id = requestAndConsent(Mode.MONITOR, TargetedTo.EVERYONE);
        assertThat(tasks.validatePrerequisites(ACCOUNT, id)).isFalse();
        tasks.failed(ACCOUNT, id, UpgradeFailures.PREREQUISITES_NOT_MET, "");
        com.mailmoat.core.notify.NotificationRequest failed = notifications.ofKind(NotificationKind.UPGRADE_FAILED).get(0);
        String fix = "Add assignments, and select the Mailmoat enterprise application. Then choose Upgrade Now again.";
        assertThat(failed.params().get("reason")).contains(fix);
        assertThat(com.mailmoat.core.notify.EmailTemplates.render(failed, com.mailmoat.core.notify.Branding.NONE,
                "https://console.mailmoat.example/").text()).contains(fix);
        assertThat(com.mailmoat.core.notify.EmailTemplates.inApp(failed).message()).contains(fix);
    }

    @Test
    void steppingDownToThreatScanOnlyRemovesMailmoatsRulesOnceAndGoingBackUpIsTheUpgradeAgain() {
        detections.putIfAbsent(detection("d3", "billing@paypa1.example", Set.of("PHISHING"), "URL_FORM"));
        runAll(requestAndConsent(Mode.PROTECT, TargetedTo.EVERYONE));
        HeldBackSenders heldBack = new HeldBackSenders(accounts, upgrades, new BlockedSenderCollector(policies, detections));
        RulesKeeper keeper = new RulesKeeper(accounts, upgrades, tasks, exchange, clock, notifications);

        accounts.update(accounts.findById(ACCOUNT).orElseThrow().withMode(Mode.THREAT_SCAN_ONLY, TargetedTo.EVERYONE));
        assertThat(heldBack.of(ACCOUNT).removing()).as("still in Exchange until the queued sync runs").isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(keeper.sync(ACCOUNT, clock.instant().minusSeconds(5))).isInstanceOfSatisfying(RulesKeeper.Outcome.Removed.class,
                r -> assertThat(r.removed()).containsExactly("Mailmoat - blocked senders", "Mailmoat - blocked domains"));
        assertThat(exchange.names(TENANT)).as("only the customer's rules, in their own order")
                .containsExactly("Disclaimer", "Tag external mail");
        assertThat(heldBack.of(ACCOUNT)).isEqualTo(new HeldBackSenders.View(Mode.THREAT_SCAN_ONLY, false, List.of()));

        // A later request (a blocked sender added, a scan's find) installs nothing again.
        clock.advance(Duration.ofMinutes(1));
        policies.replaceSenderList(ACCOUNT, SenderListKind.BLOCKED, List.of(
                new SenderListEntry("new@bulk.example", "", "admin", clock.instant())));
        assertThat(keeper.sync(ACCOUNT, clock.instant())).isInstanceOf(RulesKeeper.Outcome.NotInstalled.class);
        assertThat(exchange.names(TENANT)).containsExactly("Disclaimer", "Tag external mail");

        // Back up: the upgrade again, rules at the top, only what they push down now reported.
        String again = requestAndConsent(Mode.MONITOR, TargetedTo.EVERYONE);
        runAll(again);
        assertThat(exchange.names(TENANT)).containsExactly("Mailmoat - blocked senders", "Mailmoat - blocked domains",
                "Disclaimer", "Tag external mail");
        assertThat(heldBack.of(ACCOUNT).rulesInstalled()).isTrue();
        assertThat(notifications.ofKind(NotificationKind.UPGRADE_COMPLETE)).hasSize(2);
    }

    @Test
    void whenExchangeRefusesToRemoveTheRulesAfterAStepDownTheAdministratorIsToldOnceAndItIsRetried() {
        runAll(requestAndConsent(Mode.MONITOR, TargetedTo.EVERYONE));
        RulesKeeper keeper = new RulesKeeper(accounts, upgrades, tasks, exchange, clock, notifications);
        accounts.update(accounts.findById(ACCOUNT).orElseThrow().withMode(Mode.THREAT_SCAN_ONLY, TargetedTo.EVERYONE));
        exchange.roleAssigned = false;
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofMinutes(1));
            assertThatThrownBy(() -> keeper.sync(ACCOUNT, clock.instant().minusSeconds(5)))
                    .isInstanceOf(com.mailmoat.core.exchange.ExchangeRoleMissingException.class);
        }
        assertThat(notifications.ofKind(NotificationKind.RULES_REMOVAL_FAILED)).as("same id: one email")
                .extracting(r -> r.notificationId()).containsOnly("rules-removal-failed-"
                        + upgrades.find(ACCOUNT).orElseThrow().upgradeId());
        assertThat(notifications.ofKind(NotificationKind.RULES_REMOVAL_FAILED).get(0).params()).containsEntry("cause", "role");
        HeldBackSenders.View view = new HeldBackSenders(accounts, upgrades, new BlockedSenderCollector(policies, detections))
                .of(ACCOUNT);
        assertThat(view.removing()).isTrue();
        assertThat(view.senders()).as("what the rules still hold back").isNotEmpty();

        exchange.roleAssigned = true;
        clock.advance(Duration.ofMinutes(1));
        assertThat(keeper.sync(ACCOUNT, clock.instant().minusSeconds(5))).isInstanceOf(RulesKeeper.Outcome.Removed.class);
        assertThat(exchange.names(TENANT)).containsExactly("Disclaimer", "Tag external mail");
    }

    @Test
    void namedTargetsBeforeTheFirstDirectoryImportAreRefusedForWhatTheyAreNotCalledStrangers() {
        assertThatThrownBy(() -> service.withDirectory(directory).request(ACCOUNT, Mode.MONITOR,
                new TargetedTo(false, List.of("ben.carter@contoso.example"), List.of())))
                .isInstanceOfSatisfying(com.mailmoat.core.validation.RefusedException.class, e -> {
                    assertThat(e.code()).isEqualTo("directory_not_imported");
                    assertThat(e.getMessage()).contains("not been imported").doesNotContain("is not a user");
                });
        directory.replace(ACCOUNT, List.of(), List.of(), clock.instant());
        assertThatThrownBy(() -> service.withDirectory(directory).request(ACCOUNT, Mode.MONITOR,
                new TargetedTo(false, List.of("ben.carter@contoso.example"), List.of())))
                .isInstanceOfSatisfying(com.mailmoat.core.validation.InvalidInputException.class,
                        e -> assertThat(e.getMessage() + e.errors()).contains("is not a user of the tenant"));
        assertThat(service.withDirectory(directory).request(ACCOUNT, Mode.MONITOR, TargetedTo.EVERYONE)).isNotNull();
    }

    @Test
    void aSenderTheAdministratorReleasedOrCalledNotAThreatLeavesTheRules() {
        detections.putIfAbsent(detection("d3", "billing@paypa1.example", Set.of("PHISHING"), "URL_FORM"));
        detections.putIfAbsent(detection("d4", "invoices@ledger-partner.example", Set.of("PHISHING"), "URL_FORM"));
        detections.putIfAbsent(detection("d5", "hr@payroll-notice.example", Set.of("PHISHING"), "URL_FORM")
                .withStatus(DetectionStatus.RELEASED, com.mailmoat.core.detection.DetectionTrail.NONE));
        String id = requestAndConsent(Mode.PROTECT, TargetedTo.EVERYONE);
        runAll(id);
        assertThat(exchange.transportRules(TENANT).get(0).parameter("From"))
                .isEqualTo(List.of("billing@paypa1.example", "invoices@ledger-partner.example", "spam@bulk.example"));

        clock.advance(Duration.ofMinutes(1));
        Instant change = clock.instant();
        assertThat(detections.markNotAThreat(ACCOUNT, "d4", new com.mailmoat.core.detection.DetectionEvent(
                "NOT_A_THREAT", "DONE", "admin@contoso.example", change, null, null, ""))).isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(new RulesKeeper(accounts, upgrades, tasks, exchange, clock).sync(ACCOUNT, change))
                .isInstanceOf(RulesKeeper.Outcome.Synced.class);

        assertThat(exchange.transportRules(TENANT).get(0).parameter("From"))
                .isEqualTo(List.of("billing@paypa1.example", "spam@bulk.example"));
    }

    @Test
    void offboardingRemovesOnlyMailmoatsRulesAndTheLinkSoTheTenantCanConnectAgain() {
        String id = requestAndConsent(Mode.MONITOR, TargetedTo.EVERYONE);
        runAll(id);
        List<com.mailmoat.core.account.ErasureRequest> erasures = new java.util.ArrayList<>();
        Offboarding offboarding = new Offboarding(accounts, accounts, upgrades, exchange, subscriptions, exchange,
                erasures::add, notifications, clock);

        Offboarding.Result result = offboarding.offboard(ACCOUNT, false);

        assertThat(exchange.names(TENANT)).containsExactly("Disclaimer", "Tag external mail");
        assertThat(result.removed()).extracting(Offboarding.Removed::kind).containsExactly("transportRule",
                "transportRule", "mailSubscriptions", "microsoftTokens", "tenantLink");
        assertThat(result.nextStep()).contains("Enterprise applications");
        // What Mailmoat kept of the tenant goes, so this account no longer shows it.
        assertThat(erasures).containsExactly(com.mailmoat.core.account.ErasureRequest.tenantData(ACCOUNT, TENANT));
        assertThat(result.dataErasure()).contains("being erased");
        assertThat(notifications.ofKind(NotificationKind.OFFBOARDED)).singleElement().satisfies(n -> {
            assertThat(n.recipient()).isEqualTo("admin@contoso.example");
            assertThat(n.params().get("removed")).contains("Transport rule \"Mailmoat - blocked senders\"")
                    .contains("The link to contoso.example (tenant ID " + TENANT + ")");
        });
        Account after = accounts.findById(ACCOUNT).orElseThrow();
        assertThat(after.isTenantLinked()).isFalse();
        assertThat(after.mode()).isEqualTo(Mode.THREAT_SCAN_ONLY);
        assertThat(upgrades.find(ACCOUNT)).isEmpty();
        assertThat(accounts.linkTenant(after.withTenant(TENANT, List.of("contoso.example")))).isTrue();
    }

    @Test
    void longListsAreSplitIntoRulesOfAtMostAHundredValuesAndEmptyOnesMatchNothing() {
        List<String> many = java.util.stream.IntStream.range(0, 150).mapToObj(i -> "s" + i + "@x.example").toList();
        List<MailmoatRules.DesiredRule> rules = MailmoatRules.desired(TargetedTo.EVERYONE, List.of(),
                new com.mailmoat.core.exchange.BlockedSenders(many, List.of()));
        assertThat(rules).extracting(MailmoatRules.DesiredRule::name).containsExactly("Mailmoat - blocked senders",
                "Mailmoat - blocked senders 2", "Mailmoat - blocked domains");
        assertThat((List<?>) rules.get(1).parameters().get("From")).hasSize(50);
        assertThat(rules.get(2).parameters().get("SenderDomainIs")).isEqualTo(List.of("mailmoat.invalid"));
        assertThat(rules).allSatisfy(r -> assertThat(r.name().length()).isLessThanOrEqualTo(64));
    }

    @Test
    void aSecondUpgradeWhileOneRunsOrAfterTheModeSwitchedIsRefused() {
        requestAndConsent(Mode.MONITOR, TargetedTo.EVERYONE);
        assertThatThrownBy(() -> service.request(ACCOUNT, Mode.PROTECT, TargetedTo.EVERYONE))
                .isInstanceOfSatisfying(UpgradeRefusedException.class, e -> assertThat(e.code()).isEqualTo("upgrade_running"));
    }

    private Detection detection(String id, String sender, Set<String> categories, String rule) {
        return new Detection(ACCOUNT, id, "scan-1", DetectionSource.SCAN, "mbx", "alice@contoso.example", "m-" + id,
                "<" + id + "@x>", sender, "", "Subject", clock.instant(), "inbox", ThreatLevel.MALICIOUS, 0.9,
                categories, List.of(new Evidence("impersonation", rule, "m", sender, 1.0)), DetectionStatus.DETECTED,
                clock.instant());
    }
}
