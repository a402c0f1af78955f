package com.mailmoat.consoleapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountService;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.checks.OutboundRegions;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.Evidence;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.domains.DomainVerification;
import com.mailmoat.core.policy.PolicyService;
import com.mailmoat.core.policy.Policy;
import com.mailmoat.core.policy.SenderListEntry;
import com.mailmoat.core.policy.SenderListKind;
import com.mailmoat.core.policy.SenderListService;
import com.mailmoat.core.scan.Scan;
import com.mailmoat.core.scan.ScanFinisher;
import com.mailmoat.core.scan.ScanKind;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.setup.LiveDomainEvidence;
import com.mailmoat.core.setup.SetupChecklist;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.http.SessionRoutes;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryBrandings;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryRemediations;
import com.mailmoat.testkit.RecordingRemediationQueue;
import com.mailmoat.core.remediation.RemediationRequests;
import com.mailmoat.core.remediation.RemediationAction;
import com.mailmoat.core.remediation.RemediationJob;
import com.mailmoat.core.notify.InAppNotification;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.testkit.InMemoryScans;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingScanRequests;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryDirectory;
import com.mailmoat.testkit.InMemoryDns;
import com.mailmoat.testkit.InMemoryDomains;
import com.mailmoat.testkit.InMemoryInAppNotifications;
import com.mailmoat.testkit.InMemoryPolicies;
import com.mailmoat.testkit.InMemoryScans;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingScanRequests;
import com.mailmoat.testkit.SampleEvents;
import com.mailmoat.testkit.InMemoryRealTimeStats;
import com.mailmoat.testkit.InMemorySubscriptions;
import com.mailmoat.core.realtime.RealTimeSummaries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The console-api function's sample events through its handler, signed in as a test account. */
class ConsoleApiHandlerTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final Sessions sessions = new Sessions(new InMemoryTokens(), clock);
    private final InMemoryScans scans = new InMemoryScans();
    private final InMemoryDetections detections = new InMemoryDetections();
    /** The detections the administrator marked "Not a threat" (the learning store's answer). */
    private final java.util.Set<String> declaredNotThreats = new java.util.HashSet<>();
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final RecordingScanRequests scanRequests = new RecordingScanRequests();
    private final InMemoryRemediations remediations = new InMemoryRemediations(detections);
    private final InMemoryInAppNotifications notices = new InMemoryInAppNotifications();
    private final com.mailmoat.testkit.InMemoryEmailChoices emailChoices = new com.mailmoat.testkit.InMemoryEmailChoices();
    private final InMemoryPolicies policies = new InMemoryPolicies();
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final List<String> refreshed = new java.util.ArrayList<>();
    private final InMemorySubscriptions realTime = new InMemorySubscriptions();
    private final InMemoryRealTimeStats realTimeStats = new InMemoryRealTimeStats();
    private final com.mailmoat.testkit.InMemoryAlertRecipients alertRecipients = new com.mailmoat.testkit.InMemoryAlertRecipients();
    private final ConsoleApiHandler handler;
    private String sessionCookie;

    private final com.mailmoat.testkit.InMemoryActivityLog activityLog = new com.mailmoat.testkit.InMemoryActivityLog();
    private final com.mailmoat.testkit.InMemoryLogos logos = new com.mailmoat.testkit.InMemoryLogos();
    /** Logo addresses copied (HttpsLogoFetcherTest covers the real download against a local https server). */
    private final List<String> logosFetched = new java.util.ArrayList<>();
    private static final byte[] LOGO_PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3};

    private com.mailmoat.core.notify.LogoImage fetchLogo(String url) {
        logosFetched.add(url);
        if (url.contains("not-an-image")) {
            throw new com.mailmoat.core.notify.LogoFetcher.LogoUnavailableException("is not a PNG, JPEG, GIF or WebP image");
        }
        return new com.mailmoat.core.notify.LogoImage(LOGO_PNG, "image/png", url);
    }

    ConsoleApiHandlerTest() {
        com.mailmoat.core.activity.Activity activity = new com.mailmoat.core.activity.Activity(activityLog, accounts, clock);
        InMemoryDns dns = new InMemoryDns();
        DomainVerification domains = new DomainVerification(new InMemoryDomains(), dns);
        SetupChecks checks = new SetupChecks(dns, OutboundRegions.defaults());
        AccountService accountService = new AccountService(accounts,
                new SetupChecklist(new LiveDomainEvidence(domains, checks),
                        com.mailmoat.core.setup.ScanEvidence.of(scans, detections, account -> declaredNotThreats), null), clock)
                .withActivity(activity);
        ScanFinisher finisher = new ScanFinisher(scans, detections, accounts, notifications, clock, CONSOLE);
        handler = new ConsoleApiHandler(sessions, SessionRoutes.of(
                new AccountRoutes(accountService, notices, new InMemoryBrandings()).withEmailChoices(emailChoices)
                        .withLogos(logos, this::fetchLogo),
                new DomainRoutes(accounts, domains, checks),
                new ScanRoutes(scans, finisher, scanRequests, accounts, detections, clock),
                new DetectionRoutes(detections),
                new RemediationRoutes(new RemediationRequests(accounts, detections, scans, remediations,
                        new RecordingRemediationQueue(), clock).withActivity(activity), remediations),
                new PolicyRoutes(new PolicyService(policies, directory, accounts, clock).withActivity(activity)),
                new SenderListRoutes(new SenderListService(policies, clock, accountId -> { },
                        accountId -> accounts.findById(accountId).map(a -> a.tenantDomains()).orElse(List.of())).withActivity(activity),
                        accounts),
                new DirectoryRoutes(directory, refreshed::add),
                new RealTimeRoutes(new RealTimeSummaries(accounts, realTime, realTimeStats, clock)),
                new AlertRecipientRoutes(new com.mailmoat.core.recipients.AlertRecipients(alertRecipients, accounts,
                        new InMemoryTokens(), notifications, new com.mailmoat.testkit.InMemoryAttemptCounter(), clock, CONSOLE)
                        .withActivity(activity)),
                new ActivityRoutes(activity)),
                CONSOLE);
    }

    @BeforeEach
    void signedInWithAScanThatFoundAThreat() {
        accounts.create(Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById("acct-1").orElseThrow().withTenant(FakeMicrosoft.TENANT, List.of("contoso.example")));
        sessionCookie = "mm_session=" + sessions.issue("acct-1").token();
        scans.create(Scan.started("acct-1", "20261123T170000Z-1a2b3c4d", FakeMicrosoft.TENANT, ScanKind.FIRST,
                clock.instant().minus(Duration.ofDays(30)), clock.instant(), clock.instant(), 1));
        detections.putIfAbsent(detection("acct-1", "Your invoice is overdue"));
        // What the remediation samples read: a job and its completion notice.
        remediations.create(RemediationJob.started("acct-1", "20261123T173000Z-5e6f7a8b9c0d", RemediationAction.REMOVE,
                FakeMicrosoft.TENANT, "admin@contoso.example", "admin@contoso.example", null, 1, clock.instant()));
        notices.save(new InAppNotification("remediation-20261123T173000Z-5e6f7a8b9c0d", "acct-1",
                NotificationKind.REMEDIATION_COMPLETE, "Threats removed", "Moved to quarantine: 1 of 1 message.",
                clock.instant()));
        directory.replace("acct-1", List.of(new DirectoryRepository.UserEntry("u1", "adele@contoso.example", "Adele Vance",
                Set.of("group-execs"))), List.of(new DirectoryRepository.GroupEntry("group-execs", "Executives", "", 1)),
                clock.instant());
    }

    private Detection detection(String account, String subject) {
        return new Detection(account, Detection.idFor("mbx-1", subject), "20261123T170000Z-1a2b3c4d",
                DetectionSource.SCAN, "mbx-1", "adele@contoso.example", "AAMk-" + subject.hashCode(), "<x@evil.example>",
                "billing@evil.example", "Billing", subject, clock.instant().minusSeconds(3600), "inbox",
                ThreatLevel.MALICIOUS, 11.5, Set.of("PHISHING"),
                List.of(new Evidence("url", "URL_CREDENTIAL_FORM", "Asks for a password", "https://evil.example/login", 6)),
                DetectionStatus.DETECTED, clock.instant());
    }

    static List<SampleEvents.Sample<APIGatewayV2HTTPEvent>> samples() {
        return SampleEvents.http("ConsoleApiFunction");
    }

    private APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event, String cookie) {
        event.setCookies(cookie == null ? null : List.of(cookie));
        return handler.handleRequest(event, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleSucceedsWithASessionAndIs401WithoutOne(SampleEvents.Sample<APIGatewayV2HTTPEvent> sample) throws Exception {
        APIGatewayV2HTTPResponse response = send(sample.event(), sessionCookie);
        assertThat(response.getStatusCode()).as(sample.name() + ": " + response.getBody()).isBetween(200, 299);
        assertThat(Json.MAPPER.readTree(response.getBody()).isObject()).isTrue();

        APIGatewayV2HTTPResponse anonymous = send(sample.event(), null);
        assertThat(anonymous.getStatusCode()).isEqualTo(401);
        assertThat(anonymous.getBody()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void theConsolesChangesAreInTheActivityLogWithTheAdministratorNewestFirstAndOnlyTheirs() throws Exception {
        for (String sample : List.of("ConsoleApiFunction-create-policy.json", "ConsoleApiFunction-import-blocked.json",
                "ConsoleApiFunction-branding.json", "ConsoleApiFunction-remove-threats.json")) {
            APIGatewayV2HTTPResponse done = send(SampleEvents.httpSample(sample), sessionCookie);
            assertThat(done.getStatusCode()).as(sample + ": " + done.getBody()).isBetween(200, 299);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(send(recipientsRequest("POST", "", "{\"email\":\"soc@contoso.example\"}", null), sessionCookie)
                .getStatusCode()).isEqualTo(201);

        JsonNode log = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction-activity.json"), sessionCookie)
                .getBody());
        assertThat(log.path("items")).extracting(i -> i.path("kind").asText()).containsExactly("ALERT_RECIPIENT_ADDED",
                "REMOVAL_STARTED", "BRANDING_CHANGED", "SENDER_LIST_IMPORTED", "POLICY_CREATED");
        assertThat(log.path("items")).allSatisfy(i -> assertThat(i.path("actor").asText()).isEqualTo("admin@contoso.example"));
        assertThat(log.path("items").get(1).path("summary").asText()).startsWith("Started removing 1 message found by the "
                + "Threat Scan of 2026-11-23");
        assertThat(log.path("items").get(3).path("summary").asText()).contains("the Blocked senders list");
        assertThat(log.toString()).doesNotContain("Your invoice is overdue"); // no subject, no message content

        accounts.create(Account.signedUp("acct-2", "admin@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
        JsonNode others = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction-activity.json"),
                "mm_session=" + sessions.issue("acct-2").token()).getBody());
        assertThat(others.path("items")).isEmpty();
    }

    @Test
    void theAccountIsTheSessionsOwn() throws Exception {
        JsonNode body = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction.json"), sessionCookie).getBody());
        assertThat(body.path("email").asText()).isEqualTo("admin@contoso.example");
        assertThat(body.path("mode").asText()).isEqualTo("THREAT_SCAN_ONLY");
        assertThat(body.path("setup").isArray()).isTrue();
    }

    @Test
    void theConnectedTenantIsNamedAndTheScanStepsFollowTheScan() throws Exception {
        Account account = accounts.findById("acct-1").orElseThrow();
        accounts.linkTenant(account.withTenant(FakeMicrosoft.TENANT, List.of("contoso.example"), "Contoso Ltd"));
        JsonNode body = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction.json"), sessionCookie).getBody());
        assertThat(body.path("tenantName").asText()).isEqualTo("Contoso Ltd");
        assertThat(step(body, "threat-scan")).isEqualTo("TODO"); // still running
        assertThat(step(body, "threats-reviewed")).isEqualTo("TODO");

        APIGatewayV2HTTPEvent end = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        end.setRouteKey("POST /api/scans/{id}/end");
        end.setBody("{}");
        end.setPathParameters(Map.of("id", "20261123T170000Z-1a2b3c4d"));
        assertThat(send(end, sessionCookie).getStatusCode()).isEqualTo(200);
        body = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction.json"), sessionCookie).getBody());
        assertThat(step(body, "threat-scan")).isEqualTo("DONE");
        assertThat(step(body, "threats-reviewed")).isEqualTo("TODO"); // its threat is still in the mailbox
        assertThat(step(body, "domains-validated")).isEqualTo("TODO");
        assertThat(step(body, "upgrade")).isEqualTo("TODO");
        assertThat(step(body, "transport-rules")).as("nothing to review before the upgrade").isEqualTo("NOT_AVAILABLE_YET");

        // The administrator says its one threat is not a threat: reviewed. Upgraded: both upgrade steps done.
        detections.forScan("acct-1", "20261123T170000Z-1a2b3c4d").forEach(d -> declaredNotThreats.add(d.detectionId()));
        Account linked = accounts.findById("acct-1").orElseThrow();
        accounts.update(linked.withMode(com.mailmoat.core.account.Mode.MONITOR, linked.targetedTo()));
        body = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction.json"), sessionCookie).getBody());
        assertThat(step(body, "threats-reviewed")).isEqualTo("DONE");
        assertThat(step(body, "upgrade")).isEqualTo("DONE");
        assertThat(step(body, "transport-rules")).isEqualTo("DONE");
    }

    private static String step(JsonNode account, String id) {
        for (JsonNode step : account.path("setup")) {
            if (step.path("id").asText().equals(id)) {
                return step.path("state").asText();
            }
        }
        throw new AssertionError("No step " + id + " in " + account);
    }

    @Test
    void addingADomainAnswers201WithTheTxtRecordToPublish() throws Exception {
        APIGatewayV2HTTPResponse response = send(SampleEvents.httpSample("ConsoleApiFunction-add-domain.json"), sessionCookie);
        assertThat(response.getStatusCode()).isEqualTo(201);
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.path("domain").asText()).isEqualTo("contoso.example");
        assertThat(body.path("txtValue").asText()).startsWith("mailmoat-verification=");
    }

    @Test
    void theDetectionsSampleFindsTheThreatAndItsDetailHasEveryReason() throws Exception {
        JsonNode page = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction-detections.json"), sessionCookie).getBody());
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("nextCursor").isNull()).isTrue();
        String id = page.path("items").get(0).path("id").asText();

        APIGatewayV2HTTPEvent detail = SampleEvents.httpSample("ConsoleApiFunction-detections.json");
        detail.setRouteKey("GET /api/detections/{id}");
        detail.setQueryStringParameters(null);
        detail.setPathParameters(Map.of("id", id));
        JsonNode body = Json.MAPPER.readTree(send(detail, sessionCookie).getBody());
        assertThat(body.path("reasons").get(0).path("evidence").asText()).isEqualTo("https://evil.example/login");
    }

    /** Audit 6: "Showing 1–1 of more than 1" where the scan's threats are counted: one scan's list gives its total. */
    @Test
    void oneScansListGivesItsTotalAndOtherFiltersLeaveItUnknown() throws Exception {
        detections.putIfAbsent(detection("acct-1", "Second threat"));
        detections.putIfAbsent(detection("acct-1", "Third threat"));
        APIGatewayV2HTTPEvent list = SampleEvents.httpSample("ConsoleApiFunction-detections.json");
        list.setQueryStringParameters(Map.of("scanId", "20261123T170000Z-1a2b3c4d", "limit", "1"));
        JsonNode page = Json.MAPPER.readTree(send(list, sessionCookie).getBody());
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("total").asLong()).as("every threat of the scan, not the page").isEqualTo(3);

        list.setQueryStringParameters(Map.of("scanId", "20261123T170000Z-1a2b3c4d", "status", "REMOVED"));
        assertThat(Json.MAPPER.readTree(send(list, sessionCookie).getBody()).path("total").asLong()).isZero();

        list.setQueryStringParameters(Map.of("scanId", "20261123T170000Z-1a2b3c4d", "q", "Third"));
        assertThat(Json.MAPPER.readTree(send(list, sessionCookie).getBody()).path("total").isNull())
                .as("a search is not counted without reading it all").isTrue();
        list.setQueryStringParameters(Map.of("limit", "1"));
        assertThat(Json.MAPPER.readTree(send(list, sessionCookie).getBody()).path("total").isNull()).isTrue();
    }

    /** A saved Targeted To is shown by group name after a reload: the groups asked for by id, the unknown left out. */
    @Test
    void groupsAskedForByIdComeWithTheirNamesAndOnlyTheSessionAccountsOwn() throws Exception {
        APIGatewayV2HTTPEvent groups = SampleEvents.httpSample("ConsoleApiFunction-directory-users.json");
        groups.setRouteKey("GET /api/directory/groups");
        groups.setRawPath("/api/directory/groups");
        groups.setQueryStringParameters(Map.of("ids", "group-execs, no-such-group"));
        JsonNode items = Json.MAPPER.readTree(send(groups, sessionCookie).getBody()).path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("id").asText()).isEqualTo("group-execs");
        assertThat(items.get(0).path("displayName").asText()).isEqualTo("Executives");

        accounts.create(Account.signedUp("acct-2", "admin@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
        String other = "mm_session=" + sessions.issue("acct-2").token();
        assertThat(Json.MAPPER.readTree(send(groups, other).getBody()).path("items")).isEmpty();
    }

    /** Audit 26: the console loaded the logo from the customer's host. It loads our copy, taken once when saved. */
    @Test
    void aSavedLogoIsCopiedOnceAndServedAsAnImageFromOurApiOnlyToItsAccount() throws Exception {
        APIGatewayV2HTTPEvent save = SampleEvents.httpSample("ConsoleApiFunction-branding.json");
        JsonNode saved = Json.MAPPER.readTree(send(save, sessionCookie).getBody());
        assertThat(logosFetched).containsExactly("https://contoso.example/logo.png");
        String logoPath = saved.path("logoPath").asText();
        assertThat(logoPath).startsWith("/api/account/logo?v=");
        JsonNode account = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction.json"), sessionCookie).getBody());
        assertThat(account.path("branding").path("logoPath").asText()).isEqualTo(logoPath);

        APIGatewayV2HTTPEvent logo = SampleEvents.httpSample("ConsoleApiFunction.json");
        logo.setRouteKey("GET /api/account/logo");
        logo.setRawPath("/api/account/logo");
        APIGatewayV2HTTPResponse image = send(logo, sessionCookie);
        assertThat(image.getStatusCode()).isEqualTo(200);
        assertThat(image.getHeaders()).containsEntry("Content-Type", "image/png")
                .containsEntry("X-Content-Type-Options", "nosniff").containsKey("Content-Security-Policy");
        assertThat(image.getIsBase64Encoded()).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(image.getBody())).isEqualTo(LOGO_PNG);

        send(save, sessionCookie);
        assertThat(logosFetched).as("the same address is not downloaded again").hasSize(1);

        accounts.create(Account.signedUp("acct-2", "admin@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
        assertThat(send(logo, "mm_session=" + sessions.issue("acct-2").token()).getStatusCode()).isEqualTo(404);
        assertThat(send(logo, null).getStatusCode()).isEqualTo(401);

        save.setBody("{\"logoUrl\":\"https://contoso.example/not-an-image.html\"}");
        APIGatewayV2HTTPResponse refused = send(save, sessionCookie);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("logoUrl").contains("is not a PNG, JPEG, GIF or WebP image");
        assertThat(Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction.json"), sessionCookie).getBody())
                .path("branding").path("logoUrl").asText()).as("a refused address is not saved").isEqualTo("https://contoso.example/logo.png");

        save.setBody("{\"logoUrl\":null,\"accentColor\":\"#0F6CBD\"}");
        assertThat(Json.MAPPER.readTree(send(save, sessionCookie).getBody()).path("logoPath").isNull()).isTrue();
        assertThat(send(logo, sessionCookie).getStatusCode()).as("the copy goes with the address").isEqualTo(404);
    }

    @Test
    void anotherAccountsScanAndDetectionAre404() throws Exception {
        accounts.create(Account.signedUp("acct-2", "admin@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
        String other = "mm_session=" + sessions.issue("acct-2").token();
        APIGatewayV2HTTPEvent scan = SampleEvents.httpSample("ConsoleApiFunction-scan-progress.json");
        scan.setRouteKey("GET /api/scans/{id}");
        scan.setPathParameters(Map.of("id", "20261123T170000Z-1a2b3c4d"));
        assertThat(send(scan, other).getStatusCode()).isEqualTo(404);
        APIGatewayV2HTTPEvent detection = SampleEvents.httpSample("ConsoleApiFunction-detections.json");
        detection.setRouteKey("GET /api/detections/{id}");
        detection.setPathParameters(Map.of("id", Detection.idFor("mbx-1", "Your invoice is overdue")));
        assertThat(send(detection, other).getStatusCode()).isEqualTo(404);
        JsonNode list = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction-detections.json"), other).getBody());
        assertThat(list.path("items")).isEmpty();
    }

    /** Audit 8: the list could not be exported. A CSV of the whole filter, safe to open in a spreadsheet. */
    @Test
    void theDetectionsOfTheFilterExportAsACsvWhoseFormulaLikeCellsAreText() {
        detections.putIfAbsent(detection("acct-1", "=HYPERLINK(\"https://evil.example\",\"Open\")"));
        Detection suspicious = new Detection("acct-1", Detection.idFor("mbx-1", "newsletter"), null, DetectionSource.REAL_TIME,
                "mbx-1", "adele@contoso.example", "AAMk-news", "<n@ads.example>", "news@ads.example", "@SUM(1+1)",
                "Weekly deals, 50% off", clock.instant().minusSeconds(60), "inbox", ThreatLevel.SUSPICIOUS, 4, Set.of("SPAM"),
                List.of(), DetectionStatus.DETECTED, clock.instant());
        detections.putIfAbsent(suspicious);
        accounts.create(Account.signedUp("acct-2", "admin@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
        detections.putIfAbsent(detection("acct-2", "Fabrikam's own threat"));

        APIGatewayV2HTTPEvent export = SampleEvents.httpSample("ConsoleApiFunction-detections.json");
        export.setRouteKey("GET /api/detections/export");
        export.setQueryStringParameters(Map.of("limit", "1"));
        APIGatewayV2HTTPResponse all = send(export, sessionCookie);
        assertThat(all.getStatusCode()).isEqualTo(200);
        assertThat(all.getHeaders()).containsEntry("Content-Type", "text/csv; charset=utf-8")
                .containsEntry("Content-Disposition", "attachment; filename=\"mailmoat-detections.csv\"");
        List<String> lines = all.getBody().lines().toList();
        assertThat(lines.get(0)).startsWith("received,sender,sender name,subject,mailbox,level");
        assertThat(lines).as("every match, not a page of limit=1; not the other account's").hasSize(4)
                .noneMatch(line -> line.contains("Fabrikam"));
        assertThat(lines.get(1)).as("newest first; a name starting with @ is text, a comma is quoted")
                .startsWith(suspicious.receivedAt() + ",news@ads.example,'@SUM(1+1),\"Weekly deals, 50% off\"");
        assertThat(all.getBody()).contains(",\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Open\"\")\",");

        export.setQueryStringParameters(Map.of("level", "SUSPICIOUS"));
        assertThat(send(export, sessionCookie).getBody().lines()).hasSize(2);
        export.setQueryStringParameters(Map.of("level", "HIGH"));
        assertThat(send(export, sessionCookie).getStatusCode()).as("the list's filter rules").isEqualTo(400);
        export.setCookies(null);
        assertThat(handler.handleRequest(export, null).getStatusCode()).isEqualTo(401);
    }

    /** Audit 7: Block sender on a detection adds just that address, with a note, under the lists' rules. */
    @Test
    void oneSenderIsAddedToTheBlockedListUnderTheListsRules() throws Exception {
        APIGatewayV2HTTPEvent add = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        add.setRouteKey("POST /api/sender-lists/{list}/entries");
        add.setBody("{\"value\":\"Billing@Evil.example\",\"note\":\"Blocked from a detection: Your invoice is overdue\"}");
        APIGatewayV2HTTPResponse added = send(add, sessionCookie);
        assertThat(added.getStatusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(added.getBody());
        assertThat(body.path("alreadyListed").asBoolean()).isFalse();
        assertThat(body.path("entry").path("value").asText()).isEqualTo("billing@evil.example");
        assertThat(body.path("entry").path("addedBy").asText()).isEqualTo("admin@contoso.example");
        assertThat(policies.senderList("acct-1", SenderListKind.BLOCKED)).singleElement()
                .satisfies(e -> assertThat(e.note()).isEqualTo("Blocked from a detection: Your invoice is overdue"));

        add.setBody("{\"value\":\"billing@evil.example\",\"note\":\"again\"}");
        JsonNode again = Json.MAPPER.readTree(send(add, sessionCookie).getBody());
        assertThat(again.path("alreadyListed").asBoolean()).isTrue();
        assertThat(again.path("entry").path("note").asText()).as("the first note stays").startsWith("Blocked from a detection");

        add.setBody("{\"value\":\"contoso.example\"}");
        APIGatewayV2HTTPResponse ownDomain = send(add, sessionCookie);
        assertThat(ownDomain.getStatusCode()).isEqualTo(400);
        assertThat(ownDomain.getBody()).contains("\"field\":\"value\"").contains("your organisation's own domain");
        add.setBody("{\"value\":\"compromised@contoso.example\"}");
        assertThat(send(add, sessionCookie).getStatusCode()).as("one of its addresses can be").isEqualTo(200);

        add.setPathParameters(Map.of("list", "permitted"));
        add.setBody("{\"value\":\"billing@evil.example\"}");
        APIGatewayV2HTTPResponse clash = send(add, sessionCookie);
        assertThat(clash.getStatusCode()).isEqualTo(400);
        assertThat(clash.getBody()).contains("is on your Blocked senders list");
        add.setBody("{\"note\":\"no value\"}");
        assertThat(send(add, sessionCookie).getBody()).contains("\"field\":\"value\"");
        assertThat(policies.senderList("acct-1", SenderListKind.PERMITTED)).isEmpty();
        assertThat(policies.senderList("acct-1", SenderListKind.BLOCKED)).hasSize(2);
    }

    @Test
    void badDetectionFiltersAre400WithEveryProblemListed() {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-detections.json");
        event.setQueryStringParameters(Map.of("level", "HIGH", "limit", "5000", "from", "yesterday"));
        APIGatewayV2HTTPResponse response = send(event, sessionCookie);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("\"level\"").contains("\"limit\"").contains("\"from\"");
    }

    @Test
    void emailChoicesAreTheSessionAccountsAndRefuseWhatIsNotAChoice() throws Exception {
        APIGatewayV2HTTPEvent put = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        put.setRouteKey("PUT /api/account/email-choices");
        put.setRawPath("/api/account/email-choices");
        put.setBody("{\"realTimeAlerts\":false}");
        APIGatewayV2HTTPResponse saved = send(put, sessionCookie);
        assertThat(saved.getStatusCode()).as(saved.getBody()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(saved.getBody()).path("emailChoices").toString())
                .isEqualTo("{\"removals\":true,\"realTimeAlerts\":false}");
        assertThat(emailChoices.find("acct-1")).isEqualTo(new com.mailmoat.core.notify.EmailChoices(true, false));
        assertThat(emailChoices.find("acct-2")).as("another account untouched").isEqualTo(com.mailmoat.core.notify.EmailChoices.ALL);

        put.setBody("{\"removals\":\"off\",\"digest\":true}");
        APIGatewayV2HTTPResponse refused = send(put, sessionCookie);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("\"removals\"").contains("\"digest\"");
        assertThat(send(put, null).getStatusCode()).isEqualTo(401);
    }

    /** Audit (console) 28: a typo in the company name at sign-up can be put right; the rest of the profile is fixed. */
    @Test
    void theCompanyNameCanBeCorrectedUnderTheSignUpRulesAndOnlyForTheSessionsAccount() throws Exception {
        accounts.create(Account.signedUp("acct-other", "admin@fabrikam.example", "Fabrikam", Region.DE, clock.instant()));
        APIGatewayV2HTTPEvent put = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        put.setRouteKey("PUT /api/account/profile");
        put.setRawPath("/api/account/profile");
        put.getRequestContext().getHttp().setMethod("PUT");
        put.setBody("{\"company\":\"  Contoso   Pharmaceuticals Ltd \"}");
        APIGatewayV2HTTPResponse saved = send(put, sessionCookie);
        assertThat(saved.getStatusCode()).as(saved.getBody()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(saved.getBody()).path("company").asText()).isEqualTo("Contoso Pharmaceuticals Ltd");
        assertThat(accounts.findById("acct-1").orElseThrow().company()).isEqualTo("Contoso Pharmaceuticals Ltd");
        assertThat(accounts.findById("acct-other").orElseThrow().company()).as("another account untouched").isEqualTo("Fabrikam");

        put.setBody("{\"company\":\"Visit www.evil.example\",\"region\":\"EU\"}");
        APIGatewayV2HTTPResponse refused = send(put, sessionCookie);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("\"region\"");
        put.setBody("{\"company\":\"Visit www.evil.example\"}");
        refused = send(put, sessionCookie);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("\"company\"");
        assertThat(accounts.findById("acct-1").orElseThrow().company()).isEqualTo("Contoso Pharmaceuticals Ltd");
        assertThat(send(put, null).getStatusCode()).isEqualTo(401);
    }

    private APIGatewayV2HTTPEvent recipientsRequest(String method, String path, String body, String id) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        event.setRouteKey(method + " /api/account/email-recipients" + (id == null ? "" : path));
        event.setRawPath("/api/account/email-recipients" + (id == null ? "" : path.replace("{id}", id)));
        event.getRequestContext().getHttp().setMethod(method);
        event.setPathParameters(id == null ? null : java.util.Map.of("id", id));
        event.setBody(body);
        return event;
    }

    @Test
    void alertRecipientsAreTheSessionAccountsAddedWithFieldErrorsAndRemovedOnlyByThem() throws Exception {
        APIGatewayV2HTTPResponse added = send(recipientsRequest("POST", "", "{\"email\":\"SOC@contoso.example\"}", null),
                sessionCookie);
        assertThat(added.getStatusCode()).as(added.getBody()).isEqualTo(201);
        com.fasterxml.jackson.databind.JsonNode recipient = Json.MAPPER.readTree(added.getBody());
        assertThat(recipient.path("email").asText()).isEqualTo("soc@contoso.example");
        assertThat(recipient.path("state").asText()).isEqualTo("PENDING");
        assertThat(notifications.ofKind(com.mailmoat.core.notify.NotificationKind.ALERT_RECIPIENT_CONFIRM)).singleElement()
                .satisfies(n -> assertThat(n.recipient()).isEqualTo("soc@contoso.example"));

        for (String body : new String[] {"{\"email\":\"not an address\"}", "{\"email\":\"admin@CONTOSO.example\"}",
                "{\"email\":\"soc@contoso.example\"}", "{}"}) {
            APIGatewayV2HTTPResponse refused = send(recipientsRequest("POST", "", body, null), sessionCookie);
            assertThat(refused.getStatusCode()).as(body).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(refused.getBody()).path("details").get(0).path("field").asText()).isEqualTo("email");
        }
        String id = recipient.path("id").asText();
        APIGatewayV2HTTPResponse again = send(recipientsRequest("POST", "/{id}/resend", "{}", id), sessionCookie);
        assertThat(again.getStatusCode()).as("re-sent right after the add").isEqualTo(429);
        assertThat(again.getHeaders()).containsKey("Retry-After");

        accounts.create(Account.signedUp("acct-2", "admin@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
        String other = "mm_session=" + sessions.issue("acct-2").token();
        APIGatewayV2HTTPResponse list = send(recipientsRequest("GET", "", null, null), other);
        assertThat(Json.MAPPER.readTree(list.getBody()).path("recipients")).isEmpty();
        assertThat(send(recipientsRequest("DELETE", "/{id}", null, id), other).getStatusCode()).isEqualTo(404);
        assertThat(send(recipientsRequest("POST", "/{id}/resend", "{}", id), other).getStatusCode()).isEqualTo(404);
        assertThat(send(recipientsRequest("GET", "", null, null), null).getStatusCode()).isEqualTo(401);

        com.fasterxml.jackson.databind.JsonNode mine = Json.MAPPER.readTree(send(recipientsRequest("GET", "", null, null),
                sessionCookie).getBody());
        assertThat(mine.path("max").asInt()).isEqualTo(5);
        assertThat(mine.path("recipients")).hasSize(1);
        assertThat(send(recipientsRequest("DELETE", "/{id}", null, id), sessionCookie).getStatusCode()).isEqualTo(204);
        assertThat(send(recipientsRequest("DELETE", "/{id}", null, id), sessionCookie).getStatusCode()).isEqualTo(404);
    }

    /** Audit: a "from" after the "to" was a 500 (DynamoDB refuses a reversed BETWEEN). */
    @Test
    void aDateRangeTheWrongWayRoundIs400OnTo() throws Exception {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-detections.json");
        event.setQueryStringParameters(Map.of("from", "2026-12-01", "to", "2026-11-01"));
        APIGatewayV2HTTPResponse response = send(event, sessionCookie);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(response.getBody()).path("details").get(0).path("field").asText()).isEqualTo("to");

        event.setQueryStringParameters(Map.of("from", "2026-11-01", "to", "2026-11-01"));
        assertThat(send(event, sessionCookie).getStatusCode()).as("one whole day").isEqualTo(200);
    }

    @Test
    void endingTheRunningScanTwiceAnswers409TheSecondTime() {
        APIGatewayV2HTTPEvent end = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        end.setRouteKey("POST /api/scans/{id}/end");
        end.setBody("{}");
        end.setPathParameters(Map.of("id", "20261123T170000Z-1a2b3c4d"));
        assertThat(send(end, sessionCookie).getStatusCode()).isEqualTo(200);
        assertThat(send(end, sessionCookie).getStatusCode()).isEqualTo(409);
        assertThat(notifications.sent).singleElement()
                .satisfies(n -> assertThat(n.notificationId()).isEqualTo("scan-report-20261123T170000Z-1a2b3c4d"));
    }

    @Test
    void askingForAScanTwiceBeforeItStartsQueuesOneAndBothAnswersNameTheScanThatRuns() throws Exception {
        scans.finish("acct-1", "20261123T170000Z-1a2b3c4d", com.mailmoat.core.scan.ScanStatus.ENDED_EARLY, clock.instant());
        JsonNode first = startScan(202);
        JsonNode second = startScan(202);
        assertThat(first.path("joined").asBoolean()).isFalse();
        assertThat(second.path("joined").asBoolean()).as("a double click").isTrue();
        String id = first.path("id").asText();
        assertThat(second.path("id").asText()).isEqualTo(id);
        assertThat(scanRequests.scanIds).as("one scan queued").containsExactly(id);
        assertThat(currentScanId()).as("Home shows the scan about to start, not the last one").isEqualTo(id);
        assertThat(scanById(id).path("status").asText()).isEqualTo("REQUESTED");

        // The scan-start worker found a daily scan starting at that moment and joined it.
        scans.create(Scan.started("acct-1", "20261123T173000Z-daily", FakeMicrosoft.TENANT, ScanKind.SCHEDULED,
                clock.instant().minus(Duration.ofDays(1)), clock.instant(), clock.instant(), 1));
        scans.requestHandled("acct-1", id, "20261123T173000Z-daily");
        assertThat(scanById(id).path("id").asText()).as("the id answered leads to the scan that runs")
                .isEqualTo("20261123T173000Z-daily");
        assertThat(startScan(409).path("error").asText()).isEqualTo("scan_running");

        // Long after, a request that was never picked up does not hold the next one back.
        scans.finish("acct-1", "20261123T173000Z-daily", com.mailmoat.core.scan.ScanStatus.ENDED_EARLY, clock.instant());
        scans.recordRequest("acct-1", "stuck", clock.instant(), clock.instant().minusSeconds(1));
        clock.advance(Duration.ofMinutes(11));
        JsonNode later = startScan(202);
        assertThat(later.path("joined").asBoolean()).isFalse();
        assertThat(later.path("id").asText()).isNotEqualTo("stuck");
    }

    private JsonNode startScan(int expectedStatus) throws Exception {
        APIGatewayV2HTTPEvent start = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        start.setRouteKey("POST /api/scans");
        start.setBody("{}");
        APIGatewayV2HTTPResponse response = send(start, sessionCookie);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(expectedStatus);
        return Json.MAPPER.readTree(response.getBody());
    }

    private JsonNode scanById(String id) throws Exception {
        APIGatewayV2HTTPEvent one = SampleEvents.httpSample("ConsoleApiFunction-scan-progress.json");
        one.setRouteKey("GET /api/scans/{id}");
        one.setPathParameters(Map.of("id", id));
        APIGatewayV2HTTPResponse response = send(one, sessionCookie);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return Json.MAPPER.readTree(response.getBody());
    }

    @Test
    void homeKeepsShowingTheThreatScanWhenADailyScanFindsNothingButShowsADailyScanThatFoundThreats() throws Exception {
        scans.finish("acct-1", "20261123T170000Z-1a2b3c4d", com.mailmoat.core.scan.ScanStatus.ENDED_EARLY, clock.instant());
        scans.create(Scan.started("acct-1", "20261124T060000Z-quiet", FakeMicrosoft.TENANT, ScanKind.SCHEDULED,
                clock.instant(), clock.instant().plus(Duration.ofHours(13)), clock.instant().plus(Duration.ofHours(13)), 1));
        assertThat(currentScanId()).as("a running daily scan is shown while it runs").isEqualTo("20261124T060000Z-quiet");
        scans.finish("acct-1", "20261124T060000Z-quiet", com.mailmoat.core.scan.ScanStatus.ENDED_EARLY, clock.instant());
        assertThat(currentScanId()).as("then the Threat Scan again").isEqualTo("20261123T170000Z-1a2b3c4d");

        Scan found = Scan.started("acct-1", "20261125T060000Z-found", FakeMicrosoft.TENANT, ScanKind.SCHEDULED,
                clock.instant(), clock.instant().plus(Duration.ofHours(37)), clock.instant().plus(Duration.ofHours(37)), 1);
        scans.create(new Scan(found.accountId(), found.scanId(), found.tenantId(), found.kind(),
                found.status(), found.windowStart(), found.windowEnd(), found.startedAt(), null, 1, 0, 0, 1, 3,
                new com.mailmoat.core.scan.ScanCounts(3, 1, Map.of("MALICIOUS", 1L), Map.of()), null, null));
        scans.finish("acct-1", found.scanId(), com.mailmoat.core.scan.ScanStatus.ENDED_EARLY, clock.instant());
        assertThat(currentScanId()).as("a daily scan that found a threat").isEqualTo("20261125T060000Z-found");
    }

    private String currentScanId() throws Exception {
        APIGatewayV2HTTPResponse response = send(SampleEvents.httpSample("ConsoleApiFunction-scan-progress.json"), sessionCookie);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return Json.MAPPER.readTree(response.getBody()).path("id").asText();
    }

    @Test
    void aPolicyIsCreatedListedAndExplainedAndTheDefaultPolicyCannotBeDeleted() throws Exception {
        APIGatewayV2HTTPResponse created = send(SampleEvents.httpSample("ConsoleApiFunction-create-policy.json"), sessionCookie);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        JsonNode list = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction-policies.json"), sessionCookie).getBody());
        assertThat(list.path("items").findValuesAsText("name")).as("in the order they are tried")
                .containsExactly("Executives", "Default Policy");

        APIGatewayV2HTTPEvent delete = SampleEvents.httpSample("ConsoleApiFunction-policies.json");
        delete.setRouteKey("DELETE /api/policies/{id}");
        delete.setPathParameters(Map.of("id", "default"));
        delete.getRequestContext().getHttp().setMethod("DELETE");
        delete.setHeaders(Map.of("content-type", "application/json"));
        assertThat(send(delete, sessionCookie).getStatusCode()).isEqualTo(409);

        JsonNode effective = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction-effective-policy.json"), sessionCookie).getBody());
        assertThat(effective.path("policyName").asText()).isEqualTo("Executives");
        assertThat(effective.path("reasons").toString()).contains("Executives");
    }

    @Test
    void policySettingsOfTheWrongTypeOrUnknownAre400NotGuessed() {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-create-policy.json");
        event.setBody("{\"name\":123,\"priority\":1.9,\"mode\":\"MONITOR\",\"enabled\":\"yes\",\"target\":\"x\",\"colour\":\"red\"}");
        APIGatewayV2HTTPResponse response = send(event, sessionCookie);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("\"field\":\"name\"").contains("\"field\":\"priority\"")
                .contains("\"field\":\"enabled\"").contains("\"field\":\"target\"").contains("\"field\":\"colour\"");
        assertThat(policies.list("acct-1")).isEmpty();
    }

    @Test
    void twoPoliciesCannotShareAPriorityAndChangesNeedTheVersionRead() throws Exception {
        assertThat(send(SampleEvents.httpSample("ConsoleApiFunction-create-policy.json"), sessionCookie).getStatusCode())
                .isEqualTo(201);
        APIGatewayV2HTTPEvent twin = SampleEvents.httpSample("ConsoleApiFunction-create-policy.json");
        twin.setBody("{\"name\":\"Twin\",\"priority\":50,\"mode\":\"MONITOR\"}");
        APIGatewayV2HTTPResponse clash = send(twin, sessionCookie);
        assertThat(clash.getStatusCode()).isEqualTo(400);
        assertThat(clash.getBody()).contains("is already that of 'Executives'");

        String id = policies.list("acct-1").get(0).id();
        APIGatewayV2HTTPEvent put = SampleEvents.httpSample("ConsoleApiFunction-create-policy.json");
        put.setRouteKey("PUT /api/policies/{id}");
        put.setPathParameters(Map.of("id", id));
        put.setBody("{\"name\":\"Executives\",\"priority\":60,\"mode\":\"PROTECT\",\"enabled\":true,\"engines\":[\"IMPERSONATION\",\"URL\",\"ATTACHMENT\",\"SPAM_BULK\"],\"actions\":{\"MALICIOUS\":\"QUARANTINE\",\"SUSPICIOUS\":\"RECORD\"},\"target\":{\"recipients\":[{\"group\":\"group-execs\"}]}}");
        APIGatewayV2HTTPResponse noVersion = send(put, sessionCookie);
        assertThat(noVersion.getStatusCode()).isEqualTo(400);
        assertThat(noVersion.getBody()).contains("\"field\":\"version\"");
        put.setBody("{\"name\":\"Executives\",\"priority\":50,\"mode\":\"PROTECT\",\"version\":1,\"enabled\":true,\"engines\":[\"IMPERSONATION\",\"URL\",\"ATTACHMENT\",\"SPAM_BULK\"],\"actions\":{\"MALICIOUS\":\"QUARANTINE\",\"SUSPICIOUS\":\"RECORD\"},\"target\":{\"recipients\":[{\"group\":\"group-execs\"}]}}");
        assertThat(send(put, sessionCookie).getStatusCode()).as("its own priority is no clash").isEqualTo(200);

        put.setPathParameters(Map.of("id", "default"));
        put.setBody("{\"name\":\"Renamed\",\"engines\":[\"URL\"],\"version\":0}");
        APIGatewayV2HTTPResponse fixed = send(put, sessionCookie);
        assertThat(fixed.getStatusCode()).isEqualTo(400);
        assertThat(fixed.getBody()).contains("is fixed for the Default Policy");
    }

    /** Audit M6: PUT replaces the whole policy, user or default alike; a field left out is named, never defaulted. */
    @Test
    void aPutWithoutTheWholePolicyNamesEveryMissingFieldAndWidensNothing() throws Exception {
        assertThat(send(SampleEvents.httpSample("ConsoleApiFunction-create-policy.json"), sessionCookie).getStatusCode())
                .isEqualTo(201);
        Policy before = policies.list("acct-1").get(0);
        APIGatewayV2HTTPEvent put = SampleEvents.httpSample("ConsoleApiFunction-create-policy.json");
        put.setRouteKey("PUT /api/policies/{id}");
        put.setPathParameters(Map.of("id", before.id()));
        put.setBody("{\"name\":\"Executives\",\"priority\":50,\"mode\":\"PROTECT\",\"version\":1,\"actions\":{\"MALICIOUS\":\"QUARANTINE\"}}");
        APIGatewayV2HTTPResponse partial = send(put, sessionCookie);
        assertThat(partial.getStatusCode()).isEqualTo(400);
        assertThat(partial.getBody()).contains("\"field\":\"target\"").contains("\"field\":\"enabled\"")
                .contains("\"field\":\"engines\"").contains("\"field\":\"actions.SUSPICIOUS\"");
        assertThat(policies.list("acct-1").get(0)).as("nothing widened").isEqualTo(before);

        put.setPathParameters(Map.of("id", "default"));
        put.setBody("{\"engines\":[\"URL\",\"ATTACHMENT\",\"IMPERSONATION\",\"SPAM_BULK\"],\"version\":0}");
        APIGatewayV2HTTPResponse defaults = send(put, sessionCookie);
        assertThat(defaults.getStatusCode()).as("the Default Policy alike").isEqualTo(400);
        assertThat(defaults.getBody()).contains("\"field\":\"actions\"");
    }

    /** Audit M5: no engine is refused, NONE on malicious is refused, RECORD or an engine switched off needs confirm. */
    @Test
    void aPolicyThatWouldLetMaliciousMailThroughIsRefusedOrConfirmed() throws Exception {
        APIGatewayV2HTTPEvent put = SampleEvents.httpSample("ConsoleApiFunction-create-policy.json");
        put.setRouteKey("PUT /api/policies/{id}");
        put.setPathParameters(Map.of("id", "default"));
        put.setBody("{\"engines\":[],\"actions\":{\"MALICIOUS\":\"NONE\",\"SUSPICIOUS\":\"NONE\"},\"version\":0}");
        APIGatewayV2HTTPResponse refused = send(put, sessionCookie);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("\"field\":\"engines\"").contains("\"field\":\"actions.MALICIOUS\"");

        put.setBody("{\"engines\":[\"URL\"],\"actions\":{\"MALICIOUS\":\"RECORD\",\"SUSPICIOUS\":\"NONE\"},\"version\":0}");
        APIGatewayV2HTTPResponse unconfirmed = send(put, sessionCookie);
        assertThat(unconfirmed.getStatusCode()).isEqualTo(400);
        JsonNode asked = Json.MAPPER.readTree(unconfirmed.getBody());
        assertThat(asked.path("error").asText()).isEqualTo("confirmation_required");
        assertThat(asked.path("details").toString()).contains("ATTACHMENT").contains("leaves malicious mail in the mailbox");
        assertThat(policies.list("acct-1")).as("nothing saved").isEmpty();

        put.setBody("{\"engines\":[\"URL\"],\"actions\":{\"MALICIOUS\":\"RECORD\",\"SUSPICIOUS\":\"NONE\"},\"version\":0,\"confirm\":true}");
        assertThat(send(put, sessionCookie).getStatusCode()).isEqualTo(200);
    }

    /** Audit (low): one answer lists every field's problem, with the same words for the mode wherever it is refused. */
    @Test
    void everyFieldErrorComesInOneAnswerWithOneWordingForTheMode() throws Exception {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-create-policy.json");
        event.setBody("{\"name\":\"\",\"priority\":0,\"mode\":\"LOUD\",\"engines\":[\"X\"]}");
        JsonNode bad = Json.MAPPER.readTree(send(event, sessionCookie).getBody());
        assertThat(bad.path("details").findValuesAsText("field")).contains("name", "priority", "mode", "engines");
        event.setBody("{\"name\":\"A\",\"priority\":5,\"mode\":\"THREAT_SCAN_ONLY\"}");
        JsonNode tso = Json.MAPPER.readTree(send(event, sessionCookie).getBody());
        assertThat(bad.path("details").toString()).contains("must be PROTECT, MONITOR or DISABLED");
        assertThat(tso.path("details").toString()).contains("must be PROTECT, MONITOR or DISABLED");
    }

    /** Audit H4: with the account Disabled, the effective policy says nothing is checked, whatever a policy says. */
    @Test
    void theEffectivePolicyFollowsADisabledAccount() throws Exception {
        assertThat(send(SampleEvents.httpSample("ConsoleApiFunction-create-policy.json"), sessionCookie).getStatusCode())
                .isEqualTo(201);
        Account current = accounts.findById("acct-1").orElseThrow();
        accounts.update(current.withMode(com.mailmoat.core.account.Mode.DISABLED, current.targetedTo()));
        JsonNode effective = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction-effective-policy.json"),
                sessionCookie).getBody());
        assertThat(effective.path("policyName").asText()).isEqualTo("Executives");
        assertThat(effective.path("mode").asText()).isEqualTo("DISABLED");
        assertThat(effective.path("onMalicious").asText()).isEqualTo("NONE");
        assertThat(effective.path("reasons").toString()).contains("Real-time protection is off for the account (mode Disabled)");
    }

    /** Audit H1/H3: the Allowed list refuses the own and common domains; wildcard spellings are the domain, said so. */
    @Test
    void allowedListRulesAndWildcardsAreExplained() throws Exception {
        APIGatewayV2HTTPEvent add = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        add.setRouteKey("POST /api/sender-lists/{list}/entries");
        add.setPathParameters(Map.of("list", "permitted"));
        for (String value : List.of("contoso.example", "mail.contoso.example", "gmail.com", "*@gmail.com")) {
            add.setBody("{\"value\":\"" + value + "\"}");
            APIGatewayV2HTTPResponse refused = send(add, sessionCookie);
            assertThat(refused.getStatusCode()).as(value).isEqualTo(400);
            assertThat(refused.getBody()).as(value).contains("\"field\":\"value\"");
        }
        add.setBody("{\"value\":\"someone@gmail.com\"}");
        assertThat(send(add, sessionCookie).getStatusCode()).as("one address at a free-mail domain").isEqualTo(200);

        add.setPathParameters(Map.of("list", "blocked"));
        add.setBody("{\"value\":\"*@Evil.example\"}");
        JsonNode blocked = Json.MAPPER.readTree(send(add, sessionCookie).getBody());
        assertThat(blocked.path("entry").path("value").asText()).isEqualTo("evil.example");
        assertThat(blocked.path("notice").asText()).contains("was entered as the domain evil.example");
        add.setBody("{\"value\":\"*.evil.example\"}");
        assertThat(Json.MAPPER.readTree(send(add, sessionCookie).getBody()).path("alreadyListed").asBoolean()).isTrue();
        add.setBody("{\"value\":\"bad*@evil.example\"}");
        APIGatewayV2HTTPResponse wildcard = send(add, sessionCookie);
        assertThat(wildcard.getStatusCode()).isEqualTo(400);
        assertThat(wildcard.getBody()).contains("wildcard");

        APIGatewayV2HTTPEvent imported = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        imported.setPathParameters(Map.of("list", "permitted"));
        imported.setBody("{\"csv\":\"value,note\\npartner.example\\nnot a domain\\ncontoso.example\\n*@ok.example\\nevil.example\",\"mode\":\"add\"}");
        JsonNode csv = Json.MAPPER.readTree(send(imported, sessionCookie).getBody());
        assertThat(csv.path("details").findValuesAsText("field")).as("every bad line by its number, in order")
                .containsExactly("line 3", "line 4", "line 6");
        imported.setBody("{\"csv\":\"*@ok.example\",\"mode\":\"add\"}");
        JsonNode ok = Json.MAPPER.readTree(send(imported, sessionCookie).getBody());
        assertThat(ok.path("notices").toString()).contains("line 1").contains("ok.example");
    }

    @Test
    void aPolicyNamingAnUnknownGroupOrABadModeIs400WithEveryProblemAndNothingSaved() throws Exception {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-create-policy.json");
        event.setBody("{\"name\":\"\",\"priority\":0,\"mode\":\"LOUD\",\"target\":{\"recipients\":[{\"group\":\"nope\"},\"not an address\"]}}");
        APIGatewayV2HTTPResponse response = send(event, sessionCookie);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("\"mode\"").contains("target.recipients");
        assertThat(policies.list("acct-1")).isEmpty();
    }

    @Test
    void aCsvImportWithABadLineAppliesNothingAndNamesTheLine() {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        event.setBody("{\"csv\":\"good.example\\nnot a domain\\nalso-good.example\",\"mode\":\"replace\"}");
        APIGatewayV2HTTPResponse response = send(event, sessionCookie);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("line 2");
        assertThat(policies.senderList("acct-1", SenderListKind.BLOCKED)).isEmpty();
        assertThat(send(SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json"), sessionCookie).getStatusCode()).isEqualTo(200);
        assertThat(policies.senderList("acct-1", SenderListKind.BLOCKED)).extracting(SenderListEntry::value)
                .containsExactly("bad-actor.example", "ceo.lookalike@outlook.example");
    }

    @Test
    void aSenderCannotBeBothBlockedAndAllowed() {
        assertThat(send(SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json"), sessionCookie).getStatusCode())
                .isEqualTo(200); // bad-actor.example is blocked
        APIGatewayV2HTTPEvent allow = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        allow.setRouteKey("PUT /api/sender-lists/{list}");
        allow.setPathParameters(Map.of("list", "permitted"));
        allow.setBody("{\"entries\":[{\"value\":\"partner.example\"},{\"value\":\"Bad-Actor.example\"}]}");
        APIGatewayV2HTTPResponse refused = send(allow, sessionCookie);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("entries[1]").contains("'bad-actor.example' is on your Blocked senders list");
        APIGatewayV2HTTPEvent importAllowed = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        importAllowed.setPathParameters(Map.of("list", "permitted"));
        importAllowed.setBody("{\"csv\":\"bad-actor.example\",\"mode\":\"add\"}");
        assertThat(send(importAllowed, sessionCookie).getBody()).contains("is on your Blocked senders list");
        assertThat(policies.senderList("acct-1", SenderListKind.PERMITTED)).as("nothing applied").isEmpty();
    }

    @Test
    void theOrganisationsOwnDomainCannotBeBlockedButOneOfItsAddressesCan() throws Exception {
        APIGatewayV2HTTPEvent block = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        block.setRouteKey("PUT /api/sender-lists/{list}");
        block.setBody("{\"entries\":[{\"value\":\"compromised@contoso.example\"},{\"value\":\"Mail.Contoso.example\"}]}");
        APIGatewayV2HTTPResponse refused = send(block, sessionCookie);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("entries[1]").contains("your organisation's own domain");
        APIGatewayV2HTTPEvent imported = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        imported.setBody("{\"csv\":\"contoso.example\",\"mode\":\"add\"}");
        assertThat(send(imported, sessionCookie).getBody()).contains("your organisation's own domain");
        assertThat(policies.senderList("acct-1", SenderListKind.BLOCKED)).as("nothing applied").isEmpty();

        block.setBody("{\"entries\":[{\"value\":\"compromised@contoso.example\"},{\"value\":\"spam@bulk.example\"}]}");
        APIGatewayV2HTTPResponse kept = send(block, sessionCookie);
        assertThat(kept.getStatusCode()).isEqualTo(200);
        // Kept, but Exchange's rules cannot hold it back: the entry says so, and what Mailmoat still does.
        assertThat(kept.getBody()).contains("\"notice\":\"This is an address of your own organisation: Exchange cannot "
                + "hold back mail from inside your organisation");
        APIGatewayV2HTTPEvent list = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        list.setRouteKey("GET /api/sender-lists/{list}");
        JsonNode entries = Json.MAPPER.readTree(send(list, sessionCookie).getBody()).path("entries");
        assertThat(entries.get(0).path("notice").asText()).contains("Protect moves it to quarantine");
        assertThat(entries.get(1).path("notice").isNull()).as("an outside sender: Exchange holds it back").isTrue();

        APIGatewayV2HTTPEvent add = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        add.setRouteKey("POST /api/sender-lists/{list}/entries");
        add.setBody("{\"value\":\"*@contoso.example\"}");
        assertThat(send(add, sessionCookie).getStatusCode()).as("the own domain, however spelt").isEqualTo(400);
        add.setBody("{\"value\":\"Payroll@Contoso.example\"}");
        JsonNode added = Json.MAPPER.readTree(send(add, sessionCookie).getBody());
        assertThat(added.path("notice").asText()).startsWith("This is an address of your own organisation");
        assertThat(added.path("entry").path("notice").asText()).isEqualTo(added.path("notice").asText());
    }

    /** Audit #8: Home's Remove Threats follows what still waits, read from the detections, not from the browser. */
    @Test
    void aFinishedScanSaysHowManyOfItsThreatsStillWaitAndWhatBecameOfTheOthers() throws Exception {
        String scanId = "20261123T170000Z-1a2b3c4d";
        detections.putIfAbsent(detection("acct-1", "Payment advice"));
        Detection released = detection("acct-1", "Voicemail");
        detections.putIfAbsent(released.withStatus(DetectionStatus.RELEASED, released.trail()));
        APIGatewayV2HTTPResponse running = send(SampleEvents.httpSample("ConsoleApiFunction-scan-progress.json"), sessionCookie);
        assertThat(Json.MAPPER.readTree(running.getBody()).has("threatsWaiting")).as("not counted while it runs").isFalse();

        scans.finish("acct-1", scanId, com.mailmoat.core.scan.ScanStatus.ENDED_EARLY, clock.instant());
        JsonNode scan = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction-scan-progress.json"),
                sessionCookie).getBody());
        assertThat(scan.path("threatsWaiting").asLong()).isEqualTo(2);
        assertThat(scan.path("threatsByStatus").path("RELEASED").asLong()).isEqualTo(1);

        for (Detection d : detections.forScan("acct-1", scanId)) {
            if (d.status() == DetectionStatus.DETECTED) {
                detections.replace(d.withStatus(DetectionStatus.REMOVED, d.trail()));
            }
        }
        scan = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction-scan-progress.json"),
                sessionCookie).getBody());
        assertThat(scan.path("threatsWaiting").asLong()).as("after a reload as well: nothing waits").isZero();
        assertThat(scan.path("threatsByStatus").path("REMOVED").asLong()).isEqualTo(2);
        assertThat(scan.path("threatsByStatus").path("RELEASED").asLong()).isEqualTo(1);
    }

    /** Audit #7: a scan's history row says where the threats a later scan took over are listed now. */
    @Test
    void aScanWhoseThreatsALaterScanTookOverSaysWhereTheyAreListedNow() throws Exception {
        String first = "20261120T090000Z-first";
        String later = "20261123T231500Z-later";
        scans.finish("acct-1", "20261123T170000Z-1a2b3c4d", com.mailmoat.core.scan.ScanStatus.ENDED_EARLY, clock.instant());
        scans.create(new Scan("acct-1", first, FakeMicrosoft.TENANT, ScanKind.MANUAL, com.mailmoat.core.scan.ScanStatus.RUNNING,
                clock.instant().minus(Duration.ofDays(33)), clock.instant().minus(Duration.ofDays(3)),
                clock.instant().minus(Duration.ofDays(3)), null, 1, 0, 0, 1, 3,
                new com.mailmoat.core.scan.ScanCounts(3, 3, Map.of("MALICIOUS", 3L), Map.of()), null, null));
        scans.finish("acct-1", first, com.mailmoat.core.scan.ScanStatus.ENDED_EARLY, clock.instant().minus(Duration.ofDays(3)));
        scans.create(Scan.started("acct-1", later, FakeMicrosoft.TENANT, ScanKind.MANUAL,
                clock.instant().minus(Duration.ofDays(30)), clock.instant(), Instant.parse("2026-11-23T23:15:00Z"), 1));
        for (String subject : List.of("One", "Two", "Three")) {
            Detection d = detection("acct-1", subject);
            detections.putIfAbsent(new Detection(d.accountId(), d.detectionId(), subject.equals("One") ? first : later,
                    d.source(), d.mailboxId(), d.mailbox(), d.messageId(), d.internetMessageId(), d.sender(),
                    d.senderName(), d.subject(), d.receivedAt(), d.folderId(), d.level(), d.score(), d.categories(),
                    d.reasons(), d.status(), d.detectedAt(), d.trail()));
        }
        scans.recordFoundAgain("acct-1", first, later);

        APIGatewayV2HTTPEvent history = SampleEvents.httpSample("ConsoleApiFunction-scan-progress.json");
        history.setRouteKey("GET /api/scans");
        history.setRawPath("/api/scans");
        history.getRequestContext().setRouteKey("GET /api/scans");
        history.getRequestContext().getHttp().setPath("/api/scans");
        JsonNode rows = Json.MAPPER.readTree(send(history, sessionCookie).getBody()).path("items");
        JsonNode row = java.util.stream.StreamSupport.stream(rows.spliterator(), false)
                .filter(r -> r.path("id").asText().equals(first)).findFirst().orElseThrow();
        assertThat(row.path("threatsFound").asLong()).isEqualTo(3);
        assertThat(row.path("threatsListed").asLong()).isEqualTo(1);
        assertThat(row.path("threatsFoundAgainBy").asText()).isEqualTo(later);
        assertThat(row.path("threatsFoundAgainByStartedAt").asText()).isEqualTo("2026-11-23T23:15:00Z");
    }

    @Test
    void aUsersOwnSendersBelongToAUserOfTheOrganisationAndAreNotBothAllowedAndBlocked() {
        APIGatewayV2HTTPEvent managed = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        managed.setRouteKey("PUT /api/managed-senders");
        managed.setPathParameters(null);
        managed.setBody("{\"user\":\"someone@othercompany.example\",\"permitted\":[\"news.example\"],\"blocked\":[\"News.example\"]}");
        APIGatewayV2HTTPResponse refused = send(managed, sessionCookie);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("\"field\":\"user\"").contains("an address of your organisation")
                .contains("\"field\":\"blocked[0]\"");

        managed.setBody("{\"user\":\"adele@contoso.example\",\"permitted\":[\"news.example\"]}");
        assertThat(send(managed, sessionCookie).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aRequestThatDoesNotNameTheListCannotEmptyIt() {
        assertThat(send(SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json"), sessionCookie).getStatusCode())
                .isEqualTo(200);
        APIGatewayV2HTTPEvent noEntries = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        noEntries.setRouteKey("PUT /api/sender-lists/{list}");
        noEntries.setBody("{}");
        APIGatewayV2HTTPResponse refused = send(noEntries, sessionCookie);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("\"field\":\"entries\"");
        APIGatewayV2HTTPEvent emptyFile = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        emptyFile.setBody("{\"csv\":\"value,note\\n\",\"mode\":\"replace\"}");
        assertThat(send(emptyFile, sessionCookie).getStatusCode()).isEqualTo(400);
        assertThat(policies.senderList("acct-1", SenderListKind.BLOCKED)).hasSize(2);

        noEntries.setBody("{\"entries\":[]}");
        assertThat(send(noEntries, sessionCookie).getStatusCode()).as("emptied on purpose").isEqualTo(200);
        assertThat(policies.senderList("acct-1", SenderListKind.BLOCKED)).isEmpty();
    }

    @Test
    void savingAListKeepsWhoAddedEachEntryAndWhenByTheirAddress() {
        APIGatewayV2HTTPEvent put = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        put.setRouteKey("PUT /api/sender-lists/{list}");
        put.setBody("{\"entries\":[{\"value\":\"spam@bad.example\"}]}");
        assertThat(send(put, sessionCookie).getStatusCode()).isEqualTo(200);
        SenderListEntry first = policies.senderList("acct-1", SenderListKind.BLOCKED).get(0);
        assertThat(first.addedBy()).isEqualTo("admin@contoso.example");

        clock.advance(java.time.Duration.ofMinutes(3));
        put.setBody("{\"entries\":[{\"value\":\"spam@bad.example\",\"note\":\"Known spammer\"},{\"value\":\"new@bad.example\"}]}");
        assertThat(send(put, sessionCookie).getStatusCode()).isEqualTo(200);
        List<SenderListEntry> after = policies.senderList("acct-1", SenderListKind.BLOCKED);
        assertThat(after.get(0).addedAt()).isEqualTo(first.addedAt());
        assertThat(after.get(0).note()).isEqualTo("Known spammer");
        assertThat(after.get(1).addedAt()).isEqualTo(clock.instant());
    }

    @Test
    void exportedFormulaLikeCellsAreTextAndComeBackUnchanged() throws Exception {
        APIGatewayV2HTTPEvent put = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        put.setRouteKey("PUT /api/sender-lists/{list}");
        put.setBody("{\"entries\":[{\"value\":\"-2+3@x.example\",\"note\":\"=1+1, says \\\"finance\\\"\"}]}");
        assertThat(send(put, sessionCookie).getStatusCode()).isEqualTo(200);
        APIGatewayV2HTTPEvent export = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        export.setRouteKey("GET /api/sender-lists/{list}/export");
        export.setBody(null);
        String csv = send(export, sessionCookie).getBody();
        assertThat(csv).isEqualTo("value,note\n'-2+3@x.example,\"'=1+1, says \"\"finance\"\"\"\n");

        APIGatewayV2HTTPEvent reimport = SampleEvents.httpSample("ConsoleApiFunction-import-blocked.json");
        reimport.setBody(Json.write(Map.of("csv", csv, "mode", "replace")));
        assertThat(send(reimport, sessionCookie).getStatusCode()).isEqualTo(200);
        assertThat(policies.senderList("acct-1", SenderListKind.BLOCKED)).singleElement().satisfies(e -> {
            assertThat(e.value()).isEqualTo("-2+3@x.example");
            assertThat(e.note()).isEqualTo("=1+1, says \"finance\"");
        });
    }

    @Test
    void aDomainAddedByMistakeCanBeRemovedAndOnlyTheAccountsOwn() {
        APIGatewayV2HTTPEvent add = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        add.setBody("{\"domain\":\"contsoo.example\"}");
        assertThat(send(add, sessionCookie).getStatusCode()).isEqualTo(201);
        APIGatewayV2HTTPEvent remove = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        remove.setRouteKey("DELETE /api/domains/{domain}");
        remove.setBody(null);
        remove.setPathParameters(Map.of("domain", "contsoo.example"));
        remove.getRequestContext().getHttp().setMethod("DELETE");
        remove.setHeaders(Map.of());

        String otherAccount = "mm_session=" + sessions.issue("acct-2").token();
        assertThat(send(remove, otherAccount).getStatusCode()).as("not another account's").isIn(401, 404);
        assertThat(send(remove, sessionCookie).getStatusCode()).isEqualTo(204);
        assertThat(send(remove, sessionCookie).getStatusCode()).isEqualTo(404);
        APIGatewayV2HTTPEvent domains = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        domains.setRouteKey("GET /api/domains");
        domains.setBody(null);
        domains.getRequestContext().getHttp().setMethod("GET");
        assertThat(send(domains, sessionCookie).getBody()).doesNotContain("contsoo.example").contains("contoso.example");
    }

    @Test
    void anInvalidDomainIs400NamingTheField() {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        event.setBody("{\"domain\":\"not a domain\"}");
        APIGatewayV2HTTPResponse response = send(event, sessionCookie);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("\"field\":\"domain\"");
    }

    /** Finding 4: verifying "..", "localhost", CR LF or "-a.example" was a 500. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"..", "localhost", "\r\n", "-a.example", "a..b",
            "a/b", "", " ", "\u0000", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.example", "<script>", "xn--", "a.b-", "%0D%0A", "é.example"})
    void verifyingSomethingThatIsNoDomainIs400Or404(String domain) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        event.setRouteKey("POST /api/domains/{domain}/verify");
        event.setRawPath("/api/domains/x/verify");
        event.setBody("{}");
        event.setPathParameters(java.util.Map.of("domain", domain));
        APIGatewayV2HTTPResponse response = send(event, sessionCookie);
        assertThat(response.getStatusCode()).as(domain).isIn(400, 404);
        assertThat(response.getBody()).contains("\"error\"").doesNotContain("<script>");
    }
}
