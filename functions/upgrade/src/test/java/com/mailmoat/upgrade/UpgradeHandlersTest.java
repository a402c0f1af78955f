package com.mailmoat.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.checks.OutboundRegions;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.exchange.BlockedSenderCollector;
import com.mailmoat.core.realtime.MailSubscriptions;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.upgrade.HeldBackSenders;
import com.mailmoat.core.upgrade.Offboarding;
import com.mailmoat.core.upgrade.RulesKeeper;
import com.mailmoat.core.upgrade.UpgradePrerequisites;
import com.mailmoat.core.upgrade.UpgradePreview;
import com.mailmoat.core.upgrade.UpgradeService;
import com.mailmoat.core.upgrade.UpgradeStatus;
import com.mailmoat.core.upgrade.UpgradeTasks;
import com.mailmoat.lambda.Json;
import com.mailmoat.testkit.FakeExchange;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryDirectory;
import com.mailmoat.testkit.InMemoryDns;
import com.mailmoat.testkit.InMemoryPolicies;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.InMemoryTwoStep;
import com.mailmoat.testkit.InMemoryAttemptCounter;
import com.mailmoat.core.twostep.TwoStepCodes;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.LoginLimits;
import com.mailmoat.core.session.KnownBrowsers;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.testkit.InMemoryUpgrades;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingQueueControl;
import com.mailmoat.testkit.SampleEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every upgrade function's sample events through its handler, with the core's ports faked. */
class UpgradeHandlersTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private static final String ACCOUNT = "0d5c1f3e-2a4b-4c6d-8e9f-001122334455";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private static final String PASSWORD = "Harbour-Lantern-42";
    /** Messages the account has in quarantine, as the Detections table would count them. */
    private long inQuarantine;
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final Sessions sessions = new Sessions(tokens, clock);
    private final InMemoryUpgrades upgrades = new InMemoryUpgrades();
    private final FakeExchange exchange = new FakeExchange();
    private final FakeMicrosoft microsoft = new FakeMicrosoft();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemoryPolicies policies = new InMemoryPolicies();
    private UpgradeTasks tasks;
    private UpgradeApiHandler api;
    private String session;

    @BeforeEach
    void setUp() {
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById(ACCOUNT).orElseThrow().withTenant(FakeMicrosoft.TENANT, List.of("contoso.example")));
        exchange.seed(FakeMicrosoft.TENANT, "Disclaimer", Map.of("ApplyHtmlDisclaimerText", "<p>legal</p>"));
        BlockedSenderCollector collector = new BlockedSenderCollector(policies, new InMemoryDetections());
        UpgradePrerequisites prerequisites = new UpgradePrerequisites(microsoft, exchange, exchange, directory,
                new SetupChecks(new InMemoryDns(), OutboundRegions.defaults()), id -> List.of());
        tasks = new UpgradeTasks(accounts, upgrades, prerequisites, exchange,
                collector, directory,
                new DirectoryImport(accounts, microsoft, directory, clock), MailSubscriptions.NONE, notifications, clock, CONSOLE);
        UpgradeService service = new UpgradeService(accounts, upgrades, (a, u) -> { }, clock, CONSOLE)
                .withDirectory(directory);
        // The sample's password, asked again before offboarding.
        PasswordHasher hasher = new PasswordHasher(1_000);
        accounts.update(accounts.findById(ACCOUNT).orElseThrow().withPassword(hasher.hash(PASSWORD), clock.instant()));
        KnownBrowsers browsers = new KnownBrowsers(tokens, clock);
        InMemoryAttemptCounter attempts = new InMemoryAttemptCounter();
        LoginService logins = new LoginService(accounts, sessions, browsers, attempts, hasher, LoginLimits.DEFAULT,
                new TwoStepCodes(new InMemoryTwoStep(), browsers, attempts, LoginLimits.DEFAULT, clock), tokens, clock);
        api = new UpgradeApiHandler(sessions, service, new Offboarding(accounts, accounts, upgrades, exchange,
                MailSubscriptions.NONE, exchange, request -> { }, notifications, clock).withQuarantined(a -> inQuarantine),
                new HeldBackSenders(accounts, upgrades, collector),
                new UpgradePreview(accounts, prerequisites, exchange, collector), accounts, () -> logins, CONSOLE);
        session = sessions.issue(ACCOUNT).token();
    }

    private APIGatewayV2HTTPEvent signedIn(APIGatewayV2HTTPEvent event) {
        event.setCookies(List.of("mm_session=" + session));
        return event;
    }

    static List<SampleEvents.Sample<APIGatewayV2HTTPEvent>> apiSamples() {
        return SampleEvents.http("UpgradeApiFunction");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apiSamples")
    void everyApiSampleGetsAJsonAnswerThatIsNotAServerError(SampleEvents.Sample<APIGatewayV2HTTPEvent> sample) throws Exception {
        APIGatewayV2HTTPResponse response = api.handleRequest(sample.event(), null);
        assertThat(response.getStatusCode()).as(sample.name()).isBetween(200, 499);
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.isObject()).isTrue();
    }

    @Test
    void upgradeWithoutConfirmationIs400AndWithItIs202WithTheConsentUrl() throws Exception {
        APIGatewayV2HTTPResponse refused = api.handleRequest(signedIn(SampleEvents.httpSample("UpgradeApiFunction-unconfirmed.json")), null);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("confirmation_required");

        APIGatewayV2HTTPResponse accepted = api.handleRequest(signedIn(SampleEvents.httpSample("UpgradeApiFunction.json")), null);
        assertThat(accepted.getStatusCode()).isEqualTo(202);
        JsonNode body = Json.MAPPER.readTree(accepted.getBody());
        assertThat(body.path("consentUrl").asText()).isEqualTo(CONSOLE + "api/sso/consent?purpose=reconsent");

        APIGatewayV2HTTPResponse status = api.handleRequest(signedIn(SampleEvents.httpSample("UpgradeApiFunction-status.json")), null);
        JsonNode upgrade = Json.MAPPER.readTree(status.getBody());
        assertThat(upgrade.path("id").asText()).isEqualTo(body.path("id").asText());
        assertThat(upgrade.path("status").asText()).isEqualTo("PENDING_CONSENT");
        assertThat(upgrade.path("steps")).hasSize(7);
        assertThat(upgrade.path("steps").get(0).path("name").asText()).isEqualTo("ValidatePrerequisites");
        assertThat(upgrade.has("warnings")).isTrue();
        assertThat(upgrade.has("rulesPushedDown")).isTrue();
    }

    @Test
    void aRequestWaitingForConsentCanBeCancelledAndThenConsentStartsNothing() throws Exception {
        APIGatewayV2HTTPEvent cancel = signedIn(SampleEvents.httpSample("UpgradeApiFunction-cancel.json"));
        APIGatewayV2HTTPResponse nothing = api.handleRequest(cancel, null);
        assertThat(nothing.getStatusCode()).isEqualTo(409);
        assertThat(nothing.getBody()).contains("\"error\":\"no_pending_upgrade\"", "choose Upgrade Now");

        assertThat(api.handleRequest(signedIn(SampleEvents.httpSample("UpgradeApiFunction.json")), null).getStatusCode())
                .isEqualTo(202);
        APIGatewayV2HTTPResponse cancelled = api.handleRequest(cancel, null);
        assertThat(cancelled.getStatusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(cancelled.getBody()).path("mode").asText()).isEqualTo("THREAT_SCAN_ONLY");
        assertThat(api.handleRequest(signedIn(SampleEvents.httpSample("UpgradeApiFunction-status.json")), null)
                .getStatusCode()).as("GET /api/upgrade: no upgrade any more").isEqualTo(404);
        java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        new UpgradeService(accounts, upgrades, (a, u) -> started.incrementAndGet(), clock, CONSOLE)
                .consented(accounts.findById(ACCOUNT).orElseThrow());
        assertThat(started).as("a consent coming back after the cancel").hasValue(0);
    }

    @Test
    void anUpgradeThatConsentStartedCannotBeCancelledAnyMore() {
        var service = new UpgradeService(accounts, upgrades, (a, u) -> { }, clock, CONSOLE);
        service.request(ACCOUNT, com.mailmoat.core.account.Mode.MONITOR, com.mailmoat.core.policy.TargetedTo.EVERYONE);
        service.consented(accounts.findById(ACCOUNT).orElseThrow());
        APIGatewayV2HTTPResponse refused = api.handleRequest(signedIn(SampleEvents.httpSample("UpgradeApiFunction-cancel.json")), null);
        assertThat(refused.getStatusCode()).isEqualTo(409);
        assertThat(refused.getBody()).contains("\"error\":\"upgrade_not_waiting\"", "already started", "let it finish");
        assertThat(upgrades.find(ACCOUNT).orElseThrow().status()).isEqualTo(UpgradeStatus.RUNNING);
    }

    @Test
    void thePreviewNamesTheRulesThatWouldMoveDownAndTheBlockedAddressesExchangeLeavesOut() throws Exception {
        exchange.seed(FakeMicrosoft.TENANT, "Tag external mail", Map.of("PrependSubject", "[External] "));
        policies.replaceSenderList(ACCOUNT, com.mailmoat.core.policy.SenderListKind.BLOCKED, List.of(
                new com.mailmoat.core.policy.SenderListEntry("ceo@contoso.example", "", "admin", clock.instant()),
                new com.mailmoat.core.policy.SenderListEntry("evil.example", "", "admin", clock.instant())));
        APIGatewayV2HTTPEvent event = signedIn(SampleEvents.httpSample("UpgradeApiFunction-preview.json"));
        APIGatewayV2HTTPResponse response = api.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.path("rulesMovingDown").findValuesAsText("name")).containsExactly("Disclaimer", "Tag external mail");
        assertThat(body.path("rulesMovingDown").get(0).path("disclaimer").asBoolean()).isTrue();
        assertThat(body.path("rulesMovingDown").get(1).path("disclaimer").asBoolean()).isFalse();
        assertThat(body.path("rulesUnreadable").isNull()).isTrue();
        assertThat(body.path("leftOut").findValuesAsText("value")).containsExactly("ceo@contoso.example");
        assertThat(body.path("leftOut").get(0).path("why").asText()).isEqualTo("OWN_DOMAIN");
        // No domain is validated yet: the upgrade would warn that SPF and DMARC could not be checked.
        assertThat(body.path("warnings").findValuesAsText("code")).containsExactly("NO_VALIDATED_DOMAIN");

        // Before Mailmoat may manage Exchange, the rest is still answered, with why the rules are missing.
        exchange.permissions.remove("Exchange.ManageAsApp");
        JsonNode early = Json.MAPPER.readTree(api.handleRequest(event, null).getBody());
        assertThat(early.path("rulesMovingDown")).isEmpty();
        assertThat(early.path("rulesUnreadable").asText()).contains("re-confirm its Microsoft permissions");
        assertThat(early.path("leftOut")).hasSize(1);
        assertThat(upgrades.find(ACCOUNT)).as("a preview records nothing").isEmpty();
    }

    @Test
    void targetsThatAreNotNamesAre400BeforeAnythingIsRecorded() {
        APIGatewayV2HTTPEvent event = signedIn(SampleEvents.httpSample("UpgradeApiFunction.json"));
        event.setBody("{\"mode\":\"PROTECT\",\"confirm\":true,\"targetedTo\":{\"everyone\":false,\"users\":[1,2]}}");
        APIGatewayV2HTTPResponse refused = api.handleRequest(event, null);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("targetedTo.users");
        event.setBody("{\"mode\":\"PROTECT\",\"confirm\":true,\"targetedTo\":{\"everyone\":\"yes\"}}");
        assertThat(api.handleRequest(event, null).getBody()).contains("targetedTo.everyone");
        // Connected before the first directory import: nothing to check against, and it says so.
        event.setBody("{\"mode\":\"PROTECT\",\"confirm\":true,\"targetedTo\":{\"users\":[\"ghost@contoso.example\"]}}");
        APIGatewayV2HTTPResponse early = api.handleRequest(event, null);
        assertThat(early.getStatusCode()).isEqualTo(409);
        assertThat(early.getBody()).contains("\"error\":\"directory_not_imported\"", "not been imported")
                .doesNotContain("is not a user");
        // Once imported, the users named must be the tenant's.
        directory.replace(ACCOUNT, java.util.List.of(), java.util.List.of(), java.time.Instant.now());
        APIGatewayV2HTTPResponse unknown = api.handleRequest(event, null);
        assertThat(unknown.getStatusCode()).isEqualTo(400);
        assertThat(unknown.getBody()).contains("'ghost@contoso.example' is not a user of the tenant");
        assertThat(upgrades.find(ACCOUNT)).isEmpty();
    }

    @Test
    void offboardingAsksForThePasswordAgainAndAWrongOneChangesNothing() throws Exception {
        APIGatewayV2HTTPEvent event = signedIn(SampleEvents.httpSample("UpgradeApiFunction-offboard.json"));
        event.setBody("{\"confirm\":true}");
        assertThat(api.handleRequest(event, null).getStatusCode()).isEqualTo(400);
        event.setBody("{\"confirm\":true,\"password\":\"Not-The-Password-1\"}");
        APIGatewayV2HTTPResponse wrong = api.handleRequest(event, null);
        assertThat(wrong.getStatusCode()).isEqualTo(403);
        assertThat(wrong.getBody()).contains("wrong_password").contains("\"field\":\"password\"");
        assertThat(accounts.findById(ACCOUNT).orElseThrow().isTenantLinked()).as("nothing removed").isTrue();
    }

    @Test
    void offboardingWithMessagesInQuarantineAsksFirstAndGoesOnOnceTheyAreKept() throws Exception {
        inQuarantine = 3;
        APIGatewayV2HTTPEvent event = signedIn(SampleEvents.httpSample("UpgradeApiFunction-offboard.json"));
        APIGatewayV2HTTPResponse held = api.handleRequest(event, null);
        assertThat(held.getStatusCode()).isEqualTo(409);
        assertThat(held.getBody()).contains("quarantine_not_empty").contains("3 messages are in quarantine");
        assertThat(accounts.findById(ACCOUNT).orElseThrow().isTenantLinked()).as("nothing removed").isTrue();

        event.setBody("{\"confirm\":true,\"password\":\"" + PASSWORD + "\",\"keepQuarantined\":true}");
        assertThat(api.handleRequest(event, null).getStatusCode()).isEqualTo(200);
        assertThat(accounts.findById(ACCOUNT).orElseThrow().isTenantLinked()).isFalse();
    }

    @Test
    void offboardingAnswersWhatItRemoved() throws Exception {
        APIGatewayV2HTTPResponse response = api.handleRequest(signedIn(SampleEvents.httpSample("UpgradeApiFunction-offboard.json")), null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.path("removed").findValuesAsText("kind")).contains("tenantLink", "mailSubscriptions");
        assertThat(body.path("nextStep").asText()).contains("Entra");
        assertThat(accounts.findById(ACCOUNT).orElseThrow().isTenantLinked()).isFalse();
    }

    static List<String> taskFunctions() {
        return List.of("ValidatePrerequisitesFunction", "RecordTransportRuleOrderFunction", "InstallTransportRulesFunction",
                "ImportUsersAndGroupsFunction", "CreateMailSubscriptionsFunction", "SwitchModeFunction",
                "NotifyCompleteFunction", "UpgradeFailedFunction");
    }

    private UpgradeTaskHandler handler(String function) {
        Map<String, Function<UpgradeTasks, UpgradeTaskHandler>> handlers = Map.of(
                "ValidatePrerequisitesFunction", ValidatePrerequisitesHandler::new,
                "RecordTransportRuleOrderFunction", RecordTransportRuleOrderHandler::new,
                "InstallTransportRulesFunction", InstallTransportRulesHandler::new,
                "ImportUsersAndGroupsFunction", ImportUsersAndGroupsHandler::new,
                "CreateMailSubscriptionsFunction", CreateMailSubscriptionsHandler::new,
                "SwitchModeFunction", SwitchModeHandler::new,
                "NotifyCompleteFunction", NotifyCompleteHandler::new,
                "UpgradeFailedFunction", UpgradeFailedHandler::new);
        return handlers.get(function).apply(tasks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("taskFunctions")
    void everyTaskSampleOfAnUnknownUpgradeFailsAsAStepFailureTheStateMachineCatches(String function) {
        for (SampleEvents.Sample<Map<String, Object>> sample : SampleEvents.task(function)) {
            if (function.equals("UpgradeFailedFunction")) {
                assertThat(handler(function).handleRequest(sample.event(), null)).containsEntry("failed", true);
            } else {
                assertThatThrownBy(() -> handler(function).handleRequest(sample.event(), null))
                        .as(sample.name()).isInstanceOf(StepFailedException.class);
            }
        }
    }

    @Test
    void theTasksRunInOrderForTheSampleUpgradeAndThrottlingIsTransient() {
        var service = new UpgradeService(accounts, upgrades, (a, u) -> { }, clock, CONSOLE);
        String id = service.request(ACCOUNT, com.mailmoat.core.account.Mode.MONITOR,
                com.mailmoat.core.policy.TargetedTo.EVERYONE).upgrade().upgradeId();
        service.consented(accounts.findById(ACCOUNT).orElseThrow());
        Map<String, Object> input = Map.of("accountId", ACCOUNT, "upgradeId", id);
        assertThat(handler("ValidatePrerequisitesFunction").handleRequest(input, null)).containsEntry("ready", true);
        exchange.throttledCalls = 1;
        assertThatThrownBy(() -> handler("RecordTransportRuleOrderFunction").handleRequest(input, null))
                .isInstanceOf(TransientStepException.class);
        for (String function : taskFunctions().subList(1, 7)) {
            handler(function).handleRequest(input, null);
        }
        assertThat(upgrades.find(ACCOUNT).orElseThrow().status()).isEqualTo(UpgradeStatus.COMPLETED);
        assertThat(exchange.names(FakeMicrosoft.TENANT)).containsExactly("Mailmoat - blocked senders",
                "Mailmoat - blocked domains", "Disclaimer");
    }

    @Test
    void theRuleSyncSampleIsConsumed() {
        RuleSyncHandler handler = new RuleSyncHandler(new RulesKeeper(accounts, upgrades, tasks, exchange, clock),
                new RecordingQueueControl());
        for (SampleEvents.Sample<SQSEvent> sample : SampleEvents.sqs("RuleSyncFunction")) {
            assertThat(handler.handleRequest(sample.event(), null).getBatchItemFailures()).as(sample.name()).isEmpty();
        }
    }
}
